public import Foundation

/// How every JSON document of the service is written: keys sorted (a stable order
/// clients and tests can rely on), slashes unescaped, one line and a newline.
public enum DocumentEncoding {
    /// The encoded bytes, newline-terminated.
    public static func data<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every document type encodes finite numbers and string keys only; a failure here
        // is a bug, answered as `null` rather than a crash.
        var data = (try? encoder.encode(value)) ?? Data("null".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// ``data(_:)`` as a string.
    public static func text<T: Encodable>(_ value: T) -> String { String(decoding: data(value), as: UTF8.self) }
}
