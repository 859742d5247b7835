import Matrix
import Topology

/// An HTTP list of weighted values (`Accept`, `Accept-Encoding`; RFC 9110 §12.4.2):
/// each item's name, lowercased, and its `q` weight (1 when absent).
package enum QualityList {
    static func items(_ header: String) -> [(name: String, quality: Double)] {
        header.split(separator: ",").map { item in
            let parts = item.split(separator: ";")
            let name = (parts.first ?? "").trimmingSpaces().lowercased()
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingSpaces().lowercased() == "q" {
                    quality = Double(pair[1].trimmingSpaces()) ?? 1
                }
            }
            return (name, quality)
        }
    }
}
