/// A function's demand as Kubernetes resource quantities.
///
/// Cores become CPU in whole millicores, rounded up (`0.25` → `250m`, `2` → `2`); GiB
/// become memory in whole MiB, rounded up (`0.5` → `512Mi`, `2` → `2Gi`). Requests and
/// limits are both set to the demand, so the pod is in the Guaranteed QoS class and
/// cannot use more than the placement reserved for it.
public enum ResourceQuantity {
    /// `cores` as a CPU quantity, or `nil` for none.
    public static func cpu(_ cores: Double?) -> String? {
        guard let given = cores, given > 0, given.isFinite else { return nil }
        let milli = Int((min(given, Workload.maximumAmount) * 1000 - 1e-6).rounded(.up))
        return milli % 1000 == 0 ? String(milli / 1000) : "\(milli)m"
    }

    /// `gib` as a memory quantity, or `nil` for none.
    public static func memory(_ gib: Double?) -> String? {
        guard let given = gib, given > 0, given.isFinite else { return nil }
        let mib = Int((min(given, Workload.maximumAmount) * 1024 - 1e-6).rounded(.up))
        return mib % 1024 == 0 ? "\(mib / 1024)Gi" : "\(mib)Mi"
    }
}

extension ResourceQuantity {
    /// The value of a Kubernetes quantity (`64`, `500m`, `1.5k`, `256Gi`, `1e3`), or `nil`
    /// when `text` is not one.
    public static func parse(_ text: String) -> Double? {
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976), ("m", 1e-3), ("k", 1e3), ("M", 1e6),
            ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
        ]
        var number = Substring(text)
        var scale = 1.0
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = factor
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
            let value = Double(number), value.isFinite, value >= 0
        else { return nil }
        return value * scale
    }
}
