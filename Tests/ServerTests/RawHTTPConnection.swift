import Foundation
import Synchronization

/// A plain TCP connection to the test server that writes one request and collects what
/// comes back on a thread of its own, for watching a response that never ends (server-
/// sent events) without blocking Swift's cooperative threads.
final class RawHTTPConnection: Sendable {
    private let descriptor: Int32
    private let received = Mutex("")
    private let closed = Mutex(false)

    /// Connects and writes `request`; with `reading` false nothing is read, as a client
    /// that stalls would (the receive buffer fills and the server's writes block).
    init(port: Int, request: String, reading: Bool = true) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        guard reading else { return }
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = recv(descriptor, &buffer, buffer.count, 0)
                if n <= 0 { break }
                let text = String(decoding: buffer[0..<n], as: UTF8.self)
                received.withLock { $0 += text }
            }
            closed.withLock { $0 = true }
        }
        thread.start()
    }

    /// Writes more of the request.
    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    var text: String { received.withLock { $0 } }
    var isClosed: Bool { closed.withLock { $0 } }

    /// Waits until the received text satisfies `condition`, or `timeout` passes.
    func wait(timeout: Duration = .seconds(15), until condition: (String) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(text) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition(text)
    }

    func shutdown() {
        Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }

    deinit {
        close(descriptor)
    }
}
