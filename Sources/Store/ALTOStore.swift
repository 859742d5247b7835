public import ALTO
import Foundation
import GRDB
import Matrix
import Solver
import Synchronization
import Topology

/// The server's durable state in SQLite (WAL journal, `synchronous = FULL`): topology
/// versions, registered clusters and the data-center report history.
///
/// Every method returns only after its transaction has committed to disk, so whatever a
/// request acknowledges survives a crash or `kill -9`. Reads run concurrently with the
/// one writer (GRDB's `DatabasePool`).
public final class ALTOStore: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    /// How much history is kept.
    public let retention: Retention
    private let prunedReports: Atomic<Int64>

    /// How much history the store keeps. Older rows are deleted as new ones come.
    public struct Retention: Sendable, Hashable {
        /// Data-center reports kept, newest first; the newest report of each data center
        /// is kept whatever its age.
        public var reports: Int
        /// Topology versions kept, the newest (served) one included.
        public var topologies: Int

        public init(reports: Int = 100_000, topologies: Int = 20) {
            self.reports = max(1, reports)
            self.topologies = max(1, topologies)
        }
    }

    /// Opens (creating if needed) `directory/altoplace.sqlite` and migrates it.
    public init(directory: String, retention: Retention = Retention()) throws {
        self.retention = retention
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("altoplace.sqlite")
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        let pruned = try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT through FROM pruned WHERE kind = 'dcinfo'") ?? 0
        }
        prunedReports = Atomic(pruned)
    }

    /// Reports with sequence numbers up to this one may have been deleted by retention
    /// (0 when none has been): a push client that saw an earlier one cannot be replayed
    /// everything it missed.
    public var prunedReportsThrough: Int64 { prunedReports.load(ordering: .acquiring) }

    /// Schema changes, in order; applied ones are recorded in the database.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: topology, clusters, dc-info") { db in
            try db.create(table: "topology") { t in
                t.autoIncrementedPrimaryKey("version")
                t.column("createdAt", .text).notNull()
                t.column("source", .text).notNull()
                t.column("document", .text).notNull()
            }
            try db.create(table: "cluster") { t in
                t.primaryKey("id", .text)
                t.column("document", .text).notNull()
                t.column("updatedAt", .text).notNull()
            }
            try db.create(table: "dcinfo") { t in
                t.autoIncrementedPrimaryKey("sequence")
                t.column("dcid", .text).notNull().indexed()
                t.column("addr", .text).notNull()
                t.column("timestamp", .text).notNull()
                t.column("ramusage", .double).notNull()
                t.column("srvload", .double).notNull()
                t.column("powerusage", .double).notNull()
                t.column("cost", .double).notNull()
                t.column("receivedAt", .text).notNull()
            }
        }
        migrator.registerMigration("v2: placements, idempotency keys") { db in
            try db.create(table: "placement") { t in
                t.primaryKey("id", .text)
                t.column("createdAt", .text).notNull()
                t.column("releasedAt", .text)
                t.column("request", .text).notNull()
                t.column("result", .text).notNull()
                t.column("consumption", .text).notNull()
            }
            try db.create(table: "idempotency") { t in
                t.primaryKey("key", .text)
                t.column("requestHash", .text).notNull()
                t.column("status", .integer).notNull()
                t.column("response", .text).notNull()
                t.column("createdAt", .text).notNull()
            }
        }
        migrator.registerMigration("v3: retention watermarks") { db in
            try db.create(table: "pruned") { t in
                t.primaryKey("kind", .text)
                t.column("through", .integer).notNull()
            }
        }
        migrator.registerMigration("v4: reports as documents, followed sources") { db in
            // The whole report as checked (draft-lee shapes, numeric ids, extensions);
            // the columns stay for SQL readers. Rows without it are v1-v3 reports.
            try db.alter(table: "dcinfo") { t in t.add(column: "document", .text) }
            // Where the centre is in each followed agent's history.
            try db.create(table: "dcsource") { t in
                t.primaryKey("url", .text)
                t.column("lastEventID", .integer).notNull()
                t.column("dcid", .text)
                t.column("updatedAt", .text).notNull()
            }
        }
        migrator.registerMigration("v5: holdings and delivery actions") { db in
            try Self.createDeliveryTables(db)
        }
        return migrator
    }

    /// A write outside a transaction (the closure makes its own), with storage faults
    /// translated (see ``translated(_:)``).
    func writing<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction(body)
        } catch {
            throw translated(error)
        }
    }

    /// A write in one transaction, with storage faults translated.
    func transaction<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw translated(error)
        }
    }

    /// `SQLITE_FULL` (the disk, or the database's page limit, is full) as
    /// ``StoreError/full``. SQLite has rolled the transaction back: nothing is half
    /// written, reads go on, and writes succeed again once there is space.
    func translated(_ error: any Error) -> any Error {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_FULL {
            return StoreError(.full, "the store's disk is full (\(path)); nothing was written")
        }
        return error
    }

    // MARK: Topology

    /// The newest stored topology: its version and JSON document.
    public func latestTopology() async throws -> (version: Int64, document: String)? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT version, document FROM topology ORDER BY version DESC LIMIT 1").map {
                (version: $0["version"] as Int64, document: $0["document"] as String)
            }
        }
    }

    /// Every stored topology version, newest first.
    public func topologyVersions() async throws -> [Int64] {
        try await pool.read { db in try Int64.fetchAll(db, sql: "SELECT version FROM topology ORDER BY version DESC") }
    }

    /// The JSON document of topology `version`, if stored.
    public func topology(version: Int64) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM topology WHERE version = ?", arguments: [version])
        }
    }

    /// Stores a topology as the newest version, then runs `publish` with that version
    /// while still holding the write lock, so versions go live in the order stored.
    /// - Returns: the new version.
    public func saveTopology(document: String, source: String, publish: @Sendable (Int64) -> Void) async throws
        -> Int64
    {
        try await writing { db in
            var version: Int64 = 0
            try db.inTransaction {
                try db.execute(
                    sql: "INSERT INTO topology (createdAt, source, document) VALUES (?, ?, ?)",
                    arguments: [DCInfo.format(Date()), source, document])
                version = db.lastInsertedRowID
                try db.execute(
                    sql: "DELETE FROM topology WHERE version <= ?", arguments: [version - Int64(retention.topologies)])
                return .commit
            }
            publish(version)
            return version
        }
    }

    // MARK: Clusters

    public func clusters() async throws -> [ClusterRecord] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM cluster ORDER BY id").map(ClusterRecord.restore)
        }
    }

    /// Inserts or replaces a cluster. - Returns: whether it was new.
    @discardableResult
    public func saveCluster(id: String, document: String) async throws -> Bool {
        try await transaction { db in
            let existed = try Bool.fetchOne(db, sql: "SELECT 1 FROM cluster WHERE id = ?", arguments: [id]) ?? false
            try db.execute(
                sql: "INSERT OR REPLACE INTO cluster (id, document, updatedAt) VALUES (?, ?, ?)",
                arguments: [id, document, DCInfo.format(Date())])
            return !existed
        }
    }

    /// Removes a cluster. - Returns: whether it existed.
    public func deleteCluster(id: String) async throws -> Bool {
        try await transaction { db in
            try db.execute(sql: "DELETE FROM cluster WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: DC info

    /// Appends reports in one transaction, then runs `publish` with each event while still
    /// holding the write lock, so subscribers see events in sequence order and only once
    /// committed.
    /// - Parameter cursor: a followed source and the id of the event these reports came in
    ///   (``sourceCursor(_:)``), recorded in the same transaction so that a restart resumes
    ///   exactly after the last report stored.
    @discardableResult
    public func appendDCInfo(
        _ infos: [DCInfo], cursor: (source: String, eventID: Int64)? = nil,
        publish: @Sendable (DCInfoEvent) -> Void
    ) async throws -> [DCInfoEvent] {
        try await writing { db in
            var events: [DCInfoEvent] = []
            let now = Date()
            let received = DCInfo.format(now)
            try db.inTransaction {
                for info in infos {
                    try db.execute(
                        sql: """
                            INSERT INTO dcinfo (dcid, addr, timestamp, ramusage, srvload, powerusage, cost, receivedAt, document)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            info.dcid.text, info.location.description, info.timestamp, info.ramusage, info.srvload,
                            info.powerusage ?? 0, info.cost, received, "{" + info.fieldsJSON + "}",
                        ])
                    events.append(DCInfoEvent(sequence: db.lastInsertedRowID, info: info, receivedAt: now))
                }
                if let cursor {
                    try db.execute(
                        sql: """
                            INSERT INTO dcsource (url, lastEventID, dcid, updatedAt) VALUES (?, ?, ?, ?)
                            ON CONFLICT(url) DO UPDATE SET lastEventID = excluded.lastEventID,
                            dcid = coalesce(excluded.dcid, dcid), updatedAt = excluded.updatedAt
                            """,
                        arguments: [cursor.source, cursor.eventID, infos.last?.dcid.text, received])
                }
                if let last = events.last { try pruneReports(db, newest: last.sequence, added: events.count) }
                return .commit
            }
            for event in events { publish(event) }
            return events
        }
    }

    /// Appends one report (see ``appendDCInfo(_:cursor:publish:)``).
    public func appendDCInfo(_ info: DCInfo, publish: @Sendable (DCInfoEvent) -> Void) async throws -> DCInfoEvent {
        try await appendDCInfo([info], publish: publish)[0]
    }

    /// The id of the last event stored from followed source `url`, or `nil`.
    public func sourceCursor(_ url: String) async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT lastEventID FROM dcsource WHERE url = ?", arguments: [url])
        }
    }

    /// Records that source `url` has been read through `eventID` (its current state was
    /// unchanged, or is stored already).
    public func setSourceCursor(_ url: String, eventID: Int64) async throws {
        try await writing { db in
            try db.execute(
                sql: """
                    INSERT INTO dcsource (url, lastEventID, updatedAt) VALUES (?, ?, ?)
                    ON CONFLICT(url) DO UPDATE SET lastEventID = excluded.lastEventID, updatedAt = excluded.updatedAt
                    """,
                arguments: [url, eventID, DCInfo.format(Date())])
        }
    }

    /// The dcid each followed source last reported, by source URL.
    public func sourceDataCenters() async throws -> [String: String] {
        try await pool.read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT url, dcid FROM dcsource WHERE dcid IS NOT NULL") {
                out[row["url"]] = row["dcid"]
            }
            return out
        }
    }

    /// Every `pruneStep` reports, deletes those more than `retention.reports` behind the
    /// newest, except each data center's newest, and records how far it deleted. Run in
    /// the insert's transaction, so the watermark and the rows always agree.
    /// - Complexity: O(stored reports) every `pruneStep` inserts.
    private func pruneReports(_ db: Database, newest: Int64, added: Int = 1) throws {
        let step = Int64(max(1, min(1000, retention.reports / 10)))
        let cutoff = newest - Int64(retention.reports)
        // Due when a multiple of `step` was among the `added` sequence numbers.
        guard newest / step > (newest - Int64(added)) / step, cutoff > prunedReportsThrough else { return }
        try db.execute(
            sql: """
                DELETE FROM dcinfo WHERE sequence <= ?
                AND sequence NOT IN (SELECT max(sequence) FROM dcinfo GROUP BY dcid)
                """,
            arguments: [cutoff])
        try db.execute(
            sql: "INSERT OR REPLACE INTO pruned (kind, through) VALUES ('dcinfo', ?)", arguments: [cutoff])
        prunedReports.store(cutoff, ordering: .releasing)
    }

    /// Caps the database at `pages` pages (SQLite's `max_page_count`; `nil` lifts the cap),
    /// so that tests can run the store out of space without filling a disk.
    package func limitPages(_ pages: Int?) async throws {
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages ?? 4_294_967_294)")
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the database is sound.
    package func integrityCheck() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// How many reports are stored (for tests and operators).
    public func reportCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM dcinfo") ?? 0 }
    }

    /// The newest report of every data center, in dcid order.
    public func latestDCInfo() async throws -> [DCInfoEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM dcinfo WHERE sequence IN (SELECT max(sequence) FROM dcinfo GROUP BY dcid)
                    ORDER BY dcid
                    """
            ).map(Self.event)
        }
    }

    /// Reports with a sequence number above `after` (at most `limit`), oldest first.
    public func dcInfo(after: Int64, limit: Int = 10_000) async throws -> [DCInfoEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM dcinfo WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [after, limit]
            ).map(Self.event)
        }
    }

    private static func event(_ row: Row) -> DCInfoEvent {
        let receivedText: String = row["receivedAt"]
        let receivedAt = DCInfo.parseTimestamp(receivedText) ?? Date(timeIntervalSince1970: 0)
        if let document: String = row["document"], let json = try? JSONValue.parse(Array(document.utf8)),
            let info = try? DCInfo(json: json)
        {
            return DCInfoEvent(sequence: row["sequence"], info: info, receivedAt: receivedAt)
        }
        let addrText: String = row["addr"]
        let info = DCInfo(
            dcid: DataCenterID(string: row["dcid"]) ?? DataCenterID(number: 0)!,
            addr: [IPAddress(plain: addrText) ?? IPAddress(family: .ipv4, value: 0)],
            timestamp: row["timestamp"], ramusage: row["ramusage"], srvload: row["srvload"],
            powerusage: row["powerusage"], cost: row["cost"])
        return DCInfoEvent(sequence: row["sequence"], info: info, receivedAt: receivedAt)
    }

    // MARK: Idempotency keys

    public func idempotencyEntry(key: String) async throws -> IdempotencyEntry? {
        try await pool.read { db in try Self.idempotencyEntry(key: key, db) }
    }

    static func idempotencyEntry(key: String, _ db: Database) throws -> IdempotencyEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM idempotency WHERE key = ?", arguments: [key]).map {
            IdempotencyEntry(
                key: $0["key"], requestHash: $0["requestHash"], status: $0["status"], response: $0["response"])
        }
    }

    /// How long an idempotency key's answer is kept.
    public static let idempotencyLifetime: Double = 24 * 3600

    /// Stores a response for a key unless one is stored already. - Returns: the stored entry.
    public func saveIdempotency(_ entry: IdempotencyEntry) async throws -> IdempotencyEntry {
        try await transaction { db in
            if let existing = try Self.idempotencyEntry(key: entry.key, db) { return existing }
            try Self.insert(entry, db)
            return entry
        }
    }

    /// Stores a key's answer, and forgets answers older than ``idempotencyLifetime``.
    static func insert(_ entry: IdempotencyEntry, _ db: Database) throws {
        try db.execute(
            sql: "DELETE FROM idempotency WHERE createdAt < ?",
            arguments: [DCInfo.format(Date(timeIntervalSinceNow: -idempotencyLifetime))])
        try db.execute(
            sql:
                "INSERT OR IGNORE INTO idempotency (key, requestHash, status, response, createdAt) VALUES (?, ?, ?, ?, ?)",
            arguments: [entry.key, entry.requestHash, entry.status, entry.response, DCInfo.format(Date())])
    }
}
