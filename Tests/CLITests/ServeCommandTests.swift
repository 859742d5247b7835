import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `altoplace serve` as a separate process: started, written to, killed with SIGKILL,
/// started again, read back, and stopped with SIGTERM.
@Suite("altoplace serve")
struct ServeCommandTests {
    /// A running server process and the port it reported.
    final class LogBuffer: Sendable {
        let text = Mutex("")
    }

    final class Server: @unchecked Sendable {
        let process: Process
        let port: Int
        private let log = LogBuffer()

        init(dataDir: String) throws {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["serve", "--port", "0", "--data-dir", dataDir, "--log-format", "json"]
            process.currentDirectoryURL = CLI.packageRoot
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            let log = self.log
            err.fileHandleForReading.readabilityHandler = { handle in
                let text = String(decoding: handle.availableData, as: UTF8.self)
                log.text.withLock { $0 += text }
            }
            try process.run()
            var port = 0
            for _ in 0..<600 where port == 0 {
                Thread.sleep(forTimeInterval: 0.05)
                let text = log.text.withLock { $0 }
                if let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/directory"#, options: .regularExpression) {
                    port = Int(text[range].split(separator: ":")[2].split(separator: "/")[0]) ?? 0
                }
            }
            self.process = process
            self.port = port
        }

        var logText: String { log.text.withLock { $0 } }
    }

    static func request(
        _ port: Int, _ method: String, _ path: String, body: String? = nil, type: String = "application/json"
    ) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(type, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: (data ?? Data(), response!))
                }
            }.resume()
        }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("serve --help lists every setting with its flag, variable and default; an unknown flag is refused by name")
    func help() throws {
        let help = try CLI.run(["serve", "--help"])
        #expect(help.status == 0)
        for (flag, variable) in [
            ("--port <n>", "ALTOPLACE_PORT"), ("--request-timeout <duration>", "ALTOPLACE_REQUEST_TIMEOUT"),
            ("--blocking-threads <n>", "ALTOPLACE_BLOCKING_THREADS"), ("--log-level <level>", "ALTOPLACE_LOG_LEVEL"),
        ] {
            #expect(help.stdout.contains(flag))
            #expect(help.stdout.contains(variable))
        }
        let bad = try CLI.run(["serve", "--prot", "80"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown flag --prot"))
    }

    @Test("the server and altoplace costmap give one topology the same network-map vtag")
    func oneVtagPerNetwork() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("altoplace-vtag-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let server = try Server(dataDir: dataDir)
        defer {
            server.process.terminate()
            server.process.waitUntilExit()
        }
        #expect(server.port > 0, "no listening line in: \(server.logText)")
        let map = try await Self.request(server.port, "GET", "/networkmap")
        let served = try #require(
            ((try JSONSerialization.jsonObject(with: Data(map.body.utf8)) as? [String: Any])?["meta"] as? [String: Any])?[
                "vtag"] as? [String: Any])
        let offline = try CLI.run(["costmap", "Data/topologies/metro-edge.json"])
        #expect(offline.status == 0, "\(offline.stderr)")
        let meta = try #require(
            (try JSONSerialization.jsonObject(with: Data(offline.stdout.utf8)) as? [String: Any])?["meta"]
                as? [String: Any])
        let dependent = try #require((meta["dependent-vtags"] as? [[String: Any]])?.first)
        #expect(dependent["resource-id"] as? String == served["resource-id"] as? String)
        #expect(dependent["tag"] as? String == served["tag"] as? String)
    }

    @Test("acknowledged writes survive kill -9; SIGTERM stops the server cleanly")
    func killAndRestart() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("altoplace-serve-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let first = try Server(dataDir: dataDir)
        #expect(first.port > 0, "no listening line in: \(first.logText)")
        let put = try await Self.request(
            first.port, "PUT", "/clusters/edge-n1", body: #"{"capacity": {"cpu": 16, "ram": 64}, "addr": "10.0.6.20"}"#)
        #expect(put.status == 201)
        let report = try await Self.request(
            first.port, "POST", "/dcinfo",
            body:
                #"{"dcid": "edge-n1", "addr": "10.0.6.20", "ramusage": 40, "srvload": 30, "powerusage": 900, "cost": 0.04}"#,
            type: "application/alto-dcinfo+json")
        #expect(report.status == 200)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(first.process.terminationReason == .uncaughtSignal)

        let second = try Server(dataDir: dataDir)
        #expect(second.port > 0, "no listening line in: \(second.logText)")
        let clusters = try await Self.request(second.port, "GET", "/clusters")
        #expect(clusters.body.contains(#""id":"edge-n1""#) && clusters.body.contains(#""pid":"edge-n1""#))
        let info = try await Self.request(second.port, "GET", "/getdcinfo?dcid=edge-n1")
        #expect(info.status == 200 && info.body.contains(#""srvload":30"#))
        second.process.terminate()  // SIGTERM
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0)
        #expect(second.logText.contains(#""msg":"stopped""#))
    }
}
