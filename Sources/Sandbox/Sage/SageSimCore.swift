import Foundation
import GRDB
import JSON
import Sage100
import Synchronization

/// The simulated agent behind the HTTP routes: the Sage tables (SQLite through GRDB), the
/// idempotency record, injected locks, the writer lock and the counters.
final class SageSimCore: Sendable {
    let configuration: SageAgentSimulatorConfiguration
    let database: DatabaseQueue
    let databasePath: String
    let writerLock = SageSimWriterLock()

    private struct State {
        var stats = SageSimulatorStats()
        /// Import requests between their arrival and their answer.
        var importsInFlight = 0
        var random: SplitMix64
        var dropAfterCommit = 0
        var startedAt: ContinuousClock.Instant?
        var manualLockUntil: ContinuousClock.Instant?
        /// Import requests still to be answered 423 (a lock by count, not by time).
        var lockedImports = 0
        /// Idempotency keys of imports received and not yet finished, with how many requests hold each.
        var inFlight: [String: Int] = [:]
    }
    private let state: Mutex<State>

    static let agentVersion = "1.0.0-sim"
    static let boiVersion = "7.10"

    init(configuration: SageAgentSimulatorConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let path = configuration.databasePath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("sage-agent-sim-\(UUID().uuidString).sqlite").path
        databasePath = path
        do {
            if path == SageAgentSimulatorConfiguration.inMemory {
                database = try DatabaseQueue()
            } else {
                var config = Configuration()
                config.prepareDatabase { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")  // WAL + NORMAL: durable across process crashes
                }
                database = try DatabaseQueue(path: path, configuration: config)
            }
            try database.write { db in
                try SageSimSchema.migrate(db)
                let seeded = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM GL_Account") ?? 0
                if seeded == 0 { try SageSimSeed.load(db) }
            }
        } catch {
            throw SageAgentSimulatorError.database("cannot open \(path): \(error)")
        }
        state = Mutex(State(random: SplitMix64(seed: configuration.seed)))
    }

    // MARK: - State

    func markStarted() { state.withLock { $0.startedAt = .now } }

    var stats: SageSimulatorStats { state.withLock { $0.stats } }

    func count(_ update: @Sendable (inout SageSimulatorStats) -> Void) { state.withLock { update(&$0.stats) } }

    func dropConnectionAfterCommit(count: Int) { state.withLock { $0.dropAfterCommit = max(0, count) } }

    /// True (and counts down) when this import's connection must be dropped after commit.
    func takeDrop() -> Bool {
        state.withLock { s in
            guard s.dropAfterCommit > 0 else { return false }
            s.dropAfterCommit -= 1
            s.stats.droppedConnections += 1
            return true
        }
    }

    func lockModule(for duration: Duration) { state.withLock { $0.manualLockUntil = .now + duration } }

    /// Answers the next `count` import requests 423 (Retry-After 1), whatever the time.
    func lockModule(forNextImports count: Int) { state.withLock { $0.lockedImports = max(0, count) } }

    /// True (and one less to go) when an import request is to be answered 423 by count.
    func takeCountedModuleLock() -> Bool {
        state.withLock { s in
            guard s.lockedImports > 0 else { return false }
            s.lockedImports -= 1
            return true
        }
    }

    /// How long the module stays locked from now, or nil when it is free.
    func moduleLockRemaining(now: ContinuousClock.Instant = .now) -> Duration? {
        state.withLock { s in
            var remaining: Duration?
            if let until = s.manualLockUntil, until > now { remaining = until - now }
            if let every = configuration.moduleLockEvery, let start = s.startedAt {
                let elapsed = now - start
                let periods = Int(elapsed / every)
                if periods >= 1 {
                    let windowStart = every * periods
                    let into = elapsed - windowStart
                    if into < configuration.moduleLockDuration {
                        let left = configuration.moduleLockDuration - into
                        remaining = max(remaining ?? .zero, left)
                    }
                }
            }
            return remaining
        }
    }

    private func drawRecordLock() -> Bool {
        state.withLock { s in
            let locked = s.random.chance(rate: configuration.lockRate)
            if locked { s.stats.locksInjected += 1 }
            return locked
        }
    }

    // MARK: - Imports

    /// Marks `keys` as being written from now until ``endImport(_:)``: a lookup in between
    /// answers `in_progress` (the request is queued for the writer lock or being written,
    /// whether or not its sender is still waiting).
    func beginImport(_ keys: [String]) {
        state.withLock { s in
            // BOI allows one writer per company; the simulator serializes imports itself, but
            // counts one that arrives while another is still in flight: a connector (or two
            // hosted workers) that broke the one-writer rule.
            if s.importsInFlight > 0 { s.stats.overlappingImports += 1 }
            s.importsInFlight += 1
            for key in keys { s.inFlight[key, default: 0] += 1 }
        }
    }

    func endImport(_ keys: [String]) {
        state.withLock { s in
            s.importsInFlight -= 1
            for key in keys {
                let left = (s.inFlight[key] ?? 1) - 1
                s.inFlight[key] = left > 0 ? left : nil
            }
        }
    }

