import ALTO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Matrix
import Server
import Service
import Solver
import Store
import Testing
import Topology

/// A server on a fresh data directory with a small topology whose costs are known:
///
/// ```
///   a ──1── b ──2── c ──4── d      a─d direct: 10 ms (so a→d is 7 ms via b, c; 1 hop direct)
/// ```
/// Prefixes: a has 0.0.0.0/0 and ::/0 (the rest of the world), b 192.0.2.0/24,
/// c 192.0.2.128/25 (nested in b's) and 2001:db8::/32, d 198.51.100.0/24.
enum TestServer {
    static let topology = """
        {"nodes": [
          {"id": "a", "prefixes": ["0.0.0.0/0", "::/0"]},
          {"id": "b", "prefixes": ["192.0.2.0/24"]},
          {"id": "c", "prefixes": ["192.0.2.128/25", "2001:db8::/32"]},
          {"id": "d", "prefixes": ["198.51.100.0/24"]}],
         "links": [
          {"source": "a", "target": "b", "delay": 1}, {"source": "b", "target": "c", "delay": 2},
          {"source": "c", "target": "d", "delay": 4}, {"source": "a", "target": "d", "delay": 10}]}
        """

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("altoplace-test-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A server; `configure` adjusts the settings (the data directory is fresh unless given).
    static func make(
        directory: String? = nil, topology: String? = TestServer.topology,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> ALTOServer {
        let dir = directory ?? temporaryDirectory()
        var settings = ServerConfiguration()
        settings.dataDir = dir
        settings.port = 0
        if let topology {
            let file = (dir as NSString).appendingPathComponent("topology.json")
            try topology.write(toFile: file, atomically: true, encoding: .utf8)
            settings.topology = file
        }
        configure(&settings)
        return try await ALTOServer.open(configuration: settings, logger: quiet)
    }

    /// Stops a test server's thread pools once the test is done with it.
    static func stop(_ server: ALTOServer) {
        Task { await server.shutdown() }
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// The RFC 9457 problem document of an error response, decoded.
    static func problem(_ response: TestResponse, status: HTTPResponse.Status = .badRequest) throws -> ProblemDocument {
        #expect(response.status == status)
        #expect(response.headers[.contentType] == ProblemDocument.mediaType)
        let problem = try JSONDecoder().decode(ProblemDocument.self, from: Data(response.body.readableBytesView))
        #expect(problem.status == Int(status.code))
        #expect(problem.title == status.reasonPhrase)
        #expect(!problem.problems.isEmpty)
        return problem
    }

    /// A response body decoded as `type`.
    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(type, from: Data(response.body.readableBytesView))
    }

    /// The `meta` of an ALTO error response.
    static func errorMeta(_ response: TestResponse) throws -> [String: String] {
        #expect(response.status == .badRequest)
        #expect(response.headers[.contentType] == ALTOMediaType.error)
        let meta = try #require(try object(response.body)["meta"] as? [String: String])
        return meta
    }
}
