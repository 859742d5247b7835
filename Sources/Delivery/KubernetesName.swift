import ALTO

/// Kubernetes' name rules, and the mapping of any id onto a valid name.
public enum KubernetesName {
    static let labelRule = "1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit"
    static let dns1035Rule =
        "1-63 characters of a-z, 0-9 and '-', starting with a letter and ending with a letter or digit"
    static let envRule = "1-255 printable ASCII characters other than '='"

    /// A DNS-1123 label (RFC 1123): `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
    public static func isLabel(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard (1...63).contains(u.count), isAlnum(u.first!), isAlnum(u.last!) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// A DNS-1035 label: a DNS-1123 label that starts with a letter.
    public static func isDNS1035Label(_ s: String) -> Bool {
        isLabel(s) && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(s.utf8.first!)
    }

    /// A DNS-1123 subdomain: dot-separated labels, at most 253 characters.
    public static func isSubdomain(_ s: String) -> Bool {
        s.utf8.count <= 253
            && s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(String($0)) }
    }

    /// A label value: empty, or at most 63 of `[A-Za-z0-9_.-]` starting and ending alphanumeric.
    public static func isLabelValue(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard !u.isEmpty else { return true }
        guard u.count <= 63, isAlnumAnyCase(u.first!), isAlnumAnyCase(u.last!) else { return false }
        return u.allSatisfy {
            isAlnumAnyCase($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// An environment variable name as Kubernetes 1.30+ accepts it: printable ASCII but `=`.
    public static func isEnvironmentName(_ s: String) -> Bool {
        (1...255).contains(s.utf8.count) && s.utf8.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "=") }
    }

    /// `id` as a DNS-1123 label, for names altoplace derives (ClusterProfiles, decisions).
    ///
    /// A valid label maps to itself. Anything else is lowercased, each character outside
    /// `a-z0-9-` becomes `-`, leading and trailing `-` are dropped, the result is cut to
    /// 54 characters, and `-` plus the first 8 hex digits of the id's FNV-1a hash is
    /// appended, so two ids that differ only in case or punctuation stay apart:
    /// `Edge_1` → `edge-1-3f2a9c01`.
    public static func mapped(_ id: String) -> String {
        if isLabel(id) { return id }
        var body = String(
            id.lowercased().unicodeScalars.map { scalar -> Character in
                let v = scalar.value
                return (0x61...0x7A).contains(v) || (0x30...0x39).contains(v) || v == 0x2D ? Character(scalar) : "-"
            })
        while body.hasPrefix("-") { body.removeFirst() }
        body = String(body.prefix(54))
        while body.hasSuffix("-") { body.removeLast() }
        let suffix = String(ContentHash.hex(of: id).prefix(8))
        return body.isEmpty ? "x-" + suffix : body + "-" + suffix
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }

    private static func isAlnumAnyCase(_ c: UInt8) -> Bool {
        isAlnum(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
    }
}
