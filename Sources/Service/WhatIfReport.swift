import ALTO
import Foundation
import Matrix
public import Solver
import Store
import Topology

/// The JSON answer of a what-if study, shared by `POST /whatif` and `altoplace whatif`:
/// `base` (status, objective, placed and unplaced counts), `scenarios` (one
/// ``WhatIfStudy/Outcome`` each, without the full result), `seconds`.
public enum WhatIfReport {
    public static func json(base: PlacementResult, outcomes: [WhatIfStudy.Outcome], seconds: Double) -> String {
        let trimmed = outcomes.map { o -> WhatIfStudy.Outcome in
            var o = o
            o.result = nil
            return o
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func encode<T: Encodable>(_ value: T) -> String {
            String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
        }
        return "{\"base\":{\"status\":\"\(base.status.rawValue)\",\"objective\":\(encode(base.objective)),"
            + "\"placed\":\(base.assignments.count),\"unplaced\":\(base.unplaced.count)},"
            + "\"scenarios\":\(encode(trimmed)),\"seconds\":\(JSONText.number(seconds))}\n"
    }
}
