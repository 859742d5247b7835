/// The body of `GET /healthz`: `ok`, the topology version served, the number of PIDs and
/// of data centers that have reported.
public struct Health: Sendable, Hashable, Codable {
    public var status: String
    public var topologyVersion: Int64
    public var pids: Int
    public var dataCenters: Int
}
