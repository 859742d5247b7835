/// Why a placement solve stopped. Raw values are wire format: add, never rename.
public enum PlacementStatus: String, Sendable, Codable {
    /// Proven within `relativeGap` of the lower bound.
    case optimal
    /// A validated placement; the gap is not closed but the search ended.
    case feasible
    /// No placement satisfies every constraint (see `infeasibility`).
    case infeasible
    /// The time limit ended the search; the placement is the best found.
    case timeLimit
}

/// The result of a placement solve (JSON names are the public contract).
public struct PlacementResult: Sendable, Hashable, Codable {
    public struct Assignment: Sendable, Hashable, Codable {
        public var function: String
        public var cluster: String
        public init(function: String, cluster: String) {
            self.function = function
            self.cluster = cluster
        }
    }
    public struct Objective: Sendable, Hashable, Codable {
        public var total: Double
        public var network: Double
        public var price: Double
        public var energy: Double
        public var migration: Double
        public var extra: Double
        public init(total: Double, network: Double, price: Double, energy: Double, migration: Double, extra: Double) {
            (self.total, self.network, self.price, self.energy, self.migration, self.extra) =
                (total, network, price, energy, migration, extra)
        }
    }
    public struct Utilisation: Sendable, Hashable, Codable {
        public var cluster: String
        /// In use after placement (usage + placed demand): cores, GiB, W.
        public var used: Resources
        /// Capacity (absent keys are unlimited).
        public var capacity: Resources
        public init(cluster: String, used: Resources, capacity: Resources) {
            (self.cluster, self.used, self.capacity) = (cluster, used, capacity)
        }
    }
    public struct Unplaced: Sendable, Hashable, Codable {
        public var function: String
        public var reason: String
        public init(function: String, reason: String) {
            (self.function, self.reason) = (function, reason)
        }
    }
    public struct Statistics: Sendable, Hashable, Codable {
        /// Seconds per phase: compile, construct, localSearch, bound, branchAndBound,
        /// improve, ilp.
        public var seconds: [String: Double]
        /// Branch-and-bound nodes explored, altoplace's and GLPK's (0 when neither ran).
        public var nodes: Int
        /// Which method found the returned placement: greedy, localSearch,
        /// branchAndBound, lagrangian, iteratedLocalSearch, lns or ilp.
        public var incumbentMethod: String
        /// Subgradient iterations of the capacity Lagrangian bound.
        public var boundIterations: Int
        /// Each complete placement that improved on the previous one, in order: when
        /// (seconds since the solve started, compiling included), its objective, and
        /// the method that found it. Empty when no complete placement was found.
        public var improvements: [Improvement]

        public init(
            seconds: [String: Double], nodes: Int, incumbentMethod: String, boundIterations: Int,
            improvements: [Improvement] = []
        ) {
            (self.seconds, self.nodes, self.incumbentMethod, self.boundIterations, self.improvements) =
                (seconds, nodes, incumbentMethod, boundIterations, improvements)
        }

        /// Decodes results written before `improvements` existed as well.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            seconds = try c.decode([String: Double].self, forKey: .seconds)
            nodes = try c.decode(Int.self, forKey: .nodes)
            incumbentMethod = try c.decode(String.self, forKey: .incumbentMethod)
            boundIterations = try c.decode(Int.self, forKey: .boundIterations)
            improvements = try c.decodeIfPresent([Improvement].self, forKey: .improvements) ?? []
        }
    }

    /// A new best complete placement found during a solve.
    public struct Improvement: Sendable, Hashable, Codable {
        /// Seconds since the solve started (compiling included).
        public var seconds: Double
        public var objective: Double
        public var method: String
        public init(seconds: Double, objective: Double, method: String) {
            (self.seconds, self.objective, self.method) = (seconds, objective, method)
        }
    }

    public var status: PlacementStatus
    public var objective: Objective?
    /// A proven lower bound on the objective of any complete placement.
    public var lowerBound: Double?
    /// (objective − lowerBound) / |objective|, a fraction.
    public var relativeGap: Double?
    public var assignments: [Assignment]
    public var utilisation: [Utilisation]
    public var unplaced: [Unplaced]
    /// When infeasible: which constraint family, clusters and functions make it so.
    public var infeasibility: [String]?
    public var statistics: Statistics

    public init(
        status: PlacementStatus, objective: Objective?, lowerBound: Double?, relativeGap: Double?,
        assignments: [Assignment], utilisation: [Utilisation], unplaced: [Unplaced], infeasibility: [String]?,
        statistics: Statistics
    ) {
        self.status = status
        self.objective = objective
        self.lowerBound = lowerBound
        self.relativeGap = relativeGap
        self.assignments = assignments
        self.utilisation = utilisation
        self.unplaced = unplaced
        self.infeasibility = infeasibility
        self.statistics = statistics
    }
}
