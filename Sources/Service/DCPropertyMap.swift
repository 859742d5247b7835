public import ALTO
import Store

/// The data-center reports as an RFC 9240 entity property map
/// (`application/alto-propmap+json`), full (`GET /propmap/dcinfo`) or filtered
/// (`POST /propmap/dcinfo/filtered` with `application/alto-propmapparams+json`).
///
/// **Entities.** Each data center's location identifiers, the `ipv4`/`ipv6` addresses of
/// its gateway (`ipv4:10.18.51.151`), and the PID of the default network map each falls
/// in (`default-network-map.pid:core-2`; PIDs are resource-specific, RFC 9240 §6.4).
///
/// **Properties.** The draft's fields are not registered ALTO entity property types, so
/// they use private-use types (`priv:`) and are specific to the DC-info resource that
/// defines their values: `dc-info.priv:ramusage` and so on (RFC 9240 §5.2: a property
/// name is a resource id, `.`, and a property type). Values are the JSON values
/// `GET /getdcinfo` reports (numbers stay numbers; `capacity` an object). A PID holding
/// several data centers has each value as an array, one element per data center in
/// dcid order (`dc-info.priv:dcid` gives the order).
///
/// **Versions.** `meta.dependent-vtags` holds the default network map's vtag and the
/// DC-info resource's, in the order of the IRD's `uses`; a new report changes the latter.
public enum DCPropertyMap {
    public static let resourceID = "dc-property-map"
    public static let filteredResourceID = "filtered-dc-property-map"

    /// The property types published, each as `dc-info.priv:<field>`.
    public static let fields = [
        "dcid", "timestamp", "ramusage", "srvload", "powerusage", "cost", "capacity", "carbonintensity",
        "powerestimated", "stale",
    ]

    /// Every property name.
    public static var propertyNames: [String] { fields.map { "\(DCInfoDocument.resourceID).priv:\($0)" } }

    /// The entity domains, for the IRD's `mappings`.
    public static var domains: [String] { ["ipv4", "ipv6", ALTONetworkState.networkMapID + ".pid"] }

    /// `"mappings"` capabilities: every domain maps to every property.
    public static var capabilitiesJSON: String {
        let names = propertyNames.map { JSONText.quoted($0) }.joined(separator: ",")
        return "{\"mappings\":{" + domains.map { "\(JSONText.quoted($0)):[\(names)]" }.joined(separator: ",") + "}}"
    }

    /// The value of each field for one report (missing fields absent).
    static func values(_ state: DataCenterState) -> [String: String] {
        let info = state.event.info
        var out: [String: String] = [
            "dcid": info.dcid.json, "timestamp": JSONText.quoted(info.timestamp),
            "ramusage": JSONText.number(info.ramusage), "srvload": JSONText.number(info.srvload),
            "cost": JSONText.number(info.cost), "stale": "\(state.stale)",
        ]
        if let power = info.powerusage { out["powerusage"] = JSONText.number(power) }
        for name in ["capacity", "carbonintensity", "powerestimated"] {
            if let value = info.extensions[name] { out[name] = value.jsonText }
        }
        return out
    }

    /// Entity id → property name → JSON value text, for every entity with a report.
    static func table(_ states: [DataCenterState], networkMap: NetworkMap) -> [String: [String: String]] {
        var table: [String: [String: String]] = [:]
        var byPID: [String: [DataCenterState]] = [:]
        for state in states {
            let values = values(state)
            var pids: Set<String> = []
            for address in state.event.info.addr {
                let entity = address.typedDescription
                if table[entity] == nil {
                    table[entity] = Dictionary(
                        uniqueKeysWithValues: values.map { ("\(DCInfoDocument.resourceID).priv:\($0.key)", $0.value) })
                }
                if let index = networkMap.pidIndex(of: address) { pids.insert(networkMap.pids[index]) }
            }
            for pid in pids { byPID[pid, default: []].append(state) }
        }
        for (pid, members) in byPID {
            let entity = ALTONetworkState.networkMapID + ".pid:" + pid
            var properties: [String: String] = [:]
            if members.count == 1 {
                for (field, value) in values(members[0]) {
                    properties["\(DCInfoDocument.resourceID).priv:\(field)"] = value
                }
            } else {
                let each = members.map(values)
                for field in fields where each.contains(where: { $0[field] != nil }) {
                    properties["\(DCInfoDocument.resourceID).priv:\(field)"] =
                        "[" + each.map { $0[field] ?? "null" }.joined(separator: ",") + "]"
                }
            }
            table[entity] = properties
        }
        return table
    }

