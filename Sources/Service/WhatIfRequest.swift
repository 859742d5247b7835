import ALTO
import Matrix
public import Solver
import Store
import Topology

/// The body of `POST /whatif`: `base` is `"committed"` (every committed placement's
/// functions on the registered clusters, compared with where they run now) or an inline
/// placement request (see ``PlacementSubmission``); `scenarios` are solved in parallel.
public struct WhatIfRequest: Sendable, Decodable {
    public enum Base: Sendable, Decodable {
        case committed
        case inline(PlacementSubmission)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let word = try? container.decode(String.self) {
                guard word == "committed" else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "base is \"committed\" or a placement request")
                }
                self = .committed
            } else {
                self = .inline(try container.decode(PlacementSubmission.self))
            }
        }
    }

    public var base: Base
    public var scenarios: [WhatIfScenario]
    /// Solve options for the base and every scenario (replacing the base request's own).
    public var options: SolveOptions?
}
