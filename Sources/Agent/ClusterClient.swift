import ALTO
import AsyncHTTPClient
import Delivery
import Dispatch
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import Service
import Store
import Synchronization

/// The cluster client of draft-yang step 4 (`altoplace agent --cluster ID`): follows the
/// cluster's ready actions on a central altoplace and carries each one out, then reports
/// its outcome.
///
/// **Following.** It reads `GET <server>/clusters/<id>/actions` as a server-sent event
/// stream (each event is the whole ready list). When the server does not stream, or the
/// stream breaks, it pulls the same list as JSON every `pollInterval` until the stream
/// can be opened again (tried every ten pulls); connection failures back off from
/// 0.5 s doubling to 30 s.
///
/// **Carrying out.** With ``Executor/directory(_:)`` an apply writes the object as YAML
/// to `DIR/<ManifestRenderer.fileName>` through a temporary file and `rename(2)`, so a
/// GitOps tool never reads half a file, and a delete removes that file. With
/// ``Executor/commands(apply:delete:)`` the command runs under `/bin/sh -c` with the
/// object's YAML on standard input and `ALTOPLACE_ACTION`, `ALTOPLACE_CLUSTER`,
/// `ALTOPLACE_FUNCTION`, `ALTOPLACE_SEQ` in its environment; exit status 0 is delivered,
/// anything else (or running past `commandTimeout`) failed, with the last 20 lines of its
/// output.
///
/// **Idempotence.** Actions are applies and deletes of whole objects, so carrying one
/// out twice is harmless: a restarted agent simply does what the server still lists.
/// Within one run an action delivered is not repeated, and a failed one not before the
/// server's retry time.
public final class ClusterClient: Sendable {
    /// How actions are carried out.
    public enum Executor: Sendable, Hashable {
        /// Files under a directory, one per object.
        case directory(String)
        /// Shell commands fed the object's YAML.
        case commands(apply: String, delete: String)
    }

    let server: String
    let cluster: String
    let token: String?
    let executor: Executor
    let logger: Logger
    let pollInterval: Double
    let commandTimeout: Double
    /// Seconds without a byte (heartbeats included) after which the stream is given up.
    let idleLimit: Double
    /// Seqs handled in this run, each with the attempt count from which the server's
    /// listing of it is a retry: `Int.max` once delivered; one more than the attempts it
    /// was listed with once failed (the server counts the failure, then lists it again
    /// after its backoff). The server's clock decides when; this one is never consulted.
    private let handled = Mutex<[Int64: Int]>([:])

    public init(
        server: String, cluster: String, token: String?, executor: Executor, logger: Logger,
        pollInterval: Double = 5, commandTimeout: Double = 300, idleLimit: Double = 45
    ) {
        self.idleLimit = idleLimit
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.cluster = cluster
        self.token = token
        self.executor = executor
        self.logger = logger
        self.pollInterval = pollInterval
        self.commandTimeout = commandTimeout
    }

    var actionsURL: String {
        server + "/clusters/" + (cluster.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? cluster)
            + "/actions"
    }

    struct NotStreaming: Error {}

