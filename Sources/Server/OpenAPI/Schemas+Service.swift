import ALTO
public import OpenAPIKit
public import Service
import Solver
public import Store

// The schemas of the service's request and response documents.

extension Problem: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description:
                "One thing wrong with a request: where (a JSON path, header or parameter; empty for the whole) and what.",
            properties: ["path": .string, "message": .string])
    }
}

extension ProblemDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "An RFC 9457 problem document, with every problem found in the request.",
            properties: [
                "type": .string, "title": .string, "status": .integer(minimum: (400, exclusive: false)),
                "detail": .string, "problems": .array(items: Problem.reference),
            ])
    }
}

extension PlacementSubmission: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description:
                "A batch to place: clusters (else the registered ones), functions (traffic by PID or ipv4:/ipv6: endpoint), objective weights, options, an inline network (else the server's topology), and dryRun.",
            properties: [
                "clusters": SchemaBuilding.optional(.array(items: Cluster.reference)),
                "functions": .array(items: PlacementFunction.reference),
                "objective": SchemaBuilding.optional(ObjectiveWeights.self),
                "options": SchemaBuilding.optional(SolveOptions.self),
                "network": SchemaBuilding.optional(NetworkSpec.self),
                "dryRun": SchemaBuilding.optional(.boolean),
                "staleDataCenters": SchemaBuilding.optional(.string(allowedValues: "exclude", "use")),
            ])
    }
}

extension PlacementOutcome: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "The answer of POST /placements: the id when committed (else null), and the checked result.",
            properties: [
                "id": .string(nullable: true), "committed": .boolean, "dryRun": .boolean, "requestId": .string,
                "result": PlacementResult.reference,
                "dataCenters": .array(items: DataCenterStatusSchema.schema),
            ])
    }
}

extension ResourceAmounts: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "What a placement holds on a cluster: cores, GiB, W.",
            properties: ["cpu": .number, "ram": .number, "power": .number])
    }
}

extension PlacementSummary: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            properties: [
                "id": .string, "state": .string(allowedValues: "committed", "released"), "createdAt": .string,
                "releasedAt": .string(required: false), "consumption": SchemaBuilding.map(ResourceAmounts.reference),
            ])
    }
}

extension PlacementList: DocumentSchema {
    public static var schema: JSONSchema {
        .object(properties: ["placements": .array(items: PlacementSummary.reference)])
    }
}

extension PlacementDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            properties: [
                "id": .string, "state": .string(allowedValues: "committed", "released"), "createdAt": .string,
                "releasedAt": .string(required: false), "consumption": SchemaBuilding.map(ResourceAmounts.reference),
                "result": PlacementResult.reference,
                "delivery": SchemaBuilding.map(FunctionDelivery.reference),
            ])
    }
}

extension ClusterRegistration: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description:
                "A cluster's registration: capacity (required without dcinfoSource), usage, prices, labels, addr or pid, and dcinfoSource, the URL of its data center's agent to follow.",
            properties: [
                "id": SchemaBuilding.optional(.string),
                "capacity": SchemaBuilding.optional(Resources.self),
                "dcinfoSource": SchemaBuilding.optional(.string),
                "usage": SchemaBuilding.optional(Resources.self),
                "wattsPerCpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "pricePerCpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "labels": SchemaBuilding.optional(SchemaBuilding.map(.string)),
                "addr": SchemaBuilding.optional(.string),
                "pid": SchemaBuilding.optional(.string),
            ])
    }
}

extension ClusterDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "A registered cluster, its pid located on the current network map.",
            properties: [
                "id": .string, "capacity": Resources.reference, "usage": Resources.reference.optionalSchemaObject(),
                "wattsPerCpu": .number(required: false), "pricePerCpu": .number(required: false),
                "labels": SchemaBuilding.map(.string, required: false), "pid": .string(required: false),
                "addr": .string(required: false), "dcinfoSource": .string(required: false),
                "carbonIntensity": .number(required: false),
            ])
    }
}

extension ClusterList: DocumentSchema {
    public static var schema: JSONSchema { .object(properties: ["clusters": .array(items: ClusterDocument.reference)]) }
}

extension RankRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "One function to rank the clusters for; clusters default to the registered ones.",
            properties: [
                "function": PlacementFunction.reference,
                "clusters": SchemaBuilding.optional(.array(items: Cluster.reference)),
                "objective": SchemaBuilding.optional(ObjectiveWeights.self),
                "network": SchemaBuilding.optional(NetworkSpec.self),
                "staleDataCenters": SchemaBuilding.optional(.string(allowedValues: "exclude", "use")),
            ])
    }
}

