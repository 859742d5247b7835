import ALTO
public import Delivery
public import OpenAPIKit
public import Service
import Store

// The schemas of delivery: workloads, plans, agents' queues and outcomes.

extension Workload: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description:
                "What to run for a function (its id names the object and must then be a DNS-1123 label, DNS-1035 for KnativeService); requests and limits come from its demand.",
            properties: [
                "image": .string(minLength: 1),
                "kind": .string(allowedValues: "Deployment", "KnativeService"),
                "command": SchemaBuilding.optional(.array(items: .string)),
                "args": SchemaBuilding.optional(.array(items: .string)),
                "env": SchemaBuilding.optional(SchemaBuilding.map(.string)),
                "ports": SchemaBuilding.optional(
                    .array(items: .integer(maximum: (65535, exclusive: false), minimum: (1, exclusive: false)))),
                "namespace": SchemaBuilding.optional(.string),
            ])
    }
}

extension PlannedAction: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "One action: apply or delete an object on a cluster, in seq order.",
            properties: [
                "seq": .integer, "action": .string(allowedValues: "apply", "delete"), "function": .string,
                "placement": .string, "cluster": .string,
                "state": .string(allowedValues: "pending", "delivered", "failed", "superseded"),
                "after": .string(required: false), "attempts": .integer, "exitStatus": .integer(required: false),
                "message": .string(required: false), "retryAt": .string(required: false),
                "deliveredAt": .string(required: false), "object": .object,
            ])
    }
}

extension DeliveryPlan: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "A placement's decisions (one per function) and each cluster's ordered actions.",
            properties: [
                "placement": .string, "form": .string(allowedValues: "kep5313", "ocm"),
                "decisions": .array(items: .object),
                "clusters": SchemaBuilding.map(.array(items: PlannedAction.reference)),
            ])
    }
}

extension ClusterActions: DocumentSchema {
    public static var schema: JSONSchema {
        .object(properties: ["cluster": .string, "actions": .array(items: PlannedAction.reference)])
    }
}

extension ActionOutcome: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description:
                "What the agent's command did: delivered, or failed with its exit status and the last lines of its output; at is when (RFC 3339, the agent's clock).",
            properties: [
                "outcome": .string(allowedValues: "delivered", "failed"),
                "exitStatus": SchemaBuilding.optional(.integer),
                "output": SchemaBuilding.optional(.string),
                "at": SchemaBuilding.optional(.string),
            ])
    }
}

extension OutcomeReceipt: DocumentSchema {
    public static var schema: JSONSchema {
        .object(properties: [
            "recorded": .string(allowedValues: "delivered", "failed", "superseded", "repeated"),
            "retryAt": .string(required: false),
        ])
    }
}

extension FunctionDelivery: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            description: "A delivered function's state and where copies of it run now.",
            properties: [
                "action": .string(allowedValues: "apply", "delete"),
                "state": .string(allowedValues: "pending", "delivered", "failed", "superseded"), "cluster": .string,
                "runningOn": .array(items: .string), "transferredTo": .string(required: false), "attempts": .integer,
                "exitStatus": .integer(required: false), "message": .string(required: false),
                "retryAt": .string(required: false),
            ])
    }
}

extension ImportedClusters: DocumentSchema {
    public static var schema: JSONSchema { .object(properties: ["registered": .array(items: .string)]) }
}

/// The body of `POST /clusterprofiles`: a ClusterProfile, or a list of them.
enum ClusterProfileBody: DocumentSchema {
    static var schema: JSONSchema {
        .object(
            description:
                "A ClusterProfile (multicluster.x-k8s.io/v1alpha1), or a List of them with items; capacity from the status.properties cpu.capacity.altoplace.io, memory.capacity.altoplace.io, power.capacity.altoplace.io.",
            properties: [:])
    }
}
