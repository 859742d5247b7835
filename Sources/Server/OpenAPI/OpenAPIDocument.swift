import ALTO
import Delivery
import Foundation
import HTTPTypes
import OpenAPIKit
import Service
import Solver
import Store

/// The OpenAPI 3.1 document of the server, built from the same routes that serve
/// requests (``ALTOServer/routes``) and the schemas of the types they read and write.
enum OpenAPIDocument {
    /// Every component schema: the request and response types, and the types they refer to.
    static let components: [any DocumentSchema.Type] =
        ALTOSchemas.all + [
            TopologySchema.self, Problem.self, ProblemDocument.self, Resources.self, FunctionDemand.self,
            Cluster.self, TrafficSource.self, PlacementFunction.self, ObjectiveWeights.self, SolveOptions.self,
            InlineCostMatrix.self, NetworkSpec.self, PlacementRequest.self, PlacementResult.self,
            PlacementSubmission.self, PlacementOutcome.self, ResourceAmounts.self, PlacementSummary.self,
            PlacementList.self, PlacementDocument.self, ClusterRegistration.self, ClusterDocument.self,
            ClusterList.self, RankRequest.self, Ranking.self, WhatIfScenario.self, WhatIfRequest.self,
            WhatIfReport.self, TopologyChange.self, Health.self, Workload.self, PlannedAction.self, DeliveryPlan.self,
            ClusterActions.self, ActionOutcome.self, OutcomeReceipt.self, FunctionDelivery.self, ImportedClusters.self,
            ClusterProfileBody.self,
        ]

    static func contentType(_ text: String) -> OpenAPI.ContentType {
        OpenAPI.ContentType(rawValue: text) ?? .json
    }

    static func content(_ schema: (any DocumentSchema.Type)?) -> OpenAPI.Content {
        if let schema { return OpenAPI.Content(schemaReference: .component(named: schema.schemaName)) }
        return OpenAPI.Content(schema: .string)
    }

    /// An error answer: a problem document, or on an ALTO resource's 400 an RFC 7285 error.
    static func error(_ summary: String, alto: Bool = false, headers: [String] = []) -> OpenAPI.Response {
        var content: OpenAPI.Content.Map = [
            contentType(ProblemDocument.mediaType): .content(content(ProblemDocument.self))
        ]
        if alto {
            content[contentType(ALTOMediaType.error)] = .content(self.content(ALTOSchemas.ErrorDocument.self))
        }
        var headerMap: OpenAPI.Header.Map = [:]
        for name in headers { headerMap[name] = .header(OpenAPI.Header(schema: .string, required: true)) }
        return OpenAPI.Response(description: summary, headers: headerMap.isEmpty ? nil : headerMap, content: content)
    }

