import ALTO
import Foundation
import Matrix
import Service
import Synchronization
import Testing
import Topology

@Suite("Full cost maps are rendered once")
struct CostMapRenderingTests {
    @Test("32 concurrent first requests for one map render it once and share the bytes")
    func renderedOnce() async throws {
        let topology = try Topology.parseJSON(Array(TestServer.topology.utf8), source: "test")
        let state = try ALTONetworkState(topology: topology, version: 1)
        let type = try #require(ALTOCostType.find(metric: "routingcost", mode: "numerical"))
        let renders = RenderCount()
        let documents = try await withThrowingTaskGroup(of: CachedDocument.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    try await state.fullCostMap(type) { render in
                        renders.increment()
                        try await Task.sleep(for: .milliseconds(20))  // a slow rendering
                        return render()
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(renders.value == 1)
        #expect(Set(documents.map(\.identity)).count == 1)
        // Later requests read the cached bytes without rendering.
        _ = try await state.fullCostMap(type) { render in
            renders.increment()
            return render()
        }
        #expect(renders.value == 1)
    }
}

/// How many renderings ran.
final class RenderCount: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

@Suite("Hand-written documents match their Codable encoding")
struct HandWrittenDocumentTests {
    @Test("Health.json is DocumentEncoding's text, byte for byte")
    func health() {
        for health in [
            Health(status: "ok", topologyVersion: 7, pids: 12, dataCenters: 0),
            Health(status: "ok", topologyVersion: 123_456_789, pids: 0, dataCenters: 40),
        ] {
            #expect(health.json == DocumentEncoding.text(health))
        }
    }
}
