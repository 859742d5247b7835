public import Foundation
import Matrix
import Topology

/// One data center's resource report: the draft's `DCInfo` object
/// (`application/alto-dcinfo+json`, draft-lee-alto-ext-dc-resource §4).
///
/// The draft names the fields but gives no units; altoplace defines them:
/// - `dcid`: the data center's id, a JSON number (whole, 0 to 2^53-1) as in the draft, or
///   a string of 1-64 characters of `[A-Za-z0-9-:@_]`; kept with its JSON type;
/// - `addr`: the location identifier, the IPv4 or IPv6 address of the data center's
///   gateway: a typed endpoint address (`ipv4:10.18.51.151`, also with a space after the
///   colon as the draft prints it), a plain address, or a list of them; a list is kept a
///   list;
/// - `timestamp`: when it was measured, RFC 3339 or the draft's `02 January 2014 0000H UTC`
///   (see ``DCTimestamp``); the time of receipt if omitted;
/// - `ramusage`: RAM in use, percent of capacity (0-100);
/// - `srvload`: server (CPU) load, percent of capacity (0-100);
/// - `powerusage`: power drawn, W (≥ 0); optional, as the draft's example omits it;
/// - `cost`: the price of running work there, per CPU core (≥ 0, the operator's currency);
/// - `vtag`: set by the server, a content hash of the report; one in a report (a string,
///   the draft's list of strings, or an RFC 7285 version tag object) is checked and replaced.
///
/// The draft's list "can be expanded": every other member is kept and given back
/// (``extensions``). Three have a meaning to altoplace and are checked: `capacity`
/// (``DataCenterCapacity``), `carbonintensity` (gCO2/kWh, ≥ 0) and `powerestimated`
/// (a boolean: `powerusage` comes from a model, not a meter). `age` and `stale` are the
/// server's and refused in a report.
public struct DCInfo: Sendable, Hashable {
    public var dcid: DataCenterID
    /// The location identifiers, at least one.
    public var addr: [IPAddress]
    /// Whether `addr` was reported as a list (given back as one) or a single string.
    public var addrIsList: Bool
    public var timestamp: String
    public var ramusage: Double
    public var srvload: Double
    public var powerusage: Double?
    public var cost: Double
    /// Members beyond the draft's, by name.
    public var extensions: [String: JSONValue]

    /// Most extension members a report may carry.
    public static let maximumExtensions = 32
    /// Member names with a meaning of their own (refused or replaced as extensions).
    static let fieldNames: Set<String> = [
        "dcid", "addr", "timestamp", "ramusage", "srvload", "powerusage", "cost", "vtag",
    ]

    public init(
        dcid: DataCenterID, addr: [IPAddress], addrIsList: Bool = false, timestamp: String, ramusage: Double,
        srvload: Double, powerusage: Double?, cost: Double, extensions: [String: JSONValue] = [:]
    ) {
        self.dcid = dcid
        self.addr = addr
        self.addrIsList = addrIsList
        self.timestamp = timestamp
        self.ramusage = ramusage
        self.srvload = srvload
        self.powerusage = powerusage
        self.cost = cost
        self.extensions = extensions
    }

    /// A report in altoplace's own shape: a string id and one plain address.
    public init(
        dcid: String, addr: IPAddress, timestamp: String, ramusage: Double, srvload: Double, powerusage: Double?,
        cost: Double
    ) {
        self.init(
            dcid: DataCenterID(string: dcid)!, addr: [addr], timestamp: timestamp, ramusage: ramusage,
            srvload: srvload, powerusage: powerusage, cost: cost)
    }

    /// The first location identifier.
    public var location: IPAddress { addr[0] }

    /// The `capacity` extension, if reported.
    public var capacity: DataCenterCapacity? {
        guard case .object(let members)? = extensions["capacity"] else { return nil }
        func number(_ key: String) -> Double? {
            if case .number(let n)? = members[key] { return n }
            return nil
        }
        return DataCenterCapacity(cpu: number("cpu"), ram: number("ram"), power: number("power"))
    }

