import Foundation
import GRDB

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
    /// Every record anywhere in the ledger that still needs a person: `invalid`, `rejected`,
    /// `uncertain`, `drift` (superseded ones are resolved and left out).
    public var openRecords: [ReconcileRecord]
    /// For each drift record id, the newest version of the same source record (the change).
    public var newerVersions: [Int64: LedgerRecord]
}

extension Ledger {
    /// Reads the run's batches, their live records with source amounts (unless `includeRecords`
    /// is false: then read them a batch at a time with ``reconcileRecords(batchID:)``), and every
    /// open exception record, in one read transaction.
    /// Throws ``LedgerError/runNotFound(_:)`` when neither a run nor a batch carries `runID`.
    public func reconcileSnapshot(runID: RunID, includeRecords: Bool = true) throws -> ReconcileSnapshot {
        try pool.read { db in
            let batchRows = try Row.fetchAll(db, sql: "SELECT * FROM batches WHERE run_id = ? ORDER BY rowid",
                                             arguments: [runID])
            let runExists = try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [runID]) ?? false
            guard runExists || !batchRows.isEmpty else { throw LedgerError.runNotFound(runID) }
            let batches = try batchRows.map(Ledger.postingBatchRow)
            var records: [ReconcileRecord] = []
            for batch in batches where includeRecords {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM records WHERE batch_id = ? AND state <> 'superseded' ORDER BY id
                    """, arguments: [batch.id])
                for row in rows {
                    let record = try Ledger.ledgerRecord(row)
                    records.append(ReconcileRecord(record: record, amounts: try Ledger.reconcileAmounts(db, recordID: record.id)))
                }
            }
            let openRows = try Row.fetchAll(db, sql: """
                SELECT * FROM records WHERE state IN ('invalid', 'rejected', 'uncertain', 'drift') ORDER BY id
                """)
            var open: [ReconcileRecord] = []
            var newer: [Int64: LedgerRecord] = [:]
            // The open records' amounts in one read (not one query per record).
            var openAmounts: [Int64: [RecordAmount]] = [:]
            let amountRows = try Row.fetchCursor(db, sql: """
                SELECT a.* FROM record_amounts a JOIN records r ON r.id = a.record_id
                WHERE r.state IN ('invalid', 'rejected', 'uncertain', 'drift') ORDER BY a.record_id, a.id
                """)
            while let row = try amountRows.next() {
                openAmounts[row["record_id"], default: []].append(try Ledger.recordAmount(row))
            }
            for row in openRows {
                let record = try Ledger.ledgerRecord(row)
                open.append(ReconcileRecord(record: record, amounts: openAmounts[record.id] ?? []))
                if record.state == .drift, let latest = try Row.fetchOne(db, sql: """
                    SELECT * FROM records WHERE resource = ? AND source_id = ? AND id <> ? ORDER BY id DESC LIMIT 1
                    """, arguments: [record.resource, record.sourceID, record.id]) {
                    newer[record.id] = try Ledger.ledgerRecord(latest)
                }
            }
            return ReconcileSnapshot(runID: runID, batches: batches, records: records, openRecords: open,
                                     newerVersions: newer)
        }
    }

    /// The live (not superseded) records of one batch with their source amounts, oldest first.
    public func reconcileRecords(batchID: String) throws -> [ReconcileRecord] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM records WHERE batch_id = ? AND state <> 'superseded' ORDER BY id
                """, arguments: [batchID])
            var amounts: [Int64: [RecordAmount]] = [:]
            // Driven by the batch's records through the record_id index (ordering by a.id alone
            // lets SQLite walk every amount of the ledger for each batch).
            let amountRows = try Row.fetchCursor(db, sql: """
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
        try pool.read { db in
            try String.fetchOne(db, sql: """
                SELECT run_id FROM batches WHERE run_id IS NOT NULL ORDER BY rowid DESC LIMIT 1
                """)
        }
    }

    static func reconcileAmounts(_ db: Database, recordID: Int64) throws -> [RecordAmount] {
        try Row.fetchAll(db, sql: "SELECT * FROM record_amounts WHERE record_id = ? ORDER BY id",
                         arguments: [recordID]).map(Ledger.recordAmount)
    }
}
