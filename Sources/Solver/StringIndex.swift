/// An immutable map from a list of strings to their positions, for the compile's
/// lookups of per-cluster map keys: tens of millions of short keys, where the
/// standard library's seeded SipHash was a third of the compile.
///
/// Open addressing over the keys' UTF-8 bytes with a multiply–rotate hash. Since the
/// keys are known when it is built, it measures its longest run of occupied slots,
/// which bounds every lookup (present or absent key), and when crafted keys make that
/// run long it answers through a `Dictionary` instead, so no input makes lookups slow.
///
/// Bytes are compared only between ASCII strings, where byte equality is `String`
/// equality. Swift compares other strings by canonical equivalence ("é" as one scalar
/// or as "e" and a combining accent; the Kelvin sign and "K"), so a non-ASCII key or
/// lookup goes through the `Dictionary`, as validation's `Set` would.
package struct StringIndex: Sendable {
    /// Slot → position + 1, 0 when empty.
    private let slots: [Int32]
    private let mask: Int
    /// The keys' bytes, concatenated, and where each starts (count + 1 offsets).
    private let bytes: [UInt8]
    private let offsets: [Int]
    /// Every key, for lookups the table does not answer.
    private let dictionary: [String: Int]
    /// Whether the table answers ASCII lookups (every key is ASCII and runs are short).
    private let tableAnswers: Bool

    /// Longest run of occupied slots the table accepts before using the fallback.
    package static let longestRun = 32

    /// Whether it answers every lookup through its dictionary (crafted collisions, or
    /// a key that is not ASCII).
    package var usesFallback: Bool { !tableAnswers }

    /// Maps each key to its first position in `keys`; `longestRun` (tests lower it)
    /// is the longest run of occupied slots it accepts before using a dictionary.
    /// - Complexity: O(total bytes of the keys).
    package init(_ keys: [String], longestRun: Int = StringIndex.longestRun) {
        var bytes: [UInt8] = []
        var offsets = [0]
        for key in keys {
            bytes.append(contentsOf: key.utf8)
            offsets.append(bytes.count)
        }
        var size = 16
        while size < keys.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for (position, key) in keys.enumerated() {
            var slot = (Self.asciiHash(key) ?? 0) & mask
            var duplicate = false
            while slots[slot] != 0 {
                let other = Int(slots[slot]) - 1
                if bytes[offsets[other]..<offsets[other + 1]].elementsEqual(key.utf8) {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if !duplicate { slots[slot] = Int32(position + 1) }
        }
        var run = 0, longest = 0
        for s in 0..<(2 * size) {
            if slots[s & mask] != 0 {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        self.slots = slots
        self.mask = mask
        self.bytes = bytes
        self.offsets = offsets
        dictionary = Dictionary(keys.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        tableAnswers = longest <= longestRun && bytes.allSatisfy { $0 < 0x80 }
    }

    /// The position of `key`, or nil when it is not one of the keys.
    /// - Complexity: O(key length × ``longestRun``) at most.
    package subscript(_ key: String) -> Int? {
        guard tableAnswers, let hash = Self.asciiHash(key) else { return dictionary[key] }
        var slot = hash & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            let p = entry - 1
            let matches =
                key.utf8.withContiguousStorageIfAvailable { key in
                    bytes.withUnsafeBufferPointer { all in
                        let start = offsets[p], count = offsets[p + 1] - start
                        guard count == key.count else { return false }
                        for i in 0..<count where all[start + i] != key[i] { return false }
                        return true
                    }
                } ?? bytes[offsets[p]..<offsets[p + 1]].elementsEqual(key.utf8)
            if matches { return p }
            slot = (slot + 1) & mask
        }
    }

    /// A multiply–rotate hash of the UTF-8 bytes, 8 at a time; nil when a byte is not
    /// ASCII.
    private static func asciiHash(_ key: String) -> Int? {
        func mix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var high: UInt64 = 0
            var i = 0
            while i + 8 <= bytes.count {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                high |= word
                h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
                h = (h << 29) | (h >> 35)
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            high |= tail
            guard high & 0x8080_8080_8080_8080 == 0 else { return nil }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            return h ^ (h >> 32)
        }
        let h = key.utf8.withContiguousStorageIfAvailable(mix) ?? Array(key.utf8).withUnsafeBufferPointer(mix)
        return h.map { Int(truncatingIfNeeded: $0) }
    }
}
