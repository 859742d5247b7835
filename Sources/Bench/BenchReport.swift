import Foundation

/// Timing and output helpers shared by the benchmarks.
enum BenchReport {
    /// Wall-clock seconds of `body`, with its result.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// Median of `repeats` timings of `body` (after `warmup` untimed runs).
    static func median(repeats: Int, warmup: Int = 1, _ body: () -> Void) -> (median: Double, all: [Double]) {
        for _ in 0..<warmup { body() }
        var times: [Double] = []
        for _ in 0..<max(repeats, 1) { times.append(time(body).1) }
        let sorted = times.sorted()
        let mid = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        return (median, times)
    }

    /// One JSON object on one line, keys sorted.
    static func jsonLine(_ fields: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A left-aligned text table.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line))
            .joined(separator: "\n")
    }

    static func format(_ x: Double, _ digits: Int = 3) -> String {
        String(format: "%.\(digits)f", x)
    }
}
