/// Rules and helpers shared by the JSON and GML readers and by ``Topology/resolved(_:)``,
/// so both formats accept and reject the same values with the same wording.
enum TopologyFormat {
    /// Space, tab, CR or LF.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether `bytes` holds nothing but blanks (or a UTF-8 byte-order mark).
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        return rest.allSatisfy(isBlank)
    }

    /// 1-based line holding the byte at `offset` (clamped to the end of `bytes`).
    static func line(ofByteOffset offset: Int, in bytes: [UInt8]) -> Int {
        let end = min(max(offset, 0), bytes.count)
        return 1 + bytes[..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Text of an integral number without a fraction (`12`, not `12.0`); others as Swift prints them.
    static func numberText(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    // MARK: Value rules

    /// A problem with a link delay in milliseconds, or `nil` if it is finite and ≥ 0.
    static func delayProblem(_ value: Double, key: String) -> String? {
        if value.isNaN { return "\(key) is NaN" }
        if value.isInfinite { return "\(key) is infinite" }
        if value < 0 { return "\(key) is negative (\(numberText(value)) ms); delays must be ≥ 0" }
        return nil
    }

    /// A problem with a bandwidth, or `nil` if it is finite and > 0. `unit` names the unit
    /// the file uses for `key` (Mbit/s for JSON, bit/s for GML's `LinkSpeedRaw`).
    static func bandwidthProblem(_ value: Double, key: String, unit: String) -> String? {
        if value.isNaN { return "\(key) is NaN" }
        if value.isInfinite { return "\(key) is infinite" }
        if value <= 0 { return "\(key) must be positive, got \(numberText(value)) \(unit)" }
        return nil
    }

    /// Problems with a node's coordinates: each must be finite and in range, and a node has
    /// both or neither. Each problem names the key at fault, if it is one key.
    static func coordinateProblems(
        latitude: Double?, longitude: Double?, latitudeKey: String, longitudeKey: String
    ) -> [(key: String?, message: String)] {
        var problems: [(key: String?, message: String)] = []
        if let latitude, latitude.isNaN || !(-90...90).contains(latitude) {
            let message =
                latitude.isNaN
                ? "\(latitudeKey) is NaN" : "\(latitudeKey) \(numberText(latitude)) is outside [-90, 90] degrees"
            problems.append((latitudeKey, message))
        }
        if let longitude, longitude.isNaN || !(-180...180).contains(longitude) {
            let message =
                longitude.isNaN
                ? "\(longitudeKey) is NaN" : "\(longitudeKey) \(numberText(longitude)) is outside [-180, 180] degrees"
            problems.append((longitudeKey, message))
        }
        switch (latitude, longitude) {
        case (.some, nil): problems.append((latitudeKey, "has \(latitudeKey) but no \(longitudeKey)"))
        case (nil, .some): problems.append((longitudeKey, "has \(longitudeKey) but no \(latitudeKey)"))
        default: break
        }
        return problems
    }
}
