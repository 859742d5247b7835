public import Foundation
import Matrix
import Topology

/// One data center's resource report (the ALTO data-center resource extension,
/// `application/alto-dcinfo+json`).
///
/// The draft names the fields but its text gives no units; altoplace defines them:
/// - `dcid`: the data center's id (1–64 characters of `[A-Za-z0-9-:@_]`, like a PID);
///   a registered cluster with the same id takes its usage from the latest report;
/// - `addr`: an IPv4 or IPv6 address of the data center (plain or `ipv4:`/`ipv6:` typed);
/// - `timestamp`: RFC 3339 date-time of the measurement; the time of receipt if omitted;
/// - `ramusage`: RAM in use, percent of capacity (0–100);
/// - `srvload`: server (CPU) load, percent of capacity (0–100);
/// - `powerusage`: power drawn, W (≥ 0);
/// - `cost`: the price of running work there, per CPU core (≥ 0, the operator's currency);
/// - `vtag`: set by the server, a content hash of the report, so clients can tell
///   versions apart.
public struct DCInfo: Sendable, Hashable {
    public var dcid: String
    public var addr: IPAddress
    public var timestamp: String
    public var ramusage: Double
    public var srvload: Double
    public var powerusage: Double
    public var cost: Double

    public init(
        dcid: String, addr: IPAddress, timestamp: String, ramusage: Double, srvload: Double, powerusage: Double,
        cost: Double
    ) {
        self.dcid = dcid
        self.addr = addr
        self.timestamp = timestamp
        self.ramusage = ramusage
        self.srvload = srvload
        self.powerusage = powerusage
        self.cost = cost
    }

    /// Reads and checks a report.
    /// - Parameter now: the receipt time, used when `timestamp` is absent.
    /// - Throws: the RFC 7285 error of the first problem, with the field's name.
    public init(json: JSONValue, now: Date = Date()) throws(ALTOError) {
        let reader = try JSONObjectReader(json)
        let dcid = try reader.string("dcid")
        guard PIDNaming.isValid(dcid) else {
            throw .invalidFieldValue("dcid", value: dcid, reason: "dcid must be 1-64 characters of [A-Za-z0-9-:@_]")
        }
        let addrText = try reader.string("addr")
        guard let addr = IPAddress(typed: addrText) ?? IPAddress(plain: addrText)
        else {
            throw .invalidFieldValue("addr", value: addrText, reason: "addr must be an IPv4 or IPv6 address")
        }
        var timestamp = Self.format(now)
        if let given = try reader.optionalString("timestamp") {
            guard Self.parseTimestamp(given) != nil else {
                throw .invalidFieldValue(
                    "timestamp", value: given, reason: "timestamp must be an RFC 3339 date-time (2026-11-23T17:00:00Z)")
            }
            timestamp = given
        }
        func measure(_ name: String, upTo limit: Double?) throws(ALTOError) -> Double {
            let value = try reader.number(name)
            guard value.isNonNegativeAmount, value <= (limit ?? .infinity) else {
                let range = limit.map { "0-\(JSONText.number($0))" } ?? "≥ 0"
                throw .invalidFieldValue(name, value: JSONText.number(value), reason: "\(name) must be \(range)")
            }
            return value
        }
        self.init(
            dcid: dcid, addr: addr, timestamp: timestamp, ramusage: try measure("ramusage", upTo: 100),
            srvload: try measure("srvload", upTo: 100), powerusage: try measure("powerusage", upTo: nil),
            cost: try measure("cost", upTo: nil))
    }

    /// The report's version tag: a hash of its content.
    public var vtag: String {
        var hash = ContentHash()
        hash.update(fieldsJSON)
        return hash.hex
    }

    private var fieldsJSON: String {
        "\"dcid\":\(JSONText.quoted(dcid)),\"addr\":\(JSONText.quoted(addr.description)),"
            + "\"timestamp\":\(JSONText.quoted(timestamp)),\"ramusage\":\(JSONText.number(ramusage)),"
            + "\"srvload\":\(JSONText.number(srvload)),\"powerusage\":\(JSONText.number(powerusage)),"
            + "\"cost\":\(JSONText.number(cost))"
    }

    /// The report as a JSON object, `vtag` included.
    public var json: String { "{" + fieldsJSON + ",\"vtag\":\"\(vtag)\"}" }

    /// RFC 3339 in UTC with milliseconds.
    public static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    /// The date of an RFC 3339 date-time, with or without fractional seconds.
    public static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
