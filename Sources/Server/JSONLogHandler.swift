import ALTO
import Foundation
public import Logging
import Matrix
import Service
import Solver
import Store
import Topology

/// A swift-log handler writing one JSON object per line to standard error:
/// `{"ts":…,"level":…,"msg":…,"logger":…,<metadata>…}`, for log collectors.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = [
            "\"ts\":\(JSONText.quoted(DCInfo.format(Date())))", "\"level\":\"\(event.level)\"",
            "\"msg\":\(JSONText.quoted(event.message.description))", "\"logger\":\(JSONText.quoted(label))",
        ]
        if let error = event.error { fields.append("\"error\":\(JSONText.quoted("\(error)"))") }
        let merged = self.metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append("\(JSONText.quoted(key)):\(JSONText.quoted(value.description))")
        }
        let text = "{" + fields.joined(separator: ",") + "}\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
