import ALTO
import Matrix
import Solver
import Store
import Topology

/// A named what-if scenario: changes applied, in order, to the base.
public struct WhatIfScenario: Sendable, Hashable, Codable {
    public var name: String
    public var changes: [ScenarioChange]

    public init(name: String, changes: [ScenarioChange]) {
        self.name = name
        self.changes = changes
    }
}
