import Foundation
import Testing

@Suite("altoplace deliver")
struct DeliverCommandTests {
    @Test("a request with workloads becomes decisions and per-cluster objects, a move applied before the old copy goes")
    func planOffline() throws {
        let planned = try CLI.run(["deliver", "Data/requests/delivery-small.json", "--placement", "nightly"])
        #expect(planned.status == 0, "\(planned.stderr)")
        let plan = try #require(JSONSerialization.jsonObject(with: Data(planned.stdout.utf8)) as? [String: Any])
        let decisions = try #require(plan["decisions"] as? [[String: Any]])
        #expect(decisions.count == 4)
        #expect(decisions.allSatisfy { $0["apiVersion"] as? String == "multicluster.x-k8s.io/v1alpha1" })
        let clusters = try #require(plan["clusters"] as? [String: [[String: Any]]])
        // resize is cheapest on edge-1 and moves from edge-2: applied there, deleted on edge-2 after it.
        let onEdge1 = (clusters["edge-1"] ?? []).map { "\($0["action"]!) \($0["function"]!)" }
        #expect(onEdge1.contains("apply resize"))
        let fromEdge2 = try #require(clusters["edge-2"]?.first { $0["function"] as? String == "resize" })
        #expect(fromEdge2["action"] as? String == "delete")
        #expect(fromEdge2["after"] as? String == "resize")
        // report only fits on Core_DC, whose ClusterProfile name is mapped (not a DNS name).
        #expect(clusters["Core_DC"]?.map { $0["function"] as? String } == ["report"])
        let reportDecision = try #require(
            decisions.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "nightly-report" })
        let ref = try #require(
            ((reportDecision["decisions"] as? [[String: Any]])?.first?["clusterProfileRef"]) as? [String: Any])
        #expect((ref["name"] as? String)?.hasPrefix("core-dc-") == true)

        let ocm = try CLI.run(["deliver", "Data/requests/delivery-small.json", "--form", "ocm", "--format", "yaml"])
        #expect(ocm.status == 0)
        #expect(
            ocm.stdout.hasPrefix(
                "---\napiVersion: cluster.open-cluster-management.io/v1beta1\nkind: PlacementDecision\n"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "altoplace-deliver-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try CLI.run(["deliver", "Data/requests/delivery-small.json", "--out", dir.path])
        #expect(written.status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        #expect(files.contains("clusters/Core_DC/deployment.report.yaml"))
        #expect(files.contains("clusters/edge-1/service.serving.knative.dev.functions.resize.yaml"))
        #expect(files.contains("decisions/altoplace-web.yaml"))
    }

    @Test("a bad workload is refused with its path")
    func badWorkload() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "altoplace-bad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try
            #"{"clusters": [{"id": "a", "capacity": {"cpu": 1}}], "functions": [{"id": "f", "demand": {"cpu": 1}, "workload": {"image": "x", "kind": "Pod"}}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["deliver", file.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(".functions[0].workload.kind"))
    }
}