/// A registered cluster's data center as a placement or ranking saw it.
enum DataCenterStatusSchema {
    static var schema: JSONSchema {
        .object(
            properties: [
                "cluster": .string, "dcid": .one(of: .string, .integer, .null()),
                "age": .number(nullable: true), "stale": .boolean, "excluded": .string(required: false),
            ])
    }
}

extension Ranking: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            properties: [
                "function": .string,
                "ranking": .array(
                    items: .object(
                        properties: [
                            "rank": .integer(minimum: (1, exclusive: false)), "cluster": .string, "total": .number,
                            "breakdown": .object(
                                properties: [
                                    "network": .number, "price": .number, "energy": .number, "migration": .number,
                                    "extra": .number,
                                ]),
                            "latency": .number(nullable: true), "demand": Resources.reference,
                            "free": Resources.reference,
                        ])),
                "excluded": .array(items: .object(properties: ["cluster": .string, "reason": .string])),
                "dataCenters": .array(items: DataCenterStatusSchema.schema),
            ])
    }
}

extension WhatIfScenario: DocumentSchema {
    public static var schema: JSONSchema {
        let link = JSONSchema.object(properties: ["source": .string, "target": .string])
        let change = JSONSchema.object(
            description:
                "Exactly one of: clusterDown, linkDown, trafficScale, capacity, addFunctions, removeFunctions.",
            properties: [
                "clusterDown": SchemaBuilding.optional(.string),
                "linkDown": link.optionalSchemaObject().nullableSchemaObject(),
                "trafficScale": SchemaBuilding.optional(
                    .object(
                        properties: [
                            "factor": SchemaBuilding.nonNegative,
                            "functions": SchemaBuilding.optional(.array(items: .string)),
                        ])),
                "capacity": SchemaBuilding.optional(
                    .object(
                        properties: [
                            "cluster": .string, "cpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                            "ram": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                            "power": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                        ], additionalProperties: .a(false))),
                "addFunctions": SchemaBuilding.optional(.array(items: PlacementFunction.reference)),
                "removeFunctions": SchemaBuilding.optional(.array(items: .string)),
            ])
        return .object(properties: ["name": .string, "changes": .array(items: change)])
    }
}

extension WhatIfRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "A base (\"committed\" or an inline placement request) and named scenarios.",
            properties: [
                "base": .one(of: .string(allowedValues: "committed"), PlacementSubmission.reference),
                "scenarios": .array(items: WhatIfScenario.reference),
                "options": SchemaBuilding.optional(SolveOptions.self),
            ])
    }
}

extension WhatIfReport: DocumentSchema {
    public static var schema: JSONSchema {
        let objective = JSONSchema.object(
            nullable: true,
            properties: [
                "total": .number, "network": .number, "price": .number, "energy": .number, "migration": .number,
                "extra": .number,
            ])
        let outcome = JSONSchema.object(
            properties: [
                "name": .string, "status": .string, "feasible": .boolean, "objective": objective,
                "delta": .number(nullable: true), "moved": .integer(minimum: (0, exclusive: false)),
                "movedFunctions": .array(
                    items: .object(
                        properties: [
                            "function": .string, "from": SchemaBuilding.optional(.string),
                            "to": SchemaBuilding.optional(.string),
                        ])),
                "unplaced": .integer(minimum: (0, exclusive: false)),
                "unplacedFunctions": .array(items: .object(properties: ["function": .string, "reason": .string])),
                "seconds": .number, "error": .string(nullable: true),
            ])
        return .object(
            properties: [
                "base": .object(
                    properties: [
                        "status": .string, "objective": objective, "placed": .integer(minimum: (0, exclusive: false)),
                        "unplaced": .integer(minimum: (0, exclusive: false)),
                    ]),
                "scenarios": .array(items: outcome), "seconds": .number,
            ])
    }
}

extension TopologyChange: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            properties: [
                "version": .integer(minimum: (1, exclusive: false)), "vtag": ALTOSchemas.VTag.reference,
                "nodes": .integer(minimum: (0, exclusive: false)), "links": .integer(minimum: (0, exclusive: false)),
                "computeSeconds": .number, "warnings": .array(items: .string),
            ])
    }
}

extension Health: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            properties: [
                "status": .string(allowedValues: "ok", "saturated"), "topologyVersion": .integer,
                "pids": .integer(minimum: (0, exclusive: false)),
                "dataCenters": .integer(minimum: (0, exclusive: false)),
                "requestsInFlight": .integer(minimum: (0, exclusive: false)),
                "requestLimit": .integer(minimum: (1, exclusive: false)),
                "connections": .integer(minimum: (0, exclusive: false)),
                "connectionLimit": .integer(minimum: (1, exclusive: false)),
                "pushClients": .integer(minimum: (0, exclusive: false)),
            ])
    }
}
