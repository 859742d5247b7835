/// Splits a `text/event-stream` (the WHATWG HTML "server-sent events" format) into
/// events as bytes arrive: `id:`, `event:` and `data:` fields (several `data:` lines join
/// with newlines), comments (`:`) ignored, an event ends at a blank line. Lines may end
/// with LF, CRLF or CR.
public struct ServerSentEventParser: Sendable {
    public struct Event: Sendable, Hashable {
        public var id: String?
        public var event: String?
        public var data: String
    }

    private var line: [UInt8] = []
    private var id: String?
    private var event: String?
    private var data: [String] = []
    private var hasData = false
    private var lastWasCR = false
    /// The longest line accepted; a longer one is an error (a runaway peer).
    public let maximumLine: Int

    public init(maximumLine: Int = 16 << 20) { self.maximumLine = maximumLine }

    public struct LineTooLong: Error {}

    /// Feeds bytes; returns the events they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(LineTooLong) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if lastWasCR, byte == 10 {
                lastWasCR = false
                continue
            }
            lastWasCR = byte == 13
            if byte == 10 || byte == 13 {
                if let completed = endLine() { events.append(completed) }
            } else {
                guard line.count < maximumLine else { throw LineTooLong() }
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() -> Event? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            defer {
                event = nil
                data = []
                hasData = false
            }
            guard hasData else { return nil }
            return Event(id: id, event: event, data: data.joined(separator: "\n"))
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let name: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            name = Substring(text)
            value = ""
        }
        switch name {
        case "id": id = String(value)
        case "event": event = String(value)
        case "data":
            data.append(String(value))
            hasData = true
        default: break
        }
        return nil
    }
}