    /// One record through BOI. Call with the writer lock held.
    func process(kind: SageDocumentKind, record: ImportRecord, batchID: String) async throws -> RecordResult {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let busy = clock.now - start
            count { $0.busySeconds += Double(busy.components.seconds) + Double(busy.components.attoseconds) / 1e18 }
        }
        let key = record.idempotencyKey
        if let original = try await database.read({ db in
            try String.fetchOne(db, sql: "SELECT sage_key FROM agent_posting WHERE idempotency_key = ?", arguments: [key])
        }) {
            count { $0.duplicates += 1 }
            return RecordResult(idempotencyKey: key, status: .duplicate, sageKey: original,
                                messages: [RecordMessage(field: nil, message: "Already posted as \(original); nothing written.")])
        }
        if drawRecordLock() {
            let table = kind.table(for: .header)?.rawValue ?? kind.rawValue
            return RecordResult(idempotencyKey: key, status: .locked, sageKey: nil, messages: [
                RecordMessage(field: nil, message: "Record/file busy. \(table) is in use by another task; nothing was written, retry shortly."),
            ])
        }
        let stamp = SageSimStamp()
        let outcome = try await database.write { db in
            try SageSimImporter(db: db, stamp: stamp).apply(kind: kind, record: record.record, idempotencyKey: key, batchID: batchID)
        }
        switch outcome {
        case .posted(let sageKey, _):
            count { $0.writes += 1 }
            if configuration.writeLatency > .zero { try? await Task.sleep(for: configuration.writeLatency) }
            return RecordResult(idempotencyKey: key, status: .posted, sageKey: sageKey, messages: [])
        case .rejected(let messages):
            count { $0.rejected += 1 }
            return RecordResult(idempotencyKey: key, status: .rejected, sageKey: nil, messages: messages)
        }
    }

    // MARK: - Reads

    func lookup(idempotencyKey: String) throws -> PostingLookup {
        let writing = state.withLock { $0.inFlight[idempotencyKey] != nil }
        return try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM agent_posting WHERE idempotency_key = ?", arguments: [idempotencyKey])
            else { return PostingLookup(found: false, inProgress: writing) }
            return PostingLookup(found: true, status: .posted, sageKey: row["sage_key"], kind: row["kind"],
                                 batchID: row["batch_id"], postedAt: row["posted_at"])
        }
    }

    func postings() throws -> [SageSimulatorPosting] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent_posting ORDER BY seq").map { row in
                let kindText: String = row["kind"]
                let amountText: String = row["amount"]
                return SageSimulatorPosting(
                    idempotencyKey: row["idempotency_key"], kind: SageDocumentKind(rawValue: kindText) ?? .apInvoices,
                    sageKey: row["sage_key"], amount: AgentWire.parseDecimal(amountText) ?? 0,
                    batchID: row["batch_id"], postedAt: row["posted_at"])
            }
        }
    }

    /// A page of a reference table ordered by its key.
    func referencePage(_ table: SageSimTable, since: SageUpdatedSince?, cursor: [String]?, limit: Int) throws
        -> AgentPage<JSONValue> {
        try database.read { db in
            var clauses: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let since {
                let hours = Double(since.hours ?? "0") ?? 0
                clauses.append("(DateUpdated > ? OR (DateUpdated = ? AND CAST(TimeUpdated AS REAL) >= ?))")
                arguments += [since.date, since.date, hours]
            }
            if let cursor {
                let cols = "(" + table.keyColumns.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
                let marks = "(" + Array(repeating: "?", count: cursor.count).joined(separator: ", ") + ")"
                clauses.append("\(cols) > \(marks)")
                arguments += cursor.map { $0 as any DatabaseValueConvertible }
            }
            let whereSQL = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            let order = table.keyColumns.map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table.name)\"\(whereSQL) ORDER BY \(order) LIMIT ?",
                                        arguments: StatementArguments(arguments + [limit + 1]))
            let page = rows.prefix(limit)
            let items = page.map { SageSimCore.item(SageSimSchema.fields(of: $0)) }
            var next: String?
            if rows.count > limit, let last = page.last {
                let fields = SageSimSchema.fields(of: last)
                next = SageSimCursor.encode(table.keyColumns.map { fields[$0] ?? "" })
            }
            return AgentPage(items: items, nextCursor: next)
        }
    }

    /// A page of posted documents of `kind`, in posting order.
    func documentPage(kind: SageDocumentKind, batch: String?, since: SageUpdatedSince?, afterSeq: Int64?, limit: Int) throws
        -> AgentPage<AgentPostedDocument> {
        try database.read { db in
            var clauses = ["kind = ?"]
            var arguments: [any DatabaseValueConvertible] = [kind.rawValue]
            if let batch { clauses.append("batch_id = ?"); arguments.append(batch) }
            if let since {
                clauses.append("(DateUpdated > ? OR (DateUpdated = ? AND CAST(TimeUpdated AS REAL) >= ?))")
                arguments += [since.date, since.date, Double(since.hours ?? "0") ?? 0]
            }
            if let afterSeq { clauses.append("seq > ?"); arguments.append(afterSeq) }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM agent_posting WHERE \(clauses.joined(separator: " AND ")) ORDER BY seq LIMIT ?",
                                        arguments: StatementArguments(arguments + [limit + 1]))
            let page = rows.prefix(limit)
            var items: [AgentPostedDocument] = []
            for row in page {
                let docKey = SageSimKey.decode(row["doc_key"])
                items.append(AgentPostedDocument(
                    sageKey: row["sage_key"], kind: row["kind"], batchID: row["batch_id"],
                    idempotencyKey: row["idempotency_key"], postedAt: row["posted_at"], amount: row["amount"],
                    record: try SageSimCore.document(kind: kind, key: docKey, in: db)))
            }
            var next: String?
            if rows.count > limit, let last = page.last {
                let seq: Int64 = last["seq"]
                next = SageSimCursor.encode([String(seq)])
            }
            return AgentPage(items: items, nextCursor: next)
        }
    }

    /// A row as a contract item: Sage fields as strings, UDFs spread back out.
    static func item(_ fields: [String: String]) -> JSONValue {
        var object: JSONObject = [:]
        for (k, v) in fields where k != "UDF" { object[k] = .string(v) }
        if let udf = fields["UDF"] {
            for (k, v) in SageSimKey.decode(udf) { object[k] = .string(v) }
        }
        return .object(object)
    }

    /// A posted document rebuilt from the Sage tables (what Sage holds, not what was sent).
    static func document(kind: SageDocumentKind, key: [String: String], in db: Database) throws -> JSONValue {
        let (header, line, sub): (SageSimTable, SageSimTable?, SageSimTable?) = switch kind {
        case .vendors: (SageSimSchema.vendor, nil, nil)
        case .apInvoices: (SageSimSchema.invoiceHeader, SageSimSchema.invoiceDetail, nil)
        case .purchaseOrders, .purchaseOrderChanges: (SageSimSchema.poHeader, SageSimSchema.poDetail, nil)
        case .glEntries: (SageSimSchema.glHeader, SageSimSchema.glDetail, nil)
        case .manualChecks: (SageSimSchema.checkHeader, SageSimSchema.checkDetail, SageSimSchema.checkDistribution)
        case .salesOrders: (SageSimSchema.salesOrderHeader, SageSimSchema.salesOrderDetail, nil)
        }
        let keyColumns = header.keyColumns
        let whereSQL = keyColumns.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
        let keyArgs = StatementArguments(keyColumns.map { key[$0] ?? "" })
        // A purchase order change is the lines it added, under the purchase order's header.
        var lineSQL = whereSQL
        var lineArgs = keyArgs
        if kind == .purchaseOrderChanges, let first = key["FirstLineKey"], let last = key["LastLineKey"] {
            lineSQL += " AND LineKey BETWEEN ? AND ?"
            lineArgs = StatementArguments(keyColumns.map { key[$0] ?? "" } + [first, last])
        }
        guard let headerRow = try Row.fetchOne(db, sql: "SELECT * FROM \"\(header.name)\" WHERE \(whereSQL)", arguments: keyArgs) else {
            return .null
        }
        guard case .object(var object) = item(SageSimSchema.fields(of: headerRow)) else { return .null }
        if let line {
            let lines = try Row.fetchAll(db, sql: "SELECT * FROM \"\(line.name)\" WHERE \(lineSQL) ORDER BY LineKey", arguments: lineArgs)
            var lineValues: [JSONValue] = []
            for lineRow in lines {
                var fields = SageSimSchema.fields(of: lineRow)
                for k in keyColumns { fields[k] = nil }
                guard case .object(var lineObject) = item(fields) else { continue }
                if let sub {
                    var subArgs = keyColumns.map { key[$0] ?? "" }
                    subArgs.append(lineRow["LineKey"])
                    let subs = try Row.fetchAll(db, sql: "SELECT * FROM \"\(sub.name)\" WHERE \(whereSQL) AND LineKey = ? ORDER BY SubLineKey",
                                                arguments: StatementArguments(subArgs))
                    lineObject[SageSimDocument.distributionsKey] = .array(subs.map { subRow in
                        var f = SageSimSchema.fields(of: subRow)
                        for k in keyColumns + ["LineKey"] { f[k] = nil }
                        return item(f)
                    })
                }
                lineValues.append(.object(lineObject))
            }
            object[SageSimDocument.linesKey] = .array(lineValues)
        }
        return .object(object)
    }
}

/// Opaque page cursors: base64url of the last key's parts.
enum SageSimCursor {
    static func encode(_ parts: [String]) -> String {
        let data = (try? JSONEncoder().encode(parts)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, parts: Int) -> [String]? {
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64),
              let values = try? JSONDecoder().decode([String].self, from: data), values.count == parts else { return nil }
        return values
    }
}
