import ALTO
import Foundation
import GRDB
import Solver

/// Placements, the functions they hold, and the delivery actions their commits and
/// releases make.
///
/// **Holding.** Each function of a committed placement is a ``Holding`` on its cluster.
/// Committing a function id that an earlier placement holds transfers it: the earlier
/// holding gets `transferredTo` and stops counting, its capacity included.
///
/// **Actions.** A commit queues an `apply` of each delivered function's object on its
/// cluster. When a function moves (from an earlier holding, or from the `current` the
/// request gave), a `delete` of the old copy is queued that waits for the function's new
/// copy to be delivered (make-before-break). A release queues a `delete` of each object
/// the placement still holds. A new action on an object a cluster has an unfinished
/// action for supersedes that one. Everything happens in the transaction of the commit
/// or release, so a crash leaves both or neither.
///
/// **Accounting.** See ``committedConsumption(_:reportedAt:excluding:)``.
extension ALTOStore {
    static func createDeliveryTables(_ db: Database) throws {
        try db.create(table: "holding") { t in
            t.column("placement", .text).notNull()
            t.column("function", .text).notNull().indexed()
            t.column("cluster", .text).notNull()
            t.column("cpu", .double).notNull()
            t.column("ram", .double).notNull()
            t.column("power", .double).notNull()
            t.column("object", .text)
            t.column("objectKey", .text)
            t.column("workload", .text)
            t.column("transferredTo", .text)
            t.column("deliveredAt", .double)
            t.primaryKey(["placement", "function"])
        }
        try db.create(table: "action") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("cluster", .text).notNull()
            t.column("placement", .text).notNull().indexed()
            t.column("function", .text).notNull().indexed()
            t.column("action", .text).notNull()
            t.column("objectKey", .text).notNull()
            t.column("object", .text).notNull()
            t.column("afterFunction", .text).indexed()
            t.column("state", .text).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("exitStatus", .integer)
            t.column("message", .text)
            t.column("notBefore", .double)
            t.column("deliveredAt", .double)
            t.column("createdAt", .text).notNull()
            t.column("updatedAt", .text).notNull()
        }
        try db.create(index: "action_cluster_state", on: "action", columns: ["cluster", "state"])
        // Placements committed before holdings existed hold what their results say; a
        // function two of them placed is held by the newer one.
        var holder: [String: String] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT id, request, result FROM placement WHERE releasedAt IS NULL ORDER BY createdAt, id")
        {
            let request = try JSONDecoder().decode(PlacementRequest.self, from: Data((row["request"] as String).utf8))
            let result = try JSONDecoder().decode(PlacementResult.self, from: Data((row["result"] as String).utf8))
            let id: String = row["id"]
            for (function, placed) in ResourceAmounts.perFunction(of: result.assignments, in: request) {
                if let older = holder[function] {
                    try db.execute(
                        sql: "UPDATE holding SET transferredTo = ? WHERE placement = ? AND function = ?",
                        arguments: [id, older, function])
                }
                holder[function] = id
                try insert(
                    Holding(placement: id, function: function, cluster: placed.cluster, amounts: placed.amounts), db)
            }
        }
    }

    // MARK: Reading

    /// Committed placements not released, or all of them.
    public func placements(includingReleased: Bool = false) async throws -> [PlacementRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM placement" + (includingReleased ? "" : " WHERE releasedAt IS NULL")
                    + " ORDER BY createdAt, id"
            ).map(PlacementRecord.init(row:))
        }
    }

    public func placement(id: String) async throws -> PlacementRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM placement WHERE id = ?", arguments: [id]).map(
                PlacementRecord.init(row:))
        }
    }

    /// The functions a placement holds or held, in function order.
    public func holdings(placement: String) async throws -> [Holding] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM holding WHERE placement = ? ORDER BY function", arguments: [placement]
            )
            .map(Self.holding)
        }
    }

    /// Which committed placement holds each of `functions` now (those held by none are left out).
    public func activeHoldings(functions: [String]) async throws -> [String: Holding] {
        try await pool.read { db in try Self.active(functions: Set(functions), db) }
    }

    /// What committed placements use on each cluster, under the accounting rule: a data
    /// center's report at time T (`reportedAt[cluster]`, Unix seconds) already includes
    /// every function delivered there before T, so those are not added again; every
    /// other held function (committed but not yet delivered, delivered after T, without
    /// a workload, or on a cluster without a report) is added on top. Functions in
    /// `excluding` are left out (a request placing them again).
    ///
    /// A copy that no placement holds any more but that still runs (a moved function's
    /// old copy, or a released one, until its delete is delivered) is counted the same
    /// way, with the amounts of the holding that delivered it: the cluster is not free
    /// until the copy is gone.
    public func committedConsumption(reportedAt: [String: Double] = [:], excluding: Set<String> = [])
        async throws -> [String: ResourceAmounts]
    {
        try await pool.read { db in try Self.committedConsumption(db, reportedAt: reportedAt, excluding: excluding) }
    }

    static func committedConsumption(_ db: Database, reportedAt: [String: Double], excluding: Set<String>) throws
        -> [String: ResourceAmounts]
    {
        var total: [String: ResourceAmounts] = [:]
        func add(_ row: Row) {
            let cluster: String = row["cluster"]
            if let delivered = row["deliveredAt"] as Double?, let reported = reportedAt[cluster], delivered < reported {
                return  // the report counts it already
            }
            total[cluster, default: .zero] += ResourceAmounts(cpu: row["cpu"], ram: row["ram"], power: row["power"])
        }
        let held = try Row.fetchCursor(
            db,
            sql: """
                SELECT h.function, h.cluster, h.cpu, h.ram, h.power, h.deliveredAt FROM holding h
                JOIN placement p ON p.id = h.placement WHERE p.releasedAt IS NULL AND h.transferredTo IS NULL
                """)
        while let row = try held.next() {
            if !excluding.contains(row["function"] as String) { add(row) }
        }
        // Copies still running that no active holding accounts for: the newest delivered
        // action on the object is an apply, and no active holding has that object there.
        let lingering = try Row.fetchCursor(
            db,
            sql: """
                SELECT a.function, a.cluster, h.cpu, h.ram, h.power, a.deliveredAt FROM action a
                JOIN holding h ON h.placement = a.placement AND h.function = a.function AND h.cluster = a.cluster
                WHERE a.action = 'apply' AND a.state = 'delivered'
                AND a.seq = (SELECT MAX(seq) FROM action b WHERE b.cluster = a.cluster AND b.objectKey = a.objectKey
                             AND b.state = 'delivered')
                AND NOT EXISTS (SELECT 1 FROM holding g JOIN placement q ON q.id = g.placement
                                WHERE q.releasedAt IS NULL AND g.transferredTo IS NULL
                                AND g.cluster = a.cluster AND g.objectKey = a.objectKey)
                """)
        while let row = try lingering.next() { add(row) }
        return total
    }

    // MARK: Commit and release

    /// What ``commit(_:holdings:moves:reportedAt:idempotency:check:)`` did.
    public enum CommitOutcome: Sendable {
        /// Committed; the clusters whose actions changed, and how many actions were queued.
        case committed(Set<String>, queued: Int)
        /// Refused, with the reason; nothing was written.
        case refused(String)
        /// The idempotency key had been used meanwhile; nothing was written.
        case replay(IdempotencyEntry)
    }

    /// Commits a placement if it still fits: inside one write transaction, the key (when
    /// given) is looked up first, then `check` gets what committed placements use now (the
    /// functions being placed again left out, `reportedAt` as in
    /// ``committedConsumption(reportedAt:excluding:)``) and returns a reason to refuse, or
    /// `nil`; only then are the record, its holdings, the transfers, the delivery actions
    /// and the key's response stored. Commits are serialised by SQLite's single writer, so
    /// two that each fit alone can never both commit past a capacity, and one key never
    /// commits twice.
    ///
    /// `moves` gives, for functions held by no placement, the cluster they run on now
    /// (the request's `current`): a delivered function that lands elsewhere gets a delete
    /// of its object there once its new copy is delivered.
    public func commit(
        _ record: PlacementRecord, holdings: [Holding], moves: [String: String] = [:],
        reportedAt: [String: Double] = [:], idempotency: IdempotencyEntry?,
        check: @Sendable ([String: ResourceAmounts]) -> String?
    ) async throws -> CommitOutcome {
        try await transaction { db in
            if let key = idempotency?.key, let existing = try Self.idempotencyEntry(key: key, db) {
                return .replay(existing)
            }
            let functions = Set(holdings.map(\.function))
            let committed = try Self.committedConsumption(db, reportedAt: reportedAt, excluding: functions)
            if let refusal = check(committed) { return .refused(refusal) }
            let previous = try Self.active(functions: functions, db)
            try db.execute(
                sql: "INSERT INTO placement (id, createdAt, request, result, consumption) VALUES (?, ?, ?, ?, ?)",
                arguments: [record.id, record.createdAt, record.request, record.result, record.consumptionJSON])
            let now = DCInfo.format(Date())
            var touched = Set<String>()
            var queued = 0
            for var holding in holdings {
                if let old = previous[holding.function], old.cluster == holding.cluster,
                    old.objectKey == holding.objectKey, holding.objectKey != nil
                {
                    // The same object replaced in place: it has been running since then.
                    holding.deliveredAt = old.deliveredAt
                }
                try Self.insert(holding, db)
                if let object = holding.object, let key = holding.objectKey {
                    queued += 1
                    try Self.enqueue(
                        db, cluster: holding.cluster, placement: record.id, function: holding.function, kind: .apply,
                        objectKey: key, object: object, after: nil, now: now)
                    touched.insert(holding.cluster)
                }
                if let old = previous[holding.function] {
                    try db.execute(
                        sql: "UPDATE holding SET transferredTo = ? WHERE placement = ? AND function = ?",
                        arguments: [record.id, old.placement, old.function])
                    if let object = old.object, let key = old.objectKey,
                        old.cluster != holding.cluster || key != holding.objectKey
                    {
                        queued += 1
                        try Self.enqueue(
                            db, cluster: old.cluster, placement: record.id, function: holding.function, kind: .delete,
                            objectKey: key, object: object, after: holding.object == nil ? nil : holding.function,
                            now: now)
                        touched.insert(old.cluster)
                    }
                } else if let from = moves[holding.function], from != holding.cluster, let object = holding.object,
                    let key = holding.objectKey
                {
                    queued += 1
                    try Self.enqueue(
                        db, cluster: from, placement: record.id, function: holding.function, kind: .delete,
                        objectKey: key, object: object, after: holding.function, now: now)
                    touched.insert(from)
                }
            }
            if let idempotency { try Self.insert(idempotency, db) }
            return .committed(touched, queued: queued)
        }
    }

    /// What ``release(id:)`` did.
    public enum ReleaseOutcome: Sendable {
        case unknown
        case releasedAlready
        /// Released; the clusters given deletes, and how many.
        case released(Set<String>, queued: Int)
    }

    /// Marks a placement released and queues a delete of every object it still holds.
    public func release(id: String) async throws -> ReleaseOutcome {
        try await transaction { db in
            guard
                let released = try Row.fetchOne(
                    db, sql: "SELECT releasedAt FROM placement WHERE id = ?", arguments: [id])
            else { return .unknown }
            guard (released["releasedAt"] as String?) == nil else { return .releasedAlready }
            let now = DCInfo.format(Date())
            try db.execute(sql: "UPDATE placement SET releasedAt = ? WHERE id = ?", arguments: [now, id])
            var touched = Set<String>()
            let held = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM holding WHERE placement = ? AND transferredTo IS NULL AND object IS NOT NULL
                    ORDER BY function
                    """, arguments: [id]
            ).map(Self.holding)
            for holding in held {
                guard let object = holding.object, let key = holding.objectKey else { continue }
                try Self.enqueue(
                    db, cluster: holding.cluster, placement: id, function: holding.function, kind: .delete,
                    objectKey: key, object: object, after: nil, now: now)
                touched.insert(holding.cluster)
            }
            return .released(touched, queued: held.count)
        }
    }

    // MARK: Actions

    /// Actions a cluster's agent should carry out now, in order: unfinished, not waiting
    /// for a retry time after `now` (Unix seconds), and, for the delete of a moved
    /// function's old copy, only once its current copy is delivered (or it has none).
    public func readyActions(cluster: String, now: Double, limit: Int = 1000) async throws -> [DeliveryAction] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM action a
                    WHERE a.cluster = ? AND a.state IN ('pending', 'failed') AND (a.notBefore IS NULL OR a.notBefore <= ?)
                    AND (a.afterFunction IS NULL OR NOT EXISTS (
                        SELECT 1 FROM holding h JOIN placement p ON p.id = h.placement
                        WHERE h.function = a.afterFunction AND p.releasedAt IS NULL AND h.transferredTo IS NULL
                        AND h.object IS NOT NULL AND h.deliveredAt IS NULL))
                    ORDER BY a.seq LIMIT ?
                    """, arguments: [cluster, now, limit]
            ).map(Self.action)
        }
    }

    /// The earliest retry time of a cluster's failed actions, if any waits.
    public func nextRetry(cluster: String) async throws -> Double? {
        try await pool.read { db in
            try Double.fetchOne(
                db, sql: "SELECT MIN(notBefore) FROM action WHERE cluster = ? AND state = 'failed'",
                arguments: [cluster])
        }
    }

    /// Every action a placement's commit or release made, in order.
    public func actions(placement: String) async throws -> [DeliveryAction] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM action WHERE placement = ? ORDER BY seq", arguments: [placement])
                .map(Self.action)
        }
    }

    /// The latest delivered action on each object of `placement`'s functions, on any
    /// cluster, whatever placement made it: an apply there means a copy runs there now.
    public func latestDelivered(ofFunctionsIn placement: String) async throws -> [DeliveryAction] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM action a WHERE a.seq IN (
                        SELECT MAX(seq) FROM action WHERE state = 'delivered'
                        AND function IN (SELECT function FROM holding WHERE placement = ?)
                        GROUP BY cluster, objectKey)
                    ORDER BY a.seq
                    """, arguments: [placement]
            ).map(Self.action)
        }
    }

    /// How many actions are in each state, for the metrics.
    public func actionCounts() async throws -> [String: Int] {
        try await pool.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM action GROUP BY state").map {
                    ($0["state"] as String, $0["n"] as Int)
                }, uniquingKeysWith: +)
        }
    }

    /// What ``recordOutcome(cluster:seq:delivered:exitStatus:message:at:retryAfter:)`` did.
    public enum OutcomeRecord: Sendable, Equatable {
        /// No such action on that cluster.
        case unknown
        /// A later action on the same object replaced it; nothing changed.
        case superseded
        /// It had been recorded delivered already; nothing changed.
        case repeated
        /// Recorded; the clusters whose ready actions may have changed.
        case recorded(DeliveryAction, wake: Set<String>)
    }

    /// Records what an agent did with an action. Delivered: the action is done, its
    /// holding delivered at `at` (the agent's clock), and deletes waiting for the
    /// function become ready. Failed: the attempt is counted and the action is handed out
    /// again `retryAfter(attempts)` seconds later.
    public func recordOutcome(
        cluster: String, seq: Int64, delivered: Bool, exitStatus: Int?, message: String?, at: Double,
        retryAfter: @escaping @Sendable (Int) -> Double
    ) async throws -> OutcomeRecord {
        try await transaction { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM action WHERE seq = ? AND cluster = ?", arguments: [seq, cluster])
            else { return .unknown }
            var action = Self.action(row)
            switch action.state {
            case .superseded: return .superseded
            case .delivered: return delivered ? .repeated : .superseded
            case .pending, .failed: break
            }
            let now = Date()
            action.updatedAt = DCInfo.format(now)
            action.exitStatus = exitStatus
            // The agent's clock says when; it cannot be before the action existed or after now.
            let at = min(
                max(at, DCTimestamp.parse(action.createdAt)?.timeIntervalSince1970 ?? at), now.timeIntervalSince1970)
            if delivered {
                action.state = .delivered
                action.deliveredAt = at
                action.message = nil
                action.notBefore = nil
                try db.execute(
                    sql:
                        "UPDATE action SET state = 'delivered', deliveredAt = ?, message = NULL, notBefore = NULL, exitStatus = ?, updatedAt = ? WHERE seq = ?",
                    arguments: [at, exitStatus, action.updatedAt, seq])
                var wake = Set<String>()
                if action.action == .apply {
                    try db.execute(
                        sql:
                            "UPDATE holding SET deliveredAt = COALESCE(deliveredAt, ?) WHERE placement = ? AND function = ? AND cluster = ?",
                        arguments: [at, action.placement, action.function, action.cluster])
                    wake.formUnion(
                        try String.fetchAll(
                            db,
                            sql:
                                "SELECT DISTINCT cluster FROM action WHERE afterFunction = ? AND state IN ('pending', 'failed')",
                            arguments: [action.function]))
                }
                return .recorded(action, wake: wake)
            }
            action.state = .failed
            action.attempts += 1
            action.message = message
            action.notBefore = now.timeIntervalSince1970 + retryAfter(action.attempts)
            try db.execute(
                sql:
                    "UPDATE action SET state = 'failed', attempts = ?, message = ?, exitStatus = ?, notBefore = ?, updatedAt = ? WHERE seq = ?",
                arguments: [action.attempts, message, exitStatus, action.notBefore, action.updatedAt, seq])
            return .recorded(action, wake: [])
        }
    }

    // MARK: Rows

    static func insert(_ h: Holding, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO holding (placement, function, cluster, cpu, ram, power, object, objectKey, workload, transferredTo, deliveredAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                h.placement, h.function, h.cluster, h.amounts.cpu, h.amounts.ram, h.amounts.power, h.object,
                h.objectKey, h.workload, h.transferredTo, h.deliveredAt,
            ])
    }

    /// The holdings of `functions` in committed placements that have not been taken over.
    static func active(functions: Set<String>, _ db: Database) throws -> [String: Holding] {
        guard !functions.isEmpty else { return [:] }
        var found: [String: Holding] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT h.* FROM holding h JOIN placement p ON p.id = h.placement
                WHERE p.releasedAt IS NULL AND h.transferredTo IS NULL ORDER BY p.createdAt, h.placement
                """)
        while let row = try rows.next() {
            let h = holding(row)
            if functions.contains(h.function) { found[h.function] = h }
        }
        return found
    }

    /// Queues an action, superseding any unfinished one on the same object of the cluster.
    static func enqueue(
        _ db: Database, cluster: String, placement: String, function: String, kind: DeliveryAction.Kind,
        objectKey: String, object: String, after: String?, now: String
    ) throws {
        try db.execute(
            sql: """
                UPDATE action SET state = 'superseded', updatedAt = ?
                WHERE cluster = ? AND objectKey = ? AND state IN ('pending', 'failed')
                """, arguments: [now, cluster, objectKey])
        try db.execute(
            sql: """
                INSERT INTO action (cluster, placement, function, action, objectKey, object, afterFunction, state, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                """, arguments: [cluster, placement, function, kind.rawValue, objectKey, object, after, now, now])
    }

    static func holding(_ row: Row) -> Holding {
        Holding(
            placement: row["placement"], function: row["function"], cluster: row["cluster"],
            amounts: ResourceAmounts(cpu: row["cpu"], ram: row["ram"], power: row["power"]), object: row["object"],
            objectKey: row["objectKey"], workload: row["workload"], transferredTo: row["transferredTo"],
            deliveredAt: row["deliveredAt"])
    }

    static func action(_ row: Row) -> DeliveryAction {
        DeliveryAction(
            seq: row["seq"], cluster: row["cluster"], placement: row["placement"], function: row["function"],
            action: DeliveryAction.Kind(rawValue: row["action"]) ?? .apply, objectKey: row["objectKey"],
            object: row["object"], afterFunction: row["afterFunction"],
            state: DeliveryAction.State(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
            exitStatus: row["exitStatus"], message: row["message"], notBefore: row["notBefore"],
            deliveredAt: row["deliveredAt"], createdAt: row["createdAt"], updatedAt: row["updatedAt"])
    }
}