    /// The `carbonintensity` extension (gCO2/kWh), if reported.
    public var carbonintensity: Double? {
        if case .number(let n)? = extensions["carbonintensity"] { return n }
        return nil
    }

    /// Whether `powerusage` is a model's estimate (`powerestimated: true`).
    public var powerEstimated: Bool {
        if case .bool(let b)? = extensions["powerestimated"] { return b }
        return false
    }

    /// Reads and checks one `DCInfo` object.
    /// - Parameters:
    ///   - path: the object's path in the body ("" at the root, `dc-info` in a wrapper),
    ///     prefixed to field names in errors.
    ///   - now: the receipt time, used when `timestamp` is absent.
    /// - Throws: the RFC 7285 error of the first problem, naming the field.
    public init(json: JSONValue, path: String = "", now: Date = Date()) throws(ALTOError) {
        let reader = try JSONObjectReader(json, path: path)
        let dcid = try DataCenterID(json: try reader.required("dcid"), field: reader.path("dcid"))
        let (addr, addrIsList) = try Self.addresses(try reader.required("addr"), field: reader.path("addr"))
        var timestamp = DCTimestamp.format(now)
        if let given = try reader.optionalString("timestamp") {
            guard DCTimestamp.parse(given) != nil else {
                throw .invalidFieldValue(
                    reader.path("timestamp"), value: given,
                    reason:
                        "timestamp must be an RFC 3339 date-time (2026-11-23T17:00:00Z) or the draft's form (02 January 2014 0000H UTC)"
                )
            }
            timestamp = given
        }
        func measure(_ name: String, upTo limit: Double?, required: Bool = true) throws(ALTOError) -> Double? {
            guard let value = required ? try reader.number(name) : try reader.optionalNumber(name) else { return nil }
            guard value.isNonNegativeAmount, value <= (limit ?? .infinity) else {
                let range = limit.map { "0-\(JSONText.number($0))" } ?? "≥ 0"
                throw .invalidFieldValue(
                    reader.path(name), value: JSONText.number(value), reason: "\(name) must be \(range)")
            }
            return value
        }
        let ramusage = try measure("ramusage", upTo: 100)!
        let srvload = try measure("srvload", upTo: 100)!
        let powerusage = try measure("powerusage", upTo: nil, required: false)
        let cost = try measure("cost", upTo: nil)!
        if let vtag = reader.optional("vtag") { try Self.checkVtag(vtag, field: reader.path("vtag")) }
        var extensions: [String: JSONValue] = [:]
        for (name, value) in reader.members where !Self.fieldNames.contains(name) && value != .null {
            try Self.checkExtension(name, value, reader: reader)
            extensions[name] = value
        }
        guard extensions.count <= Self.maximumExtensions else {
            throw .invalidFieldValue(
                path.isEmpty ? "dc-info" : path, value: "\(extensions.count) extension members",
                reason: "a report may carry at most \(Self.maximumExtensions) members beyond the draft's")
        }
        self.init(
            dcid: dcid, addr: addr, addrIsList: addrIsList, timestamp: timestamp, ramusage: ramusage,
            srvload: srvload, powerusage: powerusage, cost: cost, extensions: extensions)
    }

    /// An address in any accepted form: typed (`ipv4:` / `ipv6:`, a space after the colon
    /// allowed) or plain.
    public static func address(_ text: String) -> IPAddress? {
        if let colon = text.firstIndex(of: ":"), ["ipv4", "ipv6"].contains(text[..<colon]) {
            let rest = text[text.index(after: colon)...].drop(while: { $0 == " " })
            return IPAddress(typed: text[..<colon] + ":" + rest)
        }
        return IPAddress(plain: text)
    }

    static func addresses(_ value: JSONValue, field: String) throws(ALTOError) -> ([IPAddress], Bool) {
        func one(_ text: String) throws(ALTOError) -> IPAddress {
            guard let address = address(text) else {
                throw .invalidFieldValue(
                    field, value: text,
                    reason: "addr must be an IPv4 or IPv6 address, plain or typed (ipv4:192.0.2.1), or a list of them")
            }
            return address
        }
        switch value {
        case .string(let s): return ([try one(s)], false)
        case .array(let elements):
            guard !elements.isEmpty, elements.count <= 16 else {
                throw .invalidFieldValue(
                    field, value: "\(elements.count) addresses", reason: "addr lists 1-16 addresses")
            }
            var out: [IPAddress] = []
            for element in elements {
                guard case .string(let s) = element else {
                    throw .invalidFieldType(field, expected: "a string or an array of strings")
                }
                out.append(try one(s))
            }
            return (out, true)
        default:
            throw .invalidFieldType(field, expected: "a string or an array of strings")
        }
    }

