import ALTO
import Delivery
import Foundation
import Solver
import Testing

@Suite struct WorkloadTests {
    static func paths(_ w: Workload, id: String = "resize") -> [String] {
        w.problems(functionID: id, path: ".functions[2]").map(\.path)
    }

    @Test func aValidWorkloadHasNoProblems() {
        #expect(Self.paths(Workload(image: "nginx:1.27", kind: .knativeService, ports: [8080])).isEmpty)
    }

    @Test func eachFaultIsNamedByItsPath() {
        #expect(Self.paths(Workload(image: "")) == [".functions[2].workload.image"])
        #expect(Self.paths(Workload(image: "a b")) == [".functions[2].workload.image"])
        var unknown = Workload(image: "x")
        unknown.kind = "Pod"
        #expect(Self.paths(unknown) == [".functions[2].workload.kind"])
        #expect(Self.paths(Workload(image: "x"), id: "Resize_1") == [".functions[2].id"])
        // A Knative Service's name must start with a letter (DNS-1035); a Deployment's need not.
        #expect(Self.paths(Workload(image: "x", kind: .knativeService), id: "1fn") == [".functions[2].id"])
        #expect(Self.paths(Workload(image: "x", kind: .deployment), id: "1fn").isEmpty)
        #expect(Self.paths(Workload(image: "x", namespace: "Bad_NS")) == [".functions[2].workload.namespace"])
        #expect(Self.paths(Workload(image: "x", env: ["A=B": "1"])) == [".functions[2].workload.env"])
        #expect(
            Self.paths(Workload(image: "x", ports: [0, 80, 80])) == [
                ".functions[2].workload.ports[0]", ".functions[2].workload.ports[2]",
            ])
        #expect(
            Self.paths(Workload(image: "x", kind: .knativeService, ports: [80, 81])) == [".functions[2].workload.ports"]
        )
        #expect(
            Self.paths(Workload(image: "x", kind: .knativeService, ports: [9090])) == [
                ".functions[2].workload.ports[0]"
            ])
        #expect(
            Self.paths(Workload(image: "x", kind: .knativeService, env: ["PORT": "1"])) == [
                ".functions[2].workload.env"
            ])
    }

    @Test func demandBecomesQuantitiesRoundedUp() {
        #expect(ResourceQuantity.cpu(0.25) == "250m")
        #expect(ResourceQuantity.cpu(2) == "2")
        #expect(ResourceQuantity.cpu(1.5) == "1500m")
        #expect(ResourceQuantity.cpu(0.0001) == "1m")
        #expect(ResourceQuantity.cpu(0) == nil)
        #expect(ResourceQuantity.memory(0.5) == "512Mi")
        #expect(ResourceQuantity.memory(2) == "2Gi")
        #expect(ResourceQuantity.memory(0.001) == "2Mi")
        #expect(ResourceQuantity.parse("256Gi") == 274_877_906_944.0)
        #expect(ResourceQuantity.parse("500m") == 0.5)
        #expect(ResourceQuantity.parse("64") == 64)
        #expect(ResourceQuantity.parse("1e3") == 1000)
        #expect(ResourceQuantity.parse("lots") == nil)
        #expect(ResourceQuantity.parse("-1") == nil)
    }

    @Test func yamlReadsBackAsTheSameValues() {
        let value: JSONValue = .object([
            "kind": .string("Service"), "apiVersion": .string("v1"),
            "metadata": .object(["name": .string("x"), "labels": .object([:])]),
            "data": .object([
                "t": .string("true"), "n": .string("1.0"), "h": .string("0x1f"), "c": .string("a: b"),
                "e": .string(""), "q": .string("say \"hi\"\n"), "num": .number(8080), "list": .array([]),
                "nested": .array([.array([.number(1)]), .object(["a": .null, "b": .bool(false)])]),
            ]),
        ])
        let expected = """
            apiVersion: v1
            kind: Service
            metadata:
              name: x
              labels: {}
            data:
              c: "a: b"
              e: ""
              h: "0x1f"
              list: []
              "n": "1.0"
              nested:
              -
                - 1
              - a: null
                b: false
              num: 8080
              q: "say \\"hi\\"\\n"
              t: "true"

            """
        #expect(YAMLWriter.document(value) == expected)
        #expect(YAMLWriter.stream([("one", .object(["a": .string("b")]))]) == "---\n# one\na: b\n")
    }

    @Test func clusterProfilesAsKubectlPrintsThemBecomeClusters() throws {
        let list = """
            {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
             {"apiVersion": "multicluster.x-k8s.io/v1alpha1", "kind": "ClusterProfile",
              "metadata": {"name": "edge-west", "namespace": "fleet1", "labels": {"x-k8s.io/cluster-manager": "ocm"}},
              "spec": {"displayName": "west", "clusterManager": {"name": "ocm"}},
              "status": {"version": {"kubernetes": "1.31.0"}, "properties": [
                {"name": "cpu.capacity.altoplace.io", "value": "64"},
                {"name": "memory.capacity.altoplace.io", "value": "256Gi"},
                {"name": "pid.altoplace.io", "value": "b"},
                {"name": "location", "value": "apac", "lastObservedTime": "2024-01-01T00:00:00Z"},
                {"name": "clusterset.k8s.io", "value": "set-1"}]}},
             {"apiVersion": "multicluster.x-k8s.io/v1alpha1", "kind": "ClusterProfile",
              "metadata": {"name": "edge.east", "namespace": "fleet2"}, "spec": {"clusterManager": {"name": "ocm"}},
              "status": {"properties": [{"name": "cpu.capacity.altoplace.io", "value": "8000m"}]}}]}
            """
        let clusters = try ClusterProfileImport.clusters(from: JSONValue.parse(Array(list.utf8))).get()
        #expect(clusters.count == 2)
        let west = clusters[0]
        #expect(west.id == "edge-west")
        #expect(west.capacity?.cpu == 64)
        #expect(west.capacity?.ram == 256)
        #expect(west.pid == "b")
        #expect(west.labels["location"] == "apac")
        #expect(west.labels["clusterset.k8s.io"] == "set-1")
        #expect(west.labels["x-k8s.io/cluster-manager"] == "ocm")
        #expect(west.labels[ClusterProfileImport.namespaceLabel] == "fleet1")
        // A dotted profile name is not a cluster id: the id is mapped, the name kept, and
        // decisions name the profile as it is.
        let east = clusters[1]
        #expect(east.id == "edge_east")
        #expect(east.capacity?.cpu == 8)
        let cluster = Cluster(id: east.id, capacity: east.capacity ?? Resources(), labels: east.labels)
        #expect(ClusterProfileImport.profileName(cluster) == "edge.east")
        #expect(ClusterProfileImport.profileNamespace(cluster) == "fleet2")
    }

    @Test func aBadProfileIsRefusedWithItsPath() throws {
        let bad = """
            {"kind": "List", "items": [{"apiVersion": "multicluster.x-k8s.io/v1alpha1", "kind": "ClusterProfile",
             "metadata": {}}, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}},
             {"apiVersion": "multicluster.x-k8s.io/v1alpha1", "kind": "ClusterProfile", "metadata": {"name": "y"},
              "status": {"properties": [{"name": "cpu.capacity.altoplace.io", "value": "many"}]}}]}
            """
        guard case .failure(let failure) = ClusterProfileImport.clusters(from: try JSONValue.parse(Array(bad.utf8)))
        else {
            Issue.record("accepted")
            return
        }
        #expect(
            failure.problems.map(\.path) == [
                "items[0].metadata.name", "items[1].kind", "items[2].status.properties[0].value",
            ])
    }
}
