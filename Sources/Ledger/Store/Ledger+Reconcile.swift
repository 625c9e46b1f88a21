import Foundation

/// One record with the source amounts transform recorded for it.
public struct ReconcileRecord: Sendable, Equatable {
    public var record: LedgerRecord
    /// The `record_amounts` rows of the record, in insertion order (empty for records that
    /// never reached a batch, e.g. invalid ones).
    public var amounts: [RecordAmount]

    public init(record: LedgerRecord, amounts: [RecordAmount]) {
        self.record = record
        self.amounts = amounts
    }
}

/// What reconciliation needs from the ledger for one run, read in one consistent snapshot.
public struct ReconcileSnapshot: Sendable, Equatable {
    public var runID: RunID
    /// The run's batches (`batches.run_id`), oldest first.
    public var batches: [PostingBatchRow]
    /// Live (not superseded) records of those batches, with their source amounts.
    public var records: [ReconcileRecord]
    /// The records of this run (made by the run or one of its stages) that still need a
    /// person: `invalid`, `rejected`, `uncertain`, `drift` (superseded ones are resolved and left out).
    public var openRecords: [ReconcileRecord]
    /// For each drift record id, the newest version of the same source record (the change).
    public var newerVersions: [Int64: LedgerRecord]
    /// The open records of other runs (neither made by this run nor in its batches), grouped
    /// by state, resource and cause in SQL: the report's cost follows the backlog's causes,
    /// not its length.
    public var carriedOver: [OpenRecordGroup] = []
}

/// The open records of other runs that share a state, a resource and a cause
/// (``RecordCause``), as the reconciliation report lists them: one row per group.
public struct OpenRecordGroup: Sendable, Equatable {
    public var state: RecordState
    public var resource: String
    /// The cause of the records' newest message (nil when none was recorded).
    public var cause: String?
    public var records: Int
    /// When the ledger first had the group's lowest record id (ISO 8601 UTC; shown, never
    /// used to order).
    public var since: String
    /// The group's three lowest record ids, for `ml-connector ledger show`.
    public var examples: [Int64]
    /// The source amounts of each record of the group that has any, in record id order
    /// (records that never reached a batch, e.g. invalid ones, have none).
    public var amounts: [[RecordAmount]]
    /// What the group's refused records without source amounts hold back (their held amounts,
    /// summed exactly), and how many of them have one.
    public var heldAmount: Decimal = 0
    public var heldRecords: Int = 0
}

extension Ledger {
    /// Reads the run's batches, their live records with source amounts (unless `includeRecords`
    /// is false: then read them a batch at a time with ``reconcileRecords(batchID:)``), the run's
    /// open exception records in full and those of earlier runs as digests, in one read transaction.
    /// Throws ``LedgerError/runNotFound(_:)`` when neither a run nor a batch carries `runID`.
    public func reconcileSnapshot(runID: RunID, includeRecords: Bool = true) throws -> ReconcileSnapshot {
        try reading { db in
            let batchRows = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM batches WHERE run_id = ? ORDER BY rowid"),
                                             arguments: [runID])
            let runExists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM runs WHERE id = ?"), arguments: [runID]) ?? false
            guard runExists || !batchRows.isEmpty else { throw LedgerError.runNotFound(runID) }
            let batches = try batchRows.map(Ledger.postingBatchRow)
            var records: [ReconcileRecord] = []
            for batch in batches where includeRecords {
                let rows = try SQLRow.fetchAll(db.cachedStatement(sql: """
                    SELECT * FROM records WHERE batch_id = ? AND state <> 'superseded' ORDER BY id
                    """), arguments: [batch.id])
                for row in rows {
                    let record = try Ledger.ledgerRecord(row)
                    records.append(ReconcileRecord(record: record, amounts: try Ledger.reconcileAmounts(db, recordID: record.id)))
                }
            }
            // The run's own records: the run and its stages (a `run`'s transform is a stage).
            let runIDs = [runID] + (try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM runs WHERE parent_id = ?"), arguments: [runID]))
            let marks = Array(repeating: "?", count: runIDs.count).joined(separator: ",")
            let isOpen = "state IN \(LedgerMigrations.openStates)"
            // The run's own open records, and their amounts in one read (not one query per record).
            let ids = SQLArguments(runIDs)
            let openRows = try SQLRow.fetchAll(db, sql: "SELECT * FROM records WHERE \(isOpen) AND run_id IN (\(marks)) ORDER BY id",
                                            arguments: ids)
            var open: [ReconcileRecord] = []
            var newer: [Int64: LedgerRecord] = [:]
            var openAmounts: [Int64: [RecordAmount]] = [:]
            let amountRows = try SQLRow.fetchCursor(db, sql: """
                SELECT a.* FROM record_amounts a JOIN records r ON r.id = a.record_id
                WHERE r.\(isOpen) AND r.run_id IN (\(marks)) ORDER BY a.record_id, a.id
                """, arguments: ids)
            while let row = try amountRows.next() {
                openAmounts[row["record_id"], default: []].append(try Ledger.recordAmount(row))
            }
            for row in openRows {
                let record = try Ledger.ledgerRecord(row)
                open.append(ReconcileRecord(record: record, amounts: openAmounts[record.id] ?? []))
                if record.state == .drift, let latest = try SQLRow.fetchOne(db.cachedStatement(sql: """
                    SELECT * FROM records WHERE resource = ? AND source_id = ? AND id <> ? ORDER BY id DESC LIMIT 1
                    """), arguments: [record.resource, record.sourceID, record.id]) {
                    newer[record.id] = try Ledger.ledgerRecord(latest)
                }
            }
            let carried = try Ledger.openRecordGroups(db, notOf: runIDs, batchesOf: runID)
            return ReconcileSnapshot(runID: runID, batches: batches, records: records, openRecords: open,
                                     newerVersions: newer, carriedOver: carried)
        }
    }