    static func meta(_ states: [DataCenterState], network: ALTONetworkState) -> String {
        "{\"dependent-vtags\":[\(network.vtagJSON),{\"resource-id\":\"\(DCInfoDocument.resourceID)\",\"tag\":\"\(DCInfoDocument.tag(states))\"}]}"
    }

    static func render(_ table: [String: [String: String]], meta: String) -> String {
        var out = "{\"meta\":\(meta),\"property-map\":{"
        for (k, entity) in table.keys.sorted().enumerated() {
            if k > 0 { out += "," }
            out += JSONText.quoted(entity) + ":{"
            let properties = table[entity]!
            out += properties.keys.sorted().map { JSONText.quoted($0) + ":" + properties[$0]! }.joined(separator: ",")
            out += "}"
        }
        return out + "}}"
    }

    /// The full map.
    public static func full(_ states: [DataCenterState], network: ALTONetworkState) -> String {
        render(table(states, networkMap: network.networkMap), meta: meta(states, network: network))
    }

    /// The filtered map for a `ReqFilteredPropertyMap` body: the requested entities (each
    /// with the requested properties it has; an entity without any is `{}`).
    /// - Throws: `E_MISSING_FIELD`/`E_INVALID_FIELD_TYPE` for a malformed body;
    ///   `E_INVALID_FIELD_VALUE` naming an entity whose domain is not offered or whose
    ///   identifier is invalid, or a property not offered (RFC 9240 §7.5).
    public static func filtered(_ body: JSONValue, states: [DataCenterState], network: ALTONetworkState)
        throws(ALTOError) -> String
    {
        let reader = try JSONObjectReader(body)
        let entities = try reader.strings("entities")
        let properties = try reader.strings("properties")
        guard !entities.isEmpty else {
            throw .invalidFieldValue("entities", value: "[]", reason: "entities lists at least one entity")
        }
        guard !properties.isEmpty else {
            throw .invalidFieldValue("properties", value: "[]", reason: "properties lists at least one property")
        }
        let offered = Set(propertyNames)
        for property in properties where !offered.contains(property) {
            throw .invalidFieldValue(
                "properties", value: property,
                reason: "not a property of this map (\(propertyNames.joined(separator: ", ")))")
        }
        let wanted = Set(properties)
        let table = table(states, networkMap: network.networkMap)
        var selected: [String: [String: String]] = [:]
        for entity in entities {
            let id = try canonical(entity, networkMap: network.networkMap)
            selected[id] = (table[id] ?? [:]).filter { wanted.contains($0.key) }
        }
        return render(selected, meta: meta(states, network: network))
    }

    /// The canonical form of an entity identifier (`ipv4:192.0.2.1/32` is `ipv4:192.0.2.1`).
    static func canonical(_ entity: String, networkMap: NetworkMap) throws(ALTOError) -> String {
        let pidDomain = ALTONetworkState.networkMapID + ".pid:"
        if entity.hasPrefix(pidDomain) {
            let pid = String(entity.dropFirst(pidDomain.count))
            guard networkMap.index[pid] != nil else {
                throw .invalidFieldValue("entities", value: entity, reason: "no PID \"\(pid)\" in the network map")
            }
            return entity
        }
        guard entity.hasPrefix("ipv4:") || entity.hasPrefix("ipv6:") else {
            throw .invalidFieldValue(
                "entities", value: entity, reason: "the entity domains are \(domains.joined(separator: ", "))")
        }
        var text = Substring(entity)
        if text.hasSuffix("/32") && text.hasPrefix("ipv4:") { text = text.dropLast(3) }
        if text.hasSuffix("/128") && text.hasPrefix("ipv6:") { text = text.dropLast(4) }
        guard let address = IPAddress(typed: text) else {
            throw .invalidFieldValue("entities", value: entity, reason: "not a valid address of its domain")
        }
        return address.typedDescription
    }
}
