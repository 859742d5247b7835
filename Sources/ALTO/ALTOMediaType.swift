import Matrix
import Topology

/// The media types of RFC 7285 §8.3, §11 and the data-center resource extension, and
/// the content negotiation rules altoplace applies to them.
public enum ALTOMediaType {
    public static let directory = "application/alto-directory+json"
    public static let networkMap = "application/alto-networkmap+json"
    public static let networkMapFilter = "application/alto-networkmapfilter+json"
    public static let costMap = "application/alto-costmap+json"
    public static let costMapFilter = "application/alto-costmapfilter+json"
    public static let endpointProperty = "application/alto-endpointprop+json"
    public static let endpointPropertyParams = "application/alto-endpointpropparams+json"
    public static let endpointCost = "application/alto-endpointcost+json"
    public static let endpointCostParams = "application/alto-endpointcostparams+json"
    public static let error = "application/alto-error+json"
    /// Data-center resource information (the ALTO DC-resource draft).
    public static let dcInfo = "application/alto-dcinfo+json"
    public static let propertyMap = "application/alto-propmap+json"
    public static let propertyMapParams = "application/alto-propmapparams+json"
    public static let json = "application/json"
    public static let eventStream = "text/event-stream"

    /// Whether the client asked for a stream: `text/event-stream` named in `Accept` with a
    /// quality above 0 (a wildcard alone does not ask for one).
    public static func wantsEventStream(_ accept: String?) -> Bool {
        guard let accept, accept.lowercased().contains(eventStream) else { return false }
        return accepts(accept, eventStream)
    }

    /// The type and subtype of a `Content-Type` value, lowercased, parameters dropped
    /// (`application/alto-costmapfilter+json; charset=utf-8` → `application/alto-costmapfilter+json`).
    public static func essence(_ header: String) -> String {
        let head = header.split(separator: ";", maxSplits: 1).first ?? ""
        return head.trimmingSpaces().lowercased()
    }

    /// Whether an `Accept` header admits `type`: absent or empty admits everything; each
    /// range may carry parameters; `*/*` and `type/*` match; a range with `q=0` refuses.
    /// An ALTO client lists `application/alto-error+json` too (RFC 7285 §8.3.5); only the
    /// success type is checked here, as errors are always sent.
    public static func accepts(_ header: String?, _ type: String) -> Bool {
        guard let header, !header.trimmingSpaces().isEmpty else { return true }
        let wanted = type.lowercased()
        let major = wanted.split(separator: "/").first.map(String.init) ?? wanted
        var best: Double? = nil
        var bestSpecificity = -1
        for (name, quality) in QualityList.items(header) {
            let specificity: Int
            if name == wanted {
                specificity = 2
            } else if name == major + "/*" {
                specificity = 1
            } else if name == "*/*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > bestSpecificity {
                bestSpecificity = specificity
                best = quality
            }
        }
        return (best ?? 0) > 0
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    package func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
