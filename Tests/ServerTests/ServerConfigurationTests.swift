import ALTO
import Foundation
import Matrix
import Server
import Service
import Solver
import Store
import Testing
import Topology

@Suite("Server settings: defaults, config file, environment, flags")
struct ServerConfigurationTests {
    @Test("later layers win: flags over environment over the config file over defaults")
    func precedence() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("altoplace-\(UUID()).json").path
        try #"{"port": 9000, "host": "0.0.0.0", "heartbeat": 5, "logFormat": "text"}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        var flags = ServerConfiguration.Layer()
        flags.port = 9100
        let settings = try ServerConfiguration.resolve([
            try .file(file), try .environment(["ALTOPLACE_PORT": "9050", "ALTOPLACE_HEARTBEAT": "7"]), flags,
        ])
        #expect(settings.port == 9100)
        #expect(settings.heartbeat == 7)
        #expect(settings.host == "0.0.0.0")
        #expect(settings.logFormat == "text")
        #expect(settings.dataDir == "./altoplace-data")
        #expect(settings.maxConcurrent == 256)
    }

    @Test("unknown config keys, bad numbers and bad values are refused with every problem named")
    func problems() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("altoplace-\(UUID()).json").path
        try #"{"prot": 9000}"#.write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try ServerConfiguration.Layer.file(file)
        } throws: { error in
            "\(error)".contains("unknown keys prot")
        }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.Layer.environment(["ALTOPLACE_PORT": "eighty"])
        }
        var layer = ServerConfiguration.Layer()
        layer.port = 70000
        layer.logLevel = "loud"
        #expect {
            try ServerConfiguration.resolve([layer])
        } throws: { error in
            "\(error)".contains("port") && "\(error)".contains("logLevel")
        }
    }
}