    static func operation(_ route: Route) -> OpenAPI.Operation {
        var parameters: OpenAPI.Parameter.Array = []
        for p in route.parameters {
            var schema: JSONSchema = .string
            if let values = p.values {
                schema = .string(allowedValues: values.map { AnyCodable($0) })
            } else if let pattern = p.pattern {
                schema = .string(pattern: pattern)
            }
            let parameter: OpenAPI.Parameter =
                switch p.location {
                case .path: .path(name: p.name, schema: schema, description: p.summary)
                case .query: .query(name: p.name, required: p.required, schema: schema, description: p.summary)
                case .header: .header(name: p.name, required: p.required, schema: schema, description: p.summary)
                }
            parameters.append(.parameter(parameter))
        }
        var responses: OpenAPI.Response.Map = [:]
        for reply in route.replies {
            var content: OpenAPI.Content.Map = [:]
            for (mediaType, schema) in reply.content {
                content[contentType(mediaType)] = .content(self.content(schema))
            }
            var headers: OpenAPI.Header.Map = [:]
            for name in reply.headers { headers[name] = .header(OpenAPI.Header(schema: .string, required: true)) }
            responses[OpenAPI.Response.StatusCode(integerLiteral: reply.status)] = .response(
                OpenAPI.Response(
                    description: reply.summary, headers: headers.isEmpty ? nil : headers,
                    content: content))
        }
        let hasInput = route.body != nil || !route.parameters.filter { $0.location != .path }.isEmpty
        if route.body != nil || hasInput || route.method == .put || route.method == .post {
            responses[400] = .response(error("The request is invalid; every problem is listed.", alto: route.isALTO))
        }
        if route.needsToken || route.readProtected {
            responses[401] = .response(error("A token is required.", headers: ["WWW-Authenticate"]))
        }
        responses[404] = .response(error("No such resource."))
        responses[405] = .response(error("The method is not allowed here.", headers: ["Allow"]))
        responses[406] = .response(error("The Accept header admits none of this route's media types."))
        if route.operation == "postPlacement" || route.operation == "deletePlacement" {
            responses[409] = .response(error("It clashes with the current state; nothing was changed."))
        }
        if route.body != nil {
            responses[413] = .response(error("The body or the model is over a size limit."))
            responses[415] = .response(error("The Content-Type is not one this route reads."))
        }
        if route.operation == "postPlacement" {
            responses[422] = .response(error("The Idempotency-Key was used with another body."))
        }
        responses[500] = .response(error("The server failed its own check; the log has details."))
        if route.needsToken {
            responses[507] = .response(
                error("The store's disk is full; nothing was written. Retry later.", headers: ["Retry-After"]))
        }
        responses[503] = .response(
            error("At the concurrency limit or past the request timeout.", headers: ["Retry-After"]))
        var body: OpenAPI.Request? = nil
        if let b = route.body {
            var content: OpenAPI.Content.Map = [:]
            for mediaType in b.mediaTypes {
                content[contentType(mediaType)] = .content(
                    mediaType.hasSuffix("json") ? self.content(b.schema) : OpenAPI.Content(schema: .string))
            }
            body = OpenAPI.Request(content: content, required: true)
        }
        return OpenAPI.Operation(
            summary: route.summary, operationId: route.operation, parameters: parameters, requestBody: body,
            responses: responses,
            security: route.needsToken || route.readProtected ? [[.component(named: "bearer"): []]] : nil)
    }

    /// The document for `routes`.
    static func make(routes: [Route]) -> OpenAPI.Document {
        var paths: OpenAPI.PathItem.Map = [:]
        for route in routes {
            let key = OpenAPI.Path(rawValue: route.path)
            var item = paths[key]?.pathItemValue ?? OpenAPI.PathItem()
            let operation = operation(route)
            switch route.method {
            case .get: item.get = operation
            case .put: item.put = operation
            case .post: item.post = operation
            case .delete: item.delete = operation
            case .patch: item.patch = operation
            default: continue
            }
            paths[key] = .pathItem(item)
        }
        var schemas: OpenAPI.ComponentDictionary<JSONSchema> = [:]
        for type in components { schemas[OpenAPI.ComponentKey(rawValue: type.schemaName)!] = type.schema }
        return OpenAPI.Document(
            openAPIVersion: .v3_1_1,
            info: OpenAPI.Document.Info(
                title: "altoplace",
                description:
                    "ALTO (RFC 7285) maps computed from a topology, data-center resource information, and joint placement of functions on clusters. Errors: RFC 7285 application/alto-error+json on the ALTO resources, RFC 9457 application/problem+json everywhere else.",
                version: "1"),
            servers: [],
            paths: paths,
            components: OpenAPI.Components(
                schemas: schemas,
                securitySchemes: [
                    "bearer": .securityScheme(
                        OpenAPI.SecurityScheme(
                            type: .http(scheme: "bearer", bearerFormat: nil),
                            description: "Needed on writes when the server runs with a token."))
                ]))
    }

    /// The document as JSON, keys sorted.
    static func json(routes: [Route]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(make(routes: routes))) ?? Data("{}".utf8))
    }
}
