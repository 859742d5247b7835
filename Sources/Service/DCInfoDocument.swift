import ALTO
import Store

/// The `application/alto-dcinfo+json` documents altoplace answers with, built as text so
/// equal content gives equal bytes.
///
/// - One data center (`GET /getdcinfo?dcid=`, an agent's own `GET /getdcinfo`): the
///   draft's `InfoDCResource`, `{"meta": {"vtag": …}, "dc-info": {…}}`.
/// - Several: the same with `dc-info` an array, in dcid order.
///
/// Each report carries its members as reported (``DCInfo/fieldsJSON``), its `vtag`, and
/// the server's `age` (s) and `stale`.
public enum DCInfoDocument {
    /// The resource id of the DC-info resource in the directory.
    public static let resourceID = "dc-info"

    /// The document for `states`; a single object when `single`.
    public static func render(_ states: [DataCenterState], single: Bool = false) -> String {
        let objects = states.map(object)
        let body = single && objects.count == 1 ? objects[0] : "[" + objects.joined(separator: ",") + "]"
        return
            "{\"meta\":{\"vtag\":{\"resource-id\":\"\(resourceID)\",\"tag\":\"\(tag(states))\"}},\"dc-info\":\(body)}"
    }

    /// One report with `vtag`, `age` and `stale`.
    public static func object(_ state: DataCenterState) -> String {
        let info = state.event.info
        return "{" + info.fieldsJSON + ",\"vtag\":\"\(info.vtag)\",\"age\":\(JSONText.number(state.age)),"
            + "\"stale\":\(state.stale)}"
    }

    /// The version tag of a set of reports: a hash of their vtags and staleness (not their
    /// ages, which change every second while the data does not).
    public static func tag(_ states: [DataCenterState]) -> String {
        var hash = ContentHash()
        for state in states {
            hash.update(state.event.info.vtag)
            hash.update(state.stale ? "s" : "f")
        }
        return hash.hex
    }
}
