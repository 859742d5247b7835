import ALTO
import OpenAPIKit

/// The schemas of the RFC 7285 documents (and the data-center extension's). These
/// documents are rendered straight to bytes on the hot paths (cached cost maps), so they
/// have no Swift types of their own to hang a schema on; each is described here instead,
/// and a test checks every document the server sends against its schema.
enum ALTOSchemas {
    static let costModes = CostMode.allCases.map(\.rawValue)
    static let costMetrics = Array(Set(ALTOCostType.allCases.map(\.metricName))).sorted()

    /// A version tag (§10.3).
    enum VTag: DocumentSchema {
        static var schema: JSONSchema { .object(properties: ["resource-id": .string, "tag": .string(minLength: 1)]) }
    }

    /// A cost type (§10.7) as the server offers it.
    enum CostType: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                properties: [
                    "cost-mode": .string(allowedValues: costModes.map { AnyCodable($0) }),
                    "cost-metric": .string(allowedValues: costMetrics.map { AnyCodable($0) }),
                    "description": .string(required: false),
                ])
        }
    }

    /// `{source: {destination: cost}}` (§11.2.3.6, §11.5.1.6).
    static let costs = SchemaBuilding.map(SchemaBuilding.map(.number))

    enum Directory: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description: "The Information Resource Directory (§9.2).",
                properties: [
                    "meta": .object(
                        properties: [
                            "cost-types": SchemaBuilding.map(CostType.reference),
                            "default-alto-network-map": .string,
                        ]),
                    "resources": SchemaBuilding.map(
                        .object(
                            properties: [
                                "uri": .string, "media-type": .string, "accepts": .string(required: false),
                                "capabilities": .object(required: false),
                                "uses": .array(required: false, items: .string),
                            ])),
                ])
        }
    }

    enum NetworkMap: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description: "A network map (§11.2.1.6): each PID's prefixes by address type.",
                properties: [
                    "meta": .object(properties: ["vtag": VTag.reference]),
                    "network-map": SchemaBuilding.map(SchemaBuilding.map(.array(items: .string))),
                ])
        }
    }

    enum NetworkMapFilter: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description:
                    "PIDs to keep (empty: all) and address types (ipv4, ipv6; empty or absent: all) (§11.3.1.3).",
                properties: [
                    "pids": .array(items: .string),
                    "address-types": SchemaBuilding.optional(.array(items: .string(allowedValues: "ipv4", "ipv6"))),
                ])
        }
    }

    enum CostMap: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description: "A cost map (§11.2.3.6).",
                properties: [
                    "meta": .object(
                        properties: ["dependent-vtags": .array(items: VTag.reference), "cost-type": CostType.reference]
                    ),
                    "cost-map": costs,
                ])
        }
    }

    /// `[lt|le|gt|ge|eq] <number>` (§11.3.2.3).
    static let constraint = JSONSchema.string(pattern: "^(lt|le|gt|ge|eq) -?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$")

    enum CostMapFilter: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description: "A cost type, optional constraints, and source and destination PIDs (§11.3.2.3).",
                properties: [
                    "cost-type": .object(
                        properties: [
                            "cost-mode": .string(allowedValues: costModes.map { AnyCodable($0) }),
                            "cost-metric": .string(allowedValues: costMetrics.map { AnyCodable($0) }),
                        ]),
                    "constraints": SchemaBuilding.optional(.array(items: constraint)),
                    "pids": SchemaBuilding.optional(
                        .object(properties: ["srcs": .array(items: .string), "dsts": .array(items: .string)])),
                ])
        }
    }

    /// A typed endpoint address (§10.4.1).
    static let endpoint = JSONSchema.string(pattern: "^ipv(4|6):[0-9A-Fa-f:.]+$")

    enum EndpointPropertyParams: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description: "Properties (the network map's pid) of endpoint addresses (§11.4.1.3).",
                properties: [
                    "properties": .array(items: .string(allowedValues: AnyCodable(ALTOController.pidProperty))),
                    "endpoints": .array(items: endpoint),
                ])
        }
    }

    enum EndpointProperties: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                properties: [
                    "meta": .object(properties: ["dependent-vtags": .array(items: VTag.reference)]),
                    "endpoint-properties": SchemaBuilding.map(SchemaBuilding.map(.string)),
                ])
        }
    }

    enum EndpointCostParams: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description:
                    "A cost type, optional constraints, and endpoints: dsts (required) and srcs (else the client's address) (§11.5.1.3).",
                properties: [
                    "cost-type": .object(
                        properties: [
                            "cost-mode": .string(allowedValues: costModes.map { AnyCodable($0) }),
                            "cost-metric": .string(allowedValues: costMetrics.map { AnyCodable($0) }),
                        ]),
                    "constraints": SchemaBuilding.optional(.array(items: constraint)),
                    "endpoints": .object(
                        properties: [
                            "srcs": SchemaBuilding.optional(.array(items: endpoint)),
                            "dsts": .array(minItems: 1, items: endpoint),
                        ]),
                ])
        }
    }

    enum EndpointCosts: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                properties: [
                    "meta": .object(properties: ["cost-type": CostType.reference]),
                    "endpoint-cost-map": costs,
                ])
        }
    }

    /// A `dcid`: a whole number (the draft's type) or a PID-like string.
    static var dcid: JSONSchema {
        .one(
            of: .string(pattern: PIDNaming.pattern),
            .integer(maximum: (9_007_199_254_740_991, exclusive: false), minimum: (0, exclusive: false)))
    }

    /// `addr`: one address (plain or typed) or a list of 1-16.
    static var dcAddr: JSONSchema { .one(of: .string, .array(minItems: 1, maxItems: 16, items: .string)) }

    static var percent: JSONSchema { .number(maximum: (100, exclusive: false), minimum: (0, exclusive: false)) }

    /// One data center's report as stored and served (draft-lee §4.1), with the server's
    /// `vtag`, `age` and `stale`; other members are the report's extensions, kept.
    enum DCInfo: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                properties: [
                    "dcid": ALTOSchemas.dcid, "addr": ALTOSchemas.dcAddr, "timestamp": .string,
                    "ramusage": ALTOSchemas.percent, "srvload": ALTOSchemas.percent,
                    "powerusage": SchemaBuilding.nonNegative.optionalSchemaObject(),
                    "cost": SchemaBuilding.nonNegative, "vtag": .string, "age": SchemaBuilding.nonNegative,
                    "stale": .boolean,
                ])
        }
    }

    enum DCInfoDocument: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                description:
                    "Data-center resource information: the newest report of each data center (dc-info an array), or of one (?dcid=, and at an agent: the draft's InfoDCResource, dc-info one object).",
                properties: [
                    "meta": .object(properties: ["vtag": VTag.reference]),
                    "dc-info": .one(of: .array(items: DCInfo.reference), DCInfo.reference),
                ])
        }
    }

    /// The members a report may carry.
    static var reportObject: JSONSchema {
        .object(
            description:
                "A report: ramusage and srvload in percent, powerusage in W (optional), cost per core; timestamp RFC 3339 or '02 January 2014 0000H UTC', defaults to receipt; extensions capacity {cpu, ram, power}, carbonintensity (gCO2/kWh), powerestimated, and any other member, kept.",
            properties: [
                "dcid": ALTOSchemas.dcid, "addr": ALTOSchemas.dcAddr,
                "timestamp": SchemaBuilding.optional(.string),
                "ramusage": ALTOSchemas.percent, "srvload": ALTOSchemas.percent,
                "powerusage": SchemaBuilding.optional(SchemaBuilding.nonNegative), "cost": SchemaBuilding.nonNegative,
                "carbonintensity": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                "powerestimated": SchemaBuilding.optional(.boolean),
                "capacity": SchemaBuilding.optional(
                    .object(
                        properties: [
                            "cpu": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                            "ram": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                            "power": SchemaBuilding.optional(SchemaBuilding.nonNegative),
                        ], additionalProperties: .a(false))),
            ])
    }

    enum DCInfoReport: DocumentSchema {
        static var schema: JSONSchema {
            .any(
                of: ALTOSchemas.reportObject,
                .object(
                    description: "The draft's wrapper: one report, or a list of 1-1000.",
                    properties: [
                        "meta": SchemaBuilding.optional(.object(properties: [:])),
                        "dc-info": .one(
                            of: ALTOSchemas.reportObject,
                            .array(minItems: 1, maxItems: 1000, items: ALTOSchemas.reportObject)),
                    ]))
        }
    }

    /// An RFC 9240 property map: entity id → property name → value.
    enum PropertyMap: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                properties: [
                    "meta": .object(properties: ["dependent-vtags": .array(items: VTag.reference)]),
                    "property-map": SchemaBuilding.map(SchemaBuilding.map(.fragment(.init()))),
                ])
        }
    }

    /// RFC 9240 `ReqFilteredPropertyMap`.
    enum PropertyMapParams: DocumentSchema {
        static var schema: JSONSchema {
            .object(
                properties: [
                    "entities": .array(minItems: 1, items: .string), "properties": .array(minItems: 1, items: .string),
                ])
        }
    }

    /// An RFC 7285 error (§8.5.2).
    enum ErrorDocument: DocumentSchema {
        static var schemaName: String { "ALTOError" }
        static var schema: JSONSchema {
            .object(
                properties: [
                    "meta": .object(
                        properties: [
                            "code": .string(allowedValues: ALTOErrorCode.allCases.map { AnyCodable($0.rawValue) }),
                            "syntax-error": .string(required: false), "field": .string(required: false),
                            "value": .string(required: false), "message": .string(required: false),
                        ])
                ])
        }
    }

    /// Every schema above.
    static let all: [any DocumentSchema.Type] = [
        VTag.self, CostType.self, Directory.self, NetworkMap.self, NetworkMapFilter.self, CostMap.self,
        CostMapFilter.self, EndpointPropertyParams.self, EndpointProperties.self, EndpointCostParams.self,
        EndpointCosts.self, DCInfo.self, DCInfoDocument.self, DCInfoReport.self, PropertyMap.self,
        PropertyMapParams.self, ErrorDocument.self,
    ]
}

/// The altoplace topology JSON (`GET`/`PUT /topology`): nodes (id, label, coordinates,
/// prefixes) and links (source, target, delay in ms, bandwidth in Mbit/s).
enum TopologySchema: DocumentSchema {
    static var schemaName: String { "Topology" }
    static var schema: JSONSchema {
        let id = JSONSchema.one(of: .string, .number)  // a number stands for its decimal text
        return .object(
            properties: [
                "directed": SchemaBuilding.optional(.boolean),
                "nodes": .array(
                    items: .object(
                        properties: [
                            "id": id, "label": SchemaBuilding.optional(.string),
                            "latitude": SchemaBuilding.optional(.number), "longitude": SchemaBuilding.optional(.number),
                            "prefixes": SchemaBuilding.optional(.array(items: .string)),
                        ])),
                "links": .array(
                    items: .object(
                        properties: [
                            "source": id, "target": id, "delay": SchemaBuilding.optional(.number),
                            "bandwidth": SchemaBuilding.optional(.number),
                        ])),
            ])
    }
}
