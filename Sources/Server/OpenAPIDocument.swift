import ALTO
import Foundation
import HTTPTypes
import Matrix
import Service
import Solver
import Store
import Topology

/// The OpenAPI 3.1 document served at `/openapi.json`, generated from the route list so
/// it cannot drift from the router (a test also compares the two).
public enum OpenAPIDocument {
    /// The document as an object tree.
    public static func object(routes: [RouteSpec]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            var operation: [String: Any] = [
                "operationId": route.operation, "summary": route.summary,
                "responses": responses(for: route),
            ]
            let parameters = route.path.split(separator: "/").filter { $0.first == "{" }.map {
                segment -> [String: Any] in
                [
                    "name": String(segment.dropFirst().dropLast()), "in": "path", "required": true,
                    "schema": ["type": "string"],
                ]
            }
            var allParameters = parameters
            if route.operation == "getDCInfo" {
                allParameters.append([
                    "name": "dcid", "in": "query", "required": false, "schema": ["type": "string"],
                    "description": "Only this data center.",
                ])
                allParameters.append([
                    "name": "Last-Event-ID", "in": "header", "required": false, "schema": ["type": "string"],
                    "description": "With Accept: text/event-stream, resume after this event id.",
                ])
            }
            if !allParameters.isEmpty { operation["parameters"] = allParameters }
            if let requestType = route.requestType {
                var content: [String: Any] = [requestType: ["schema": ["type": "object"]]]
                if route.operation == "putTopology" {
                    content["text/plain"] = ["schema": ["type": "string", "description": "Topology Zoo GML"]]
                }
                if route.operation == "postDCInfo" { content[ALTOMediaType.json] = ["schema": ["type": "object"]] }
                operation["requestBody"] = ["required": true, "content": content]
            }
            if route.method != .get {
                operation["security"] = [["bearer": [String]()], [String: Any]()]
            }
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "altoplace",
                "version": "1.0.0",
                "description":
                    "An RFC 7285 ALTO server with the data-center resource extension, cluster registry and topology updates.",
            ],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": [
                    "ALTOError": [
                        "type": "object",
                        "properties": [
                            "meta": [
                                "type": "object",
                                "required": ["code"],
                                "properties": [
                                    "code": ["type": "string", "enum": ALTOErrorCode.allCases.map(\.rawValue)],
                                    "field": ["type": "string"], "value": ["type": "string"],
                                    "syntax-error": ["type": "string"], "message": ["type": "string"],
                                ],
                            ]
                        ],
                    ],
                    "Failure": [
                        "type": "object",
                        "properties": [
                            "status": ["type": "integer"], "error": ["type": "string"], "message": ["type": "string"],
                        ],
                    ],
                ],
            ],
        ]
    }

    static func responses(for route: RouteSpec) -> [String: Any] {
        let failure: [String: Any] = ["application/json": ["schema": ["$ref": "#/components/schemas/Failure"]]]
        var out: [String: Any] = [:]
        let success: [String: Any] =
            route.successStatus == 204
            ? ["description": "Done."]
            : [
                "description": "Success.",
                "content": [
                    route.responseType: [
                        "schema": ["type": route.responseType.hasPrefix("text/") ? "string" : "object"]
                    ]
                ],
            ]
        out[String(route.successStatus)] = success
        if route.operation == "putCluster" {
            out["201"] = ["description": "Created.", "content": [route.responseType: ["schema": ["type": "object"]]]]
        }
        if route.method == .get,
            ["getDirectory", "getNetworkMap", "getCostMap", "getDCInfo", "getTopology"].contains(route.operation)
        {
            out["304"] = ["description": "Not modified (If-None-Match matched the ETag)."]
        }
        if route.requestType != nil {
            out["400"] = [
                "description":
                    "An RFC 7285 error: E_SYNTAX, E_MISSING_FIELD, E_INVALID_FIELD_TYPE or E_INVALID_FIELD_VALUE.",
                "content": [ALTOMediaType.error: ["schema": ["$ref": "#/components/schemas/ALTOError"]]],
            ]
            out["413"] = ["description": "The body is over the size limit.", "content": failure]
            out["415"] = ["description": "Unsupported Content-Type.", "content": failure]
        }
        if route.method != .get {
            out["401"] = ["description": "A bearer token is configured and missing or wrong.", "content": failure]
        }
        if route.path.contains("{") || route.operation == "getDCInfo" {
            out["404"] = ["description": "No such resource.", "content": failure]
        }
        out["406"] = ["description": "The Accept header admits no type this resource offers.", "content": failure]
        out["503"] = ["description": "Saturated or timed out; see Retry-After.", "content": failure]
        return out
    }

    /// The document as JSON text, keys sorted.
    public static func json(routes: [RouteSpec]) -> String {
        let data = try! JSONSerialization.data(
            withJSONObject: object(routes: routes), options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
