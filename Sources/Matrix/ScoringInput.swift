/// The inputs of one batched scoring call: `F` functions, `U` traffic sources,
/// `C` candidate clusters. All matrices are row-major `Float`.
///
/// Validated once, on construction, so scoring the same input again costs
/// nothing extra.
public struct ScoringInput: Sendable {
    /// F, the number of functions (rows of the result).
    public let functionCount: Int
    /// U, the number of traffic sources.
    public let sourceCount: Int
    /// C, the number of candidate clusters (columns of the result).
    public let clusterCount: Int
    /// F × U traffic rates (any unit, ≥ 0): how much each function's users at each
    /// source send.
    public let traffic: [Float]
    /// U × C network cost per unit of traffic from each source to each cluster
    /// (e.g. ms of delay); `+infinity` where the cluster is unreachable.
    public let cost: [Float]
    /// F × C extra cost per function and cluster (licences, egress fees), or nil.
    public let extra: [Float]?
    /// U × C latency (ms) for the latency bound; nil means `cost` is the latency.
    public let latency: [Float]?
    /// Per function, the largest latency (ms) allowed from any of its sources
    /// (sources with traffic > 0); nil, or `+infinity` in an entry, for no bound.
    public let maxLatency: [Float]?

    /// Validates and stores a batch.
    /// - Throws: ``ScoringInputError`` listing every wrong shape or value.
    public init(
        functionCount: Int, sourceCount: Int, clusterCount: Int, traffic: [Float], cost: [Float],
        extra: [Float]? = nil, latency: [Float]? = nil, maxLatency: [Float]? = nil
    ) throws(ScoringInputError) {
        self.functionCount = functionCount
        self.sourceCount = sourceCount
        self.clusterCount = clusterCount
        self.traffic = traffic
        self.cost = cost
        self.extra = extra
        self.latency = latency
        self.maxLatency = maxLatency
        let problems = Self.problems(self)
        if !problems.isEmpty { throw ScoringInputError(problems: problems) }
    }

    /// Every problem with the shapes and values, empty when the input is usable.
    static func problems(_ input: ScoringInput) -> [String] {
        let (functionCount, sourceCount, clusterCount) = (input.functionCount, input.sourceCount, input.clusterCount)
        let (traffic, cost, extra, latency, maxLatency) = (
            input.traffic, input.cost, input.extra, input.latency, input.maxLatency
        )
        var out: [String] = []
        let f = functionCount, u = sourceCount, c = clusterCount
        if f < 0 || u < 0 || c < 0 { out.append("negative dimension: F=\(f) U=\(u) C=\(c)") }
        func check(_ name: String, _ values: [Float]?, _ count: Int, allowInfinity: Bool) {
            guard let values else { return }
            if values.count != count { out.append("\(name) has \(values.count) values, expected \(count)") }
            if let bad = values.firstIndex(where: { $0.isNaN || $0 < 0 || (!allowInfinity && $0.isInfinite) }) {
                out.append("\(name)[\(bad)] = \(values[bad]): must be a non-negative number")
            }
        }
        check("traffic", traffic, f * u, allowInfinity: false)
        check("cost", cost, u * c, allowInfinity: true)
        check("extra", extra, f * c, allowInfinity: false)
        check("latency", latency, u * c, allowInfinity: true)
        check("maxLatency", maxLatency, f, allowInfinity: true)
        return out
    }
}