    /// The live (not superseded) records of one batch with their source amounts, oldest first.
    public func reconcileRecords(batchID: String) throws -> [ReconcileRecord] {
        try reading { db in
            let rows = try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM records WHERE batch_id = ? AND state <> 'superseded' ORDER BY id
                """), arguments: [batchID])
            var amounts: [Int64: [RecordAmount]] = [:]
            // Driven by the batch's records through the record_id index (ordering by a.id alone
            // lets SQLite walk every amount of the ledger for each batch).
            let amountRows = try SQLRow.fetchCursor(db, sql: """
                SELECT a.* FROM record_amounts a
                WHERE a.record_id IN (SELECT id FROM records WHERE batch_id = ? AND state <> 'superseded')
                ORDER BY a.record_id, a.id
                """, arguments: [batchID])
            while let row = try amountRows.next() {
                amounts[row["record_id"], default: []].append(try Ledger.recordAmount(row))
            }
            return try rows.map { row in
                let record = try Ledger.ledgerRecord(row)
                return ReconcileRecord(record: record, amounts: amounts[record.id] ?? [])
            }
        }
    }

    /// The newest run that wrote batches, if any (the default run to reconcile).
    public func latestRunWithBatches() throws -> RunID? {
        try reading { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT run_id FROM batches WHERE run_id IS NOT NULL ORDER BY rowid DESC LIMIT 1
                """))
        }
    }

    static func reconcileAmounts(_ db: SQLConnection, recordID: Int64) throws -> [RecordAmount] {
        try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM record_amounts WHERE record_id = ? ORDER BY id"),
                         arguments: [recordID]).map(Ledger.recordAmount)
    }
}

