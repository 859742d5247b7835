import ALTO

/// The body of `GET /healthz`: `ok`, the topology version served, the number of PIDs and
/// of data centers that have reported.
public struct Health: Sendable, Hashable, Codable {
    public var status: String
    public var topologyVersion: Int64
    public var pids: Int
    public var dataCenters: Int

    public init(status: String, topologyVersion: Int64, pids: Int, dataCenters: Int) {
        self.status = status
        self.topologyVersion = topologyVersion
        self.pids = pids
        self.dataCenters = dataCenters
    }

    /// The document as `DocumentEncoding` writes it (keys sorted, newline), built without
    /// `JSONEncoder`: this is the route load balancers poll, and the encoder was a third of
    /// its cost. A test keeps the two identical.
    public var json: String {
        "{\"dataCenters\":\(dataCenters),\"pids\":\(pids),\"status\":\(JSONText.quoted(status)),"
            + "\"topologyVersion\":\(topologyVersion)}\n"
    }
}
