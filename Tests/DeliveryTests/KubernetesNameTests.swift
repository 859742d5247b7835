import Delivery
import Testing

@Suite struct KubernetesNameTests {
    @Test func labelsFollowRFC1123() {
        for good in ["a", "edge-1", "0x", String(repeating: "a", count: 63)] {
            #expect(KubernetesName.isLabel(good), "\(good)")
        }
        for bad in ["", "-a", "a-", "A", "a_b", "a.b", String(repeating: "a", count: 64)] {
            #expect(!KubernetesName.isLabel(bad), "\(bad)")
        }
        #expect(!KubernetesName.isDNS1035Label("1abc"))
        #expect(KubernetesName.isDNS1035Label("abc1"))
        #expect(KubernetesName.isSubdomain("edge.west-1"))
        #expect(!KubernetesName.isSubdomain("edge..west"))
    }

    @Test func invalidIdsMapToDistinctValidNames() {
        #expect(KubernetesName.mapped("edge-1") == "edge-1")
        let a = KubernetesName.mapped("Edge_1")
        let b = KubernetesName.mapped("edge_1")
        #expect(a != b)
        #expect(a.hasPrefix("edge-1-") && a.count == "edge-1-".count + 8)
        for id in ["Edge_1", "__", "ü", String(repeating: "X", count: 200), "-a-", "a.b"] {
            let m = KubernetesName.mapped(id)
            #expect(KubernetesName.isLabel(m), "\(id) → \(m)")
            #expect(KubernetesName.mapped(id) == m)
        }
    }

    @Test func environmentNamesFollowTheRelaxedRule() {
        #expect(KubernetesName.isEnvironmentName("FOO_BAR"))
        #expect(KubernetesName.isEnvironmentName("foo.bar-1"))
        #expect(!KubernetesName.isEnvironmentName("A=B"))
        #expect(!KubernetesName.isEnvironmentName(""))
        #expect(!KubernetesName.isEnvironmentName("tab\there"))
    }
}