extension Ledger {
    /// The open records neither made by `runIDs` nor in a batch of `batchRun`, by state, resource
    /// and cause.
    /// Read through the covering index `records_open_causes`: the backlog is counted in SQL.
    static func openRecordGroups(_ db: SQLConnection, notOf runIDs: [RunID], batchesOf batchRun: RunID) throws -> [OpenRecordGroup] {
        let marks = Array(repeating: "?", count: runIDs.count).joined(separator: ",")
        let others = """
            r.state IN \(LedgerMigrations.openStates)
            AND (r.run_id IS NULL OR r.run_id NOT IN (\(marks)))
            AND (r.batch_id IS NULL OR r.batch_id NOT IN (SELECT id FROM batches WHERE run_id = ?))
            """
        let arguments = SQLArguments(runIDs) + [batchRun]
        struct Key: Hashable { var state: String; var resource: String; var cause: String? }
        var groups: [Key: OpenRecordGroup] = [:]
        var order: [Key] = []
        // One row per group; `created_at` comes from the row holding MIN(id) (SQLite's rule for
        // a bare column beside MIN; PostgreSQL looks that row up).
        let firstCreated = db.dialect == .sqlite ? "r.created_at" : "(SELECT o.created_at FROM records o WHERE o.id = MIN(r.id))"
        let rows = try SQLRow.fetchCursor(db, sql: """
            SELECT r.state, r.resource, r.cause, COUNT(*), MIN(r.id), \(firstCreated)
            FROM records r INDEXED BY records_open_causes WHERE \(others)
            GROUP BY r.state, r.resource, r.cause
            """, arguments: arguments)
        while let row = try rows.next() {
            let key = Key(state: row[0], resource: row[1], cause: row[2])
            groups[key] = OpenRecordGroup(state: try recordState(row[0]), resource: row[1], cause: row[2], records: row[3],
                                          since: row[5], examples: [], amounts: [])
            order.append(key)
        }
        // The three lowest ids of each group: a seek into the index per group (it is ordered by
        // state, resource, cause, id), not a sort of the backlog.
        let examples = try db.cachedStatement(sql: """
            SELECT r.id FROM records r INDEXED BY records_open_causes
            WHERE r.state = ? AND r.resource = ? AND r.cause IS NOT DISTINCT FROM ? AND \(others) ORDER BY r.id LIMIT 3
            """)
        for key in order {
            groups[key]?.examples = try Int64.fetchAll(examples, arguments: [key.state, key.resource, key.cause] + arguments)
        }
        // What the refused records that never reached a batch hold back.
        let held = try SQLRow.fetchCursor(db, sql: """
            SELECT r.state, r.resource, r.cause, r.held_amount FROM records r
            WHERE \(others) AND r.held_amount IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM record_amounts a WHERE a.record_id = r.id)
            """, arguments: arguments)
        while let row = try held.next() {
            let key = Key(state: row[0], resource: row[1], cause: row[2])
            guard groups[key] != nil, let text: String = row[3],
                  let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { continue }
            groups[key]!.heldAmount += amount
            groups[key]!.heldRecords += 1
        }
        var current: (id: Int64, key: Key, amounts: [RecordAmount])?
        func flush() {
            if let done = current { groups[done.key]?.amounts.append(done.amounts) }
        }
        let amounts = try SQLRow.fetchCursor(db, sql: """
            SELECT r.state, r.resource, r.cause, a.* FROM records r INDEXED BY records_open_causes
            JOIN record_amounts a ON a.record_id = r.id
            WHERE \(others) ORDER BY a.record_id, a.id
            """, arguments: arguments)
        while let row = try amounts.next() {
            let recordID: Int64 = row["record_id"]
            if current?.id != recordID {
                flush()
                current = (recordID, Key(state: row[0], resource: row[1], cause: row[2]), [])
            }
            current?.amounts.append(try recordAmount(row))
        }
        flush()
        return order.compactMap { groups[$0] }
    }
}

extension Ledger {
    /// What held back a record that has since posted: the newest cause among its refused
    /// versions (itself, when a fix to the mapping let the same version through).
    public func heldCause(of record: LedgerRecord) throws -> String? {
        try reading { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT cause FROM records
                WHERE resource = ? AND source_id = ? AND held_since IS NOT NULL AND cause IS NOT NULL
                  AND (id = ? OR state IN ('superseded', 'invalid', 'rejected'))
                ORDER BY id DESC LIMIT 1
                """), arguments: [record.resource, record.sourceID, record.id])
        }
    }
}

/// An open refused record with what a person can fill in to release it.
public struct OpenFix: Sendable, Equatable {
    public var recordID: Int64
    public var resource: String
    public var sourceID: Int64
    /// The connector's fix hints (JSON).
    public var fixJSON: String
    public var heldAmount: Decimal?
}

extension Ledger {
    /// Every open `invalid` record that carries fix hints, in record order (for the fix sheet).
    public func openFixes() throws -> [OpenFix] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT id, resource, source_id, fix_json, held_amount FROM records
                WHERE state = 'invalid' AND fix_json IS NOT NULL ORDER BY id
                """)).map { row in
                let amount: String? = row["held_amount"]
                return OpenFix(recordID: row["id"], resource: row["resource"], sourceID: row["source_id"], fixJSON: row["fix_json"],
                               heldAmount: amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) })
            }
        }
    }
}
