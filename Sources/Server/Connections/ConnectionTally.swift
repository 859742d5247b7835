import Synchronization

/// The open connections, in total and per client address, against their limits. The
/// child-channel setup asks ``open(from:)`` before it serves a connection, and the
/// connection's close gives the slot back.
final class ConnectionTally: Sendable {
    /// Why a connection was refused, or that it was not.
    enum Verdict: Equatable {
        case accepted
        /// The server has `limit` connections open.
        case serverFull(limit: Int)
        /// This client address has `limit` connections open.
        case clientFull(limit: Int)

        /// The `reason` label of `altoplace_http_connections_closed_total` for a refusal.
        var reason: String {
            switch self {
            case .accepted: "accepted"
            case .serverFull: "server-limit"
            case .clientFull: "client-limit"
            }
        }

        /// What a refused client is told.
        var detail: String {
            switch self {
            case .accepted: "the connection was accepted"
            case .serverFull(let limit): "the server has \(limit) connections open, its limit"
            case .clientFull(let limit): "your address has \(limit) connections open, its limit"
            }
        }
    }

    private struct State {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    /// Most connections in all.
    let limit: Int
    /// Most connections from one client address.
    let perClient: Int
    private let state = Mutex(State())

    init(limit: Int, perClient: Int) {
        self.limit = limit
        self.perClient = perClient
    }

    /// Counts a new connection from `address` unless a limit is reached.
    /// - Complexity: O(1).
    func open(from address: String) -> Verdict {
        state.withLock { state in
            guard state.total < limit else { return .serverFull(limit: limit) }
            let mine = state.byAddress[address, default: 0]
            guard mine < perClient else { return .clientFull(limit: perClient) }
            state.total += 1
            state.byAddress[address] = mine + 1
            return .accepted
        }
    }

    /// Gives back the slot of a connection from `address` that ``open(from:)`` accepted.
    func close(from address: String) {
        state.withLock { state in
            state.total -= 1
            let left = state.byAddress[address, default: 1] - 1
            state.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections open now.
    var count: Int { state.withLock { $0.total } }
}