    static func checkVtag(_ value: JSONValue, field: String) throws(ALTOError) {
        switch value {
        case .string: return
        case .array(let elements) where elements.allSatisfy({ if case .string = $0 { true } else { false } }): return
        case .object(let members):
            guard case .string? = members["resource-id"], case .string? = members["tag"] else {
                throw .invalidFieldValue(
                    field, value: "an object", reason: "a vtag object has string members resource-id and tag")
            }
        default:
            throw .invalidFieldType(field, expected: "a string, an array of strings or a version tag object")
        }
    }

    static func checkExtension(_ name: String, _ value: JSONValue, reader: JSONObjectReader) throws(ALTOError) {
        let field = reader.path(name)
        guard (1...64).contains(name.utf8.count) else {
            throw .invalidFieldValue(field, value: name, reason: "member names are 1-64 bytes")
        }
        switch name {
        case "age", "stale":
            throw .invalidFieldValue(field, value: value.text, reason: "\(name) is set by the server, not reported")
        case "carbonintensity":
            guard case .number(let n) = value else { throw .invalidFieldType(field, expected: "a number") }
            guard n.isNonNegativeAmount else {
                throw .invalidFieldValue(field, value: value.text, reason: "carbonintensity must be ≥ 0 (gCO2/kWh)")
            }
        case "powerestimated":
            guard case .bool = value else { throw .invalidFieldType(field, expected: "a boolean") }
        case "capacity":
            let capacity = try JSONObjectReader(value, path: field)
            for (key, amount) in capacity.members {
                guard ["cpu", "ram", "power"].contains(key) else {
                    throw .invalidFieldValue(
                        capacity.path(key), value: amount.text, reason: "capacity has members cpu, ram and power")
                }
                guard case .number(let n) = amount else {
                    throw .invalidFieldType(capacity.path(key), expected: "a number")
                }
                guard n.isNonNegativeAmount else {
                    throw .invalidFieldValue(capacity.path(key), value: amount.text, reason: "\(key) must be ≥ 0")
                }
            }
        default: return
        }
    }

    /// The report's version tag: a hash of its content.
    public var vtag: String {
        var hash = ContentHash()
        hash.update(fieldsJSON)
        return hash.hex
    }

    /// Every member but `vtag`, as JSON members (no braces): the draft's fields in its
    /// order, then the extensions by name.
    public var fieldsJSON: String {
        let addrJSON =
            addrIsList
            ? "[" + addr.map { JSONText.quoted($0.typedDescription) }.joined(separator: ",") + "]"
            : JSONText.quoted(addr[0].description)
        var out =
            "\"dcid\":\(dcid.json),\"addr\":\(addrJSON),\"timestamp\":\(JSONText.quoted(timestamp)),"
            + "\"ramusage\":\(JSONText.number(ramusage)),\"srvload\":\(JSONText.number(srvload)),"
        if let powerusage { out += "\"powerusage\":\(JSONText.number(powerusage))," }
        out += "\"cost\":\(JSONText.number(cost))"
        for name in extensions.keys.sorted() {
            out += "," + JSONText.quoted(name) + ":" + extensions[name]!.jsonText
        }
        return out
    }

    /// The report as a JSON object, `vtag` included.
    public var json: String { "{" + fieldsJSON + ",\"vtag\":\"\(vtag)\"}" }

    /// RFC 3339 in UTC with milliseconds.
    public static func format(_ date: Date) -> String { DCTimestamp.format(date) }

    /// The date of a `timestamp` in any accepted form.
    public static func parseTimestamp(_ text: String) -> Date? { DCTimestamp.parse(text) }
}