    /// Runs until cancelled.
    public func run() async throws {
        if case .directory(let dir) = executor {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            // Temporary files a killed run left behind (never read: they start with '.').
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            where name.hasPrefix(".") && name.hasSuffix(".tmp") {
                unlink((dir as NSString).appendingPathComponent(name))
            }
        }
        var backoff = 0.5
        while !Task.isCancelled {
            do {
                try await follow()
                backoff = 0.5
                // The server ended the stream (a restart): come back shortly, not at once.
                try await Task.sleep(for: .seconds(Double.random(in: 0.5...1.5)))
            } catch is NotStreaming {
                logger.notice("server does not stream actions; pulling", metadata: ["url": "\(actionsURL)"])
                for _ in 0..<10 where !Task.isCancelled {
                    do { try await carryOut(try await pull()) } catch is CancellationError { return } catch {
                        logger.warning("pull failed", metadata: ["reason": "\(error)"])
                    }
                    try await Task.sleep(for: .seconds(pollInterval))
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning(
                    "actions stream failed", metadata: ["url": "\(actionsURL)", "reason": "\(error)"])
                // The fallback: one pull, so a server that answers but cannot stream still gets served.
                if let ready = try? await pull() { try? await carryOut(ready) }
                try await Task.sleep(for: .seconds(backoff * Double.random(in: 0.8...1.2)))
                backoff = min(30, backoff * 2)
            }
        }
    }

    func request(_ url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    /// Reads the stream until it ends, carrying out each list as it comes.
    func follow() async throws {
        var request = request(actionsURL)
        request.headers.add(name: "Accept", value: ALTOMediaType.eventStream)
        let response = try await HTTPClient.shared.execute(request, deadline: .distantFuture)
        let type = response.headers.first(name: "Content-Type") ?? ""
        guard response.status == .ok, type.lowercased().hasPrefix(ALTOMediaType.eventStream) else {
            let text = String(buffer: try await response.body.collect(upTo: 64 << 10))
            if response.status == .ok || response.status == .notAcceptable { throw NotStreaming() }
            throw Refusal(status: response.status.code, body: String(text.prefix(300)))
        }
        logger.info("following actions", metadata: ["url": "\(actionsURL)"])
        // A stream silent for `idleLimit` while waiting (the server beats every 15 s) is
        // a half-open connection: give it up and connect again.
        let activity = Activity()
        let body = response.body
        let idleLimit = self.idleLimit
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var parser = ServerSentEventParser()
                for try await chunk in body {
                    activity.state.withLock { $0 = (Date(), true) }
                    for event in try parser.feed(chunk.readableBytesView) where event.event == "actions" {
                        try await self.carryOut(
                            try JSONDecoder().decode(ClusterActions.self, from: Data(event.data.utf8)))
                    }
                    activity.state.withLock { $0 = (Date(), false) }
                }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(1))
                    let (last, busy) = activity.state.withLock { $0 }
                    if !busy && Date().timeIntervalSince(last) > idleLimit { throw IdleStream(seconds: idleLimit) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// When the stream last moved, and whether an action is being carried out.
    final class Activity: Sendable {
        let state = Mutex((last: Date(), busy: false))
    }

    struct IdleStream: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no bytes for \(Int(seconds)) s (not even a heartbeat)" }
    }

    func pull() async throws -> ClusterActions {
        var request = request(actionsURL)
        request.headers.add(name: "Accept", value: ALTOMediaType.json)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 256 << 20)
        guard response.status == .ok else {
            throw Refusal(status: response.status.code, body: String(String(buffer: body).prefix(300)))
        }
        return try JSONDecoder().decode(ClusterActions.self, from: Data(body.readableBytesView))
    }

    struct Refusal: Error, CustomStringConvertible {
        var status: UInt
        var body: String
        var description: String { "HTTP \(status): \(body)" }
    }

    /// Carries out every action of `ready` not handled in this run, in order.
    func carryOut(_ ready: ClusterActions) async throws {
        let listed = Set(ready.actions.map(\.seq))
        handled.withLock { handled in handled = handled.filter { listed.contains($0.key) } }
        for action in ready.actions {
            if let from = handled.withLock({ $0[action.seq] }), action.attempts < from { continue }
            try Task.checkCancellation()
            let result = await execute(action)
            let receipt = try await report(action, result)
            handled.withLock { $0[action.seq] = result.delivered ? Int.max : action.attempts + 1 }
            logger.info(
                "action \(result.delivered ? "delivered" : "failed")",
                metadata: [
                    "seq": "\(action.seq)", "action": "\(action.action.rawValue)", "function": "\(action.function)",
                    "recorded": "\(receipt.recorded)",
                ])
        }
    }

    struct Result: Sendable {
        var delivered: Bool
        var exitStatus: Int?
        var output: String?
        var at: Date
    }

    /// Carries out one action.
    func execute(_ action: PlannedAction) async -> Result {
        let yaml = YAMLWriter.document(action.object)
        switch executor {
        case .directory(let dir):
            let path = (dir as NSString).appendingPathComponent(ManifestRenderer.fileName(of: action.object))
            do {
                switch action.action {
                case .apply:
                    let temporary = (dir as NSString).appendingPathComponent(".\(UUID().uuidString).tmp")
                    try Data(yaml.utf8).write(to: URL(fileURLWithPath: temporary))
                    guard rename(temporary, path) == 0 else {
                        let reason = String(cString: strerror(errno))
                        unlink(temporary)
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
                    }
                case .delete:
                    if unlink(path) != 0 && errno != ENOENT {
                        throw CocoaError(
                            .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                    }
                }
                return Result(delivered: true, at: Date())
            } catch {
                return Result(delivered: false, output: "\(path): \(error)", at: Date())
            }
        case .commands(let apply, let delete):
            return await run(
                action.action == .apply ? apply : delete, input: yaml,
                environment: [
                    "ALTOPLACE_ACTION": action.action.rawValue, "ALTOPLACE_CLUSTER": cluster,
                    "ALTOPLACE_FUNCTION": action.function, "ALTOPLACE_SEQ": String(action.seq),
                ])
        }
    }

    /// Runs `command` under `/bin/sh -c` with `input` on standard input; its output
    /// (standard output and error together) goes to a temporary file, of which the last
    /// 20 lines are kept.
    func run(_ command: String, input: String, environment: [String: String]) async -> Result {
        let directory = NSTemporaryDirectory()
        let base = (directory as NSString).appendingPathComponent("altoplace-action-\(UUID().uuidString)")
        let inputPath = base + ".yaml"
        let outputPath = base + ".out"
        defer {
            unlink(inputPath)
            unlink(outputPath)
        }
        do {
            try Data(input.utf8).write(to: URL(fileURLWithPath: inputPath))
            FileManager.default.createFile(atPath: outputPath, contents: nil)
            let process = Process()
            // Foundation starts it as the leader of its own process group, so a timeout or
            // a stop reaches the command's children too (kill(-pid)).
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardOutput = output
            process.standardError = output
            let watch = Watch(process)
            let timer = Task { [commandTimeout] in
                try await Task.sleep(for: .seconds(commandTimeout))
                watch.expire()
            }
            defer { timer.cancel() }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    process.terminationHandler = { _ in continuation.resume() }
                    do { try process.run() } catch {
                        process.terminationHandler = nil
                        continuation.resume(throwing: error)
                    }
                } as Void
            } onCancel: {
                watch.stop()
            }
            try? output.close()
            let timedOut = watch.expired
            let text = Self.tail(of: outputPath, bytes: 8192)
            let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(21).joined(separator: "\n")
            let code = Int(process.terminationStatus)
            let reason =
                timedOut
                ? "timed out after \(JSONText.number(commandTimeout)) s"
                : process.terminationReason == .uncaughtSignal ? "killed by signal \(code)" : nil
            return Result(
                delivered: code == 0 && process.terminationReason == .exit && !timedOut,
                exitStatus: process.terminationReason == .exit ? code : nil,
                output: ([reason].compactMap { $0 } + [
                    String(decoding: Array(tail.utf8.suffix(4096)), as: UTF8.self).trimmingCharacters(in: .newlines)
                ])
                .filter { !$0.isEmpty }.joined(separator: "\n"), at: Date())
        } catch {
            return Result(delivered: false, output: "cannot run \(command): \(error)", at: Date())
        }
    }

