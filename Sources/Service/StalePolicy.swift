/// What a placement or ranking does with a registered cluster whose data center is stale
/// (no report for ``ServiceOptions/staleAfter`` seconds) or, when it is followed through
/// `dcinfoSource`, has not reported yet: `exclude` it (the default; the reason is given
/// in `dataCenters`), or `use` its last report (or its registration) as if current.
public enum StalePolicy: String, Sendable, Hashable, Codable {
    case exclude, use
}
