/// What an ``ALTOServer`` serves.
public enum ServerRole: String, Sendable, Hashable {
    /// `altoplace serve`: every resource, and it follows registered clusters' agents.
    case centre
    /// `altoplace agent`: one data center's ALTO interface (draft-lee Figure 1) —
    /// `GET /getdcinfo` (the draft's single-object shape) and its push stream, `/directory`
    /// listing it, and the operational routes; it follows nobody.
    case agent
}
