import Delivery
public import OpenAPIKit
public import Solver

// The schemas of the solver's request and result types, as the server reads and writes
// them. Constraints listed are those `PlacementRequest.problems()` enforces.

extension Resources: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "Amounts: cpu in cores, ram in GiB, power in W (each ≥ 0).",
            properties: [
                "cpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "ram": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "power": SchemaBuilding.optional(SchemaBuilding.nonNegative),
            ])
    }
}

extension FunctionDemand: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "What one function needs: cpu in cores, ram in GiB.",
            properties: [
                "cpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "ram": SchemaBuilding.optional(SchemaBuilding.nonNegative),
            ])
    }
}

extension Cluster: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "A cluster functions may run on.",
            properties: [
                "id": .string(minLength: 1),
                "capacity": Resources.reference,
                "usage": SchemaBuilding.optional(Resources.self),
                "wattsPerCpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "pricePerCpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "labels": SchemaBuilding.optional(SchemaBuilding.map(.string)),
                "pid": SchemaBuilding.optional(.string),
                "carbonIntensity": SchemaBuilding.optional(SchemaBuilding.nonNegative),
            ])
    }
}

extension TrafficSource: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "Traffic into a function from a PID (or an ipv4:/ipv6: endpoint), in Mbit/s.",
            properties: ["pid": .string, "rate": SchemaBuilding.nonNegative])
    }
}

extension PlacementFunction: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "A function to place.",
            properties: [
                "id": .string(minLength: 1),
                "demand": FunctionDemand.reference,
                "demandByCluster": SchemaBuilding.optional(SchemaBuilding.map(FunctionDemand.reference)),
                "costByCluster": SchemaBuilding.optional(SchemaBuilding.map(SchemaBuilding.nonNegative)),
                "traffic": SchemaBuilding.optional(.array(items: TrafficSource.reference)),
                "maxLatency": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "requireLabels": SchemaBuilding.optional(SchemaBuilding.map(.string)),
                "avoidLabels": SchemaBuilding.optional(SchemaBuilding.map(.string)),
                "antiAffinity": SchemaBuilding.optional(.array(items: .string)),
                "colocate": SchemaBuilding.optional(.array(items: .string)),
                "current": SchemaBuilding.optional(.string),
                "migrationCost": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "priority": SchemaBuilding.optional(SchemaBuilding.positive),
                "workload": SchemaBuilding.optional(Workload.self),
            ])
    }
}

extension ObjectiveWeights: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description:
                "Weights of the objective's terms (each ≥ 0; default 1, carbon's 0: grams CO2 per hour of added power, W × carbonIntensity / 1000).",
            properties: [
                "network": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "price": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "energy": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "migration": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "carbon": SchemaBuilding.optional(SchemaBuilding.nonNegative),
            ])
    }
}

extension SolveOptions: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description:
                "How to solve: a time limit (s), a relative gap to stop at, a seed, and whether to place what fits.",
            properties: [
                "timeLimit": SchemaBuilding.optional(SchemaBuilding.positive),
                "relativeGap": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "seed": SchemaBuilding.optional(.integer(minimum: (0, exclusive: false))),
                "allowPartial": SchemaBuilding.optional(.boolean),
            ])
    }
}

extension InlineCostMatrix: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "One-way latencies (ms) between PIDs; null where unreachable.",
            properties: [
                "pids": .array(items: .string),
                "costs": .array(items: .array(items: .number(nullable: true, minimum: (0, exclusive: false)))),
            ])
    }
}

extension NetworkSpec: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "The network to cost traffic on; over HTTP, costMatrix (or leave network out).",
            properties: [
                "topologyFile": SchemaBuilding.optional(.string),
                "costMatrix": SchemaBuilding.optional(InlineCostMatrix.self),
            ])
    }
}

extension PlacementRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "A placement request as solved (clusters resolved).",
            properties: [
                "clusters": .array(items: Cluster.reference),
                "functions": .array(items: PlacementFunction.reference),
                "objective": SchemaBuilding.optional(ObjectiveWeights.self),
                "options": SchemaBuilding.optional(SolveOptions.self),
                "network": SchemaBuilding.optional(NetworkSpec.self),
            ])
    }
}

extension PlacementResult: DocumentSchema {
    public static var schema: JSONSchema {
        let objective = JSONSchema.object(
            properties: [
                "total": .number, "network": .number, "price": .number, "energy": .number, "migration": .number,
                "extra": .number,
            ])
        return .object(
            description:
                "The solver's answer: status, objective and its terms, the proven lower bound and gap, where each function runs, and every function left unplaced with the reason.",
            properties: [
                "status": .string(allowedValues: "optimal", "feasible", "infeasible", "timeLimit"),
                "objective": objective.optionalSchemaObject(),
                "lowerBound": .number(required: false),
                "relativeGap": .number(required: false),
                "assignments": .array(items: .object(properties: ["function": .string, "cluster": .string])),
                "utilisation": .array(
                    items: .object(
                        properties: ["cluster": .string, "used": Resources.reference, "capacity": Resources.reference])),
                "unplaced": .array(items: .object(properties: ["function": .string, "reason": .string])),
                "infeasibility": .array(required: false, items: .string),
                "statistics": .object(
                    properties: [
                        "seconds": SchemaBuilding.map(.number),
                        "nodes": .integer(minimum: (0, exclusive: false)),
                        "incumbentMethod": .string,
                        "boundIterations": .integer(minimum: (0, exclusive: false)),
                        "improvements": .array(
                            items: .object(properties: ["seconds": .number, "objective": .number, "method": .string])),
                    ]),
            ])
    }
}
