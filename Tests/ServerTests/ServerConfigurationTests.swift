import Foundation
import Logging
import Server
import Testing

@Suite("Server settings: one table gives flags, environment, config file and help")
struct ServerConfigurationTests {
    static func file(_ text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("altoplace-\(UUID()).json").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("later layers win: flags over environment over the config file over defaults")
    func precedence() throws {
        let file = try Self.file(#"{"port": 9000, "host": "0.0.0.0", "heartbeat": 5, "logFormat": "text"}"#)
        let settings = try ServerConfiguration.resolve(
            arguments: ["--config", file, "--port", "9100", "--request-timeout=1500ms"],
            environment: ["ALTOPLACE_PORT": "9050", "ALTOPLACE_HEARTBEAT": "7s", "ALTOPLACE_LOG_LEVEL": "debug"])
        #expect(settings.port == 9100)
        #expect(settings.heartbeat == .seconds(7))
        #expect(settings.requestTimeout == .milliseconds(1500))
        #expect(settings.host == "0.0.0.0")
        #expect(settings.logFormat == .text)
        #expect(settings.logLevel == .debug)
        #expect(settings.dataDir == "./altoplace-data")
        #expect(settings.maxConcurrent == 256)
    }

    @Test("the config file may be named by ALTOPLACE_CONFIG; durations read as seconds, s, ms or m")
    func configVariableAndDurations() throws {
        let file = try Self.file(#"{"requestTimeout": "2m", "heartbeat": 0.5}"#)
        let settings = try ServerConfiguration.resolve(arguments: [], environment: ["ALTOPLACE_CONFIG": file])
        #expect(settings.requestTimeout == .seconds(120))
        #expect(settings.heartbeat == .milliseconds(500))
    }

    @Test("unknown keys and flags, bad numbers and bad values are refused with every problem named")
    func problems() throws {
        let file = try Self.file(#"{"prot": 9000}"#)
        #expect {
            try ServerConfiguration.resolve(arguments: ["--config", file], environment: [:])
        } throws: { error in
            "\(error)".contains("unknown keys prot")
        }
        #expect {
            try ServerConfiguration.resolve(arguments: [], environment: ["ALTOPLACE_PORT": "eighty"])
        } throws: { error in
            "\(error)".contains("port must be a whole number")
        }
        #expect {
            try ServerConfiguration.resolve(
                arguments: ["--port", "70000", "--log-level", "loud", "--heartbeat", "-1", "--prot", "1"],
                environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("port must be 0...65535") && text.contains("logLevel") && text.contains("heartbeat")
                && text.contains("unknown flag --prot")
        }
    }

    @Test("every setting has one flag, one variable and one key, all derived from its key, and a help line")
    func table() {
        let settings = ServerConfiguration.settings
        #expect(Set(settings.map(\.key)).count == settings.count)
        let maxBody = settings.first { $0.key == "maxBodyBytes" }
        #expect(maxBody?.flag == "--max-body-bytes")
        #expect(maxBody?.environmentVariable == "ALTOPLACE_MAX_BODY_BYTES")
        for setting in settings {
            #expect(ServerConfiguration.helpText.contains(setting.flag + " <"))
            #expect(ServerConfiguration.helpText.contains(setting.environmentVariable))
        }
    }
}
