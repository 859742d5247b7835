import ALTO

/// The body of `GET /healthz`: whether the server can take work now, what it serves, and
/// how loaded it is.
///
/// `status` is `ok`, or `saturated` when every concurrency slot or every connection is
/// taken (then the route answers 503, so a load balancer sends work elsewhere).
public struct Health: Sendable, Hashable, Codable {
    public var status: String
    public var topologyVersion: Int64
    public var pids: Int
    public var dataCenters: Int
    /// Requests being handled, and the most that may be (setting maxConcurrent).
    public var requestsInFlight: Int
    public var requestLimit: Int
    /// Open connections, and the most that may be (setting maxConnections).
    public var connections: Int
    public var connectionLimit: Int
    /// Push (server-sent events) clients connected.
    public var pushClients: Int

    public init(
        status: String, topologyVersion: Int64, pids: Int, dataCenters: Int, requestsInFlight: Int = 0,
        requestLimit: Int = 0, connections: Int = 0, connectionLimit: Int = 0, pushClients: Int = 0
    ) {
        self.status = status
        self.topologyVersion = topologyVersion
        self.pids = pids
        self.dataCenters = dataCenters
        self.requestsInFlight = requestsInFlight
        self.requestLimit = requestLimit
        self.connections = connections
        self.connectionLimit = connectionLimit
        self.pushClients = pushClients
    }

    /// The document as `DocumentEncoding` writes it (keys sorted, newline), built without
    /// `JSONEncoder`: this is the route load balancers poll, and the encoder was a third of
    /// its cost. A test keeps the two identical.
    public var json: String {
        "{\"connectionLimit\":\(connectionLimit),\"connections\":\(connections),\"dataCenters\":\(dataCenters),"
            + "\"pids\":\(pids),\"pushClients\":\(pushClients),\"requestLimit\":\(requestLimit),"
            + "\"requestsInFlight\":\(requestsInFlight),\"status\":\(JSONText.quoted(status)),"
            + "\"topologyVersion\":\(topologyVersion)}\n"
    }
}
