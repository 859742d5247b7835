public import Foundation

/// The time forms a `timestamp` may take: RFC 3339 (`2026-11-23T17:00:00Z`, with or
/// without fractional seconds or an offset), and the form of the draft's example,
/// `02 January 2014 0000H UTC` (day, English month name or its first three letters,
/// four-digit year, hours and minutes followed by `H`, then `UTC` or `GMT`).
public enum DCTimestamp {
    /// RFC 3339 in UTC with milliseconds (what altoplace writes).
    public static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    /// The date `text` names in either form, or `nil`.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        return parseDraftForm(text)
    }

    private static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// `02 January 2014 0000H UTC`.
    static func parseDraftForm(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 5, parts[4] == "UTC" || parts[4] == "GMT" else { return nil }
        guard (1...2).contains(parts[0].count), let day = Int(parts[0]), parts[2].count == 4,
            let year = Int(parts[2])
        else { return nil }
        let name = parts[1].lowercased()
        guard let month = months.firstIndex(where: { $0 == name || (name.count == 3 && $0.hasPrefix(name)) })
        else { return nil }
        let clock = parts[3]
        guard clock.count == 5, clock.last == "H", let hours = Int(clock.prefix(2)),
            let minutes = Int(clock.dropFirst(2).prefix(2)),
            (0...23).contains(hours), (0...59).contains(minutes)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month + 1, day: day, hour: hours, minute: minutes)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}
