public import Foundation

/// The body of a report (`POST /dcinfo`, and each event of an agent's push stream), in
/// any of the accepted shapes:
/// - a bare `DCInfo` object (altoplace's original shape);
/// - the draft's `InfoDCResource`: `{"meta": {…}, "dc-info": {…}}`;
/// - the same wrapper with `dc-info` a list (the multi-data-center shape altoplace
///   answers `GET /getdcinfo` with), 1 to ``maximumReports`` reports.
public enum DCInfoReport {
    /// Most reports one body may carry.
    public static let maximumReports = 1000

    /// The reports of `json`, all checked: one bad report refuses the whole body.
    /// - Throws: the RFC 7285 error of the first problem, naming the field by its path
    ///   (`dc-info/dcid`, `dc-info/2/ramusage`).
    /// - Parameter fromServer: the body is another altoplace's answer (an agent's pull or
    ///   push): its `age` and `stale` members are dropped, and an empty list is allowed.
    public static func parse(_ json: JSONValue, now: Date = Date(), fromServer: Bool = false) throws(ALTOError)
        -> [DCInfo]
    {
        let reader = try JSONObjectReader(json)
        func report(_ value: JSONValue, path: String) throws(ALTOError) -> DCInfo {
            guard fromServer, case .object(var members) = value else {
                return try DCInfo(json: value, path: path, now: now)
            }
            members["age"] = nil
            members["stale"] = nil
            return try DCInfo(json: .object(members), path: path, now: now)
        }
        guard let body = reader.optional("dc-info") else {
            if reader.optional("meta") != nil { throw .missingField("dc-info") }
            return [try report(json, path: "")]
        }
        _ = try reader.optionalObject("meta")
        switch body {
        case .object: return [try report(body, path: "dc-info")]
        case .array(let elements):
            if fromServer, elements.isEmpty { return [] }
            guard (1...maximumReports).contains(elements.count) else {
                throw .invalidFieldValue(
                    "dc-info", value: "\(elements.count) reports", reason: "dc-info lists 1-\(maximumReports) reports")
            }
            var reports: [DCInfo] = []
            for (i, element) in elements.enumerated() {
                reports.append(try report(element, path: "dc-info/\(i)"))
            }
            return reports
        default:
            throw .invalidFieldType("dc-info", expected: "an object or an array of objects")
        }
    }
}
