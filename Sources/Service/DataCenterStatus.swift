public import ALTO

/// How a registered cluster's data center stood when a placement or ranking used it: the
/// dcid whose reports give its usage, the newest report's age (s) and staleness, and why
/// the cluster was left out, if it was.
public struct DataCenterStatus: Sendable, Hashable, Codable {
    public var cluster: String
    public var dcid: DataCenterID?
    public var age: Double?
    public var stale: Bool
    /// Why the cluster was left out (a stale or silent data center), or `nil`.
    public var excluded: String?

    public init(cluster: String, dcid: DataCenterID?, age: Double?, stale: Bool, excluded: String? = nil) {
        self.cluster = cluster
        self.dcid = dcid
        self.age = age
        self.stale = stale
        self.excluded = excluded
    }

    private enum CodingKeys: String, CodingKey { case cluster, dcid, age, stale, excluded }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cluster = try c.decode(String.self, forKey: .cluster)
        if let number = try? c.decodeIfPresent(Int64.self, forKey: .dcid) {
            dcid = DataCenterID(number: Double(number))
        } else {
            dcid = try c.decodeIfPresent(String.self, forKey: .dcid).flatMap { DataCenterID(string: $0) }
        }
        age = try c.decodeIfPresent(Double.self, forKey: .age)
        stale = try c.decode(Bool.self, forKey: .stale)
        excluded = try c.decodeIfPresent(String.self, forKey: .excluded)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cluster, forKey: .cluster)
        if let dcid {
            if dcid.isNumber {
                try c.encode(Int64(dcid.text)!, forKey: .dcid)
            } else {
                try c.encode(dcid.text, forKey: .dcid)
            }
        } else {
            try c.encodeNil(forKey: .dcid)
        }
        try c.encode(age, forKey: .age)
        try c.encode(stale, forKey: .stale)
        try c.encodeIfPresent(excluded, forKey: .excluded)
    }
}