    /// The last `bytes` of a file as text (invalid UTF-8 replaced, not dropped).
    static func tail(of path: String, bytes: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > bytes ? size - bytes : 0)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// Reports an outcome, retrying with backoff until the server answers (it hands the
    /// action out again anyway if this process dies first).
    func report(_ action: PlannedAction, _ result: Result) async throws -> OutcomeReceipt {
        let outcome = ActionOutcome(
            outcome: result.delivered ? .delivered : .failed, exitStatus: result.exitStatus, output: result.output,
            at: DCInfo.format(result.at))
        var backoff = 0.25
        while true {
            do {
                var request = request(actionsURL + "/\(action.seq)")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: ALTOMediaType.json)
                request.headers.add(name: "Accept", value: ALTOMediaType.json)
                request.body = .bytes(ByteBuffer(bytes: DocumentEncoding.data(outcome)))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 20)
                guard response.status == .ok else {
                    throw Refusal(status: response.status.code, body: String(String(buffer: body).prefix(300)))
                }
                return try JSONDecoder().decode(OutcomeReceipt.self, from: Data(body.readableBytesView))
            } catch let refusal as Refusal where refusal.status == 404 || refusal.status == 400 {
                logger.error("server refused an outcome", metadata: ["seq": "\(action.seq)", "reason": "\(refusal)"])
                return OutcomeReceipt(recorded: "refused")
            } catch {
                try Task.checkCancellation()
                logger.warning("outcome report failed", metadata: ["seq": "\(action.seq)", "reason": "\(error)"])
                try await Task.sleep(for: .seconds(backoff))
                backoff = min(30, backoff * 2)
            }
        }
    }
}

/// A running command: stopped when it outlives its time or its caller (SIGTERM to its
/// process group, then SIGKILL 5 s later if it is still there).
private final class Watch: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var didExpire = false

    init(_ process: Process) { self.process = process }

    /// The time is up.
    func expire() {
        lock.lock()
        didExpire = true
        lock.unlock()
        stop()
    }

    /// Stops the command and everything it started.
    func stop() {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        signal(pid, SIGTERM)
        let process = process
        DispatchQueue.global().asyncAfter(deadline: .now() + 5) {
            if process.isRunning { Watch.signal(pid, SIGKILL) }
        }
    }

    /// Signals the process group `pid` leads, or else the process alone.
    static func signal(_ pid: Int32, _ signal: Int32) {
        if kill(-pid, signal) != 0 { kill(pid, signal) }
    }

    func signal(_ pid: Int32, _ signal: Int32) { Watch.signal(pid, signal) }

    var expired: Bool {
        lock.lock()
        defer { lock.unlock() }
        return didExpire
    }
}
