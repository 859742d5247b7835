/// How ``Topology/resolved(_:)`` fills in what a topology file leaves out.
public struct ResolutionOptions: Sendable, Hashable {
    /// Delay in ms for a link with no explicit delay whose endpoints cannot both be placed
    /// on the globe; must be finite and ≥ 0. Default `nil`: such a link is an error.
    /// Every link that falls back to it is named in ``ResolvedTopology/warnings``.
    public var defaultDelay: Double?

    public init(defaultDelay: Double? = nil) {
        self.defaultDelay = defaultDelay
    }
}
