import ALTO
import Foundation
public import Solver

/// The answer of a what-if study, shared by `POST /whatif` and `altoplace whatif`: the
/// base (status, objective, placed and unplaced counts), one ``WhatIfStudy/Outcome`` per
/// scenario (without its full result) and the seconds the study took.
public struct WhatIfReport: Sendable, Codable {
    /// The base solve in brief.
    public struct Base: Sendable, Hashable, Codable {
        public var status: String
        public var objective: PlacementResult.Objective?
        public var placed: Int
        public var unplaced: Int
    }

    public var base: Base
    public var scenarios: [WhatIfStudy.Outcome]
    public var seconds: Double

    public init(base: PlacementResult, outcomes: [WhatIfStudy.Outcome], seconds: Double) {
        self.base = Base(
            status: base.status.rawValue, objective: base.objective, placed: base.assignments.count,
            unplaced: base.unplaced.count)
        self.scenarios = outcomes.map { o in
            var o = o
            o.result = nil
            return o
        }
        self.seconds = seconds
    }

    private enum CodingKeys: String, CodingKey { case base, scenarios, seconds }
    private enum BaseKeys: String, CodingKey { case status, objective, placed, unplaced }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var b = c.nestedContainer(keyedBy: BaseKeys.self, forKey: .base)
        try b.encode(base.status, forKey: .status)
        try b.encode(base.objective, forKey: .objective)  // `null` when there is no placement
        try b.encode(base.placed, forKey: .placed)
        try b.encode(base.unplaced, forKey: .unplaced)
        try c.encode(scenarios, forKey: .scenarios)
        try c.encode(seconds, forKey: .seconds)
    }

    /// The report as one line of JSON (keys sorted) and a newline.
    public var json: String { DocumentEncoding.text(self) }
}
