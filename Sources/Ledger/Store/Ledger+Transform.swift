import Foundation
import Money

/// One amount a record puts into Sage (a row of `record_amounts`).
public struct RecordAmount: Sendable, Equatable, Codable {
    /// Sage document kind (`ap-invoices`, `purchase-orders`, …).
    public var kind: String
    /// `distribution` for a posting line; `gross`, `retainage`, `net` for AP invoice totals.
    public var line: String
    public var vendorNo: String?
    public var jobNo: String?
    /// Formatted GL account (e.g. `5100-04-00`), when the line has one.
    public var account: String?
    /// Exact amount.
    public var amount: Decimal

    public init(kind: String, line: String = "distribution", vendorNo: String?, jobNo: String?,
                account: String?, amount: Decimal) {
        self.kind = kind
        self.line = line
        self.vendorNo = vendorNo
        self.jobNo = jobNo
        self.account = account
        self.amount = amount
    }
}

/// A pair to record in the identity map (Procore object -> Sage key) for one company.
public struct IdentityPair: Sendable, Equatable, Codable {
    public var resource: String
    public var procoreID: Int64
    public var sageKey: String

    public init(resource: String, procoreID: Int64, sageKey: String) {
        self.resource = resource
        self.procoreID = procoreID
        self.sageKey = sageKey
    }
}

/// Everything one outbox batch changes in the ledger, committed in one transaction.
public struct BatchCommit: Sendable, Equatable {
    public var batchID: String
    public var runID: RunID
    /// Sage document kind.
    public var kind: String
    /// Sage company code.
    public var company: String
    /// `ready` or `pending_approval`.
    public var state: LedgerBatchState
    /// The batch folder.
    public var path: String
    /// Control total as a decimal string.
    public var controlTotal: String
    /// Records to move `valid -> batched`, with the Sage key each will have (when known).
    public var records: [(id: Int64, targetKey: String?)]
    /// Identity-map pairs allocated for these records.
    public var identities: [IdentityPair]
    /// Source amounts per record id (replacing any earlier rows of that record).
    public var amounts: [Int64: [RecordAmount]]
    /// What each record must wait for in Sage before it is sent (by record id).
    public var prerequisites: [Int64: [Prerequisite]] = [:]
    /// sha256 of each record's document as batched (by record id): what a new version of it,
    /// once posted, is compared with.
    public var documentDigests: [Int64: String] = [:]

    /// A record a document needs in Sage before it may be sent: its idempotency key and what it
    /// is ("vendor", "AP invoice").
    public struct Prerequisite: Sendable, Equatable, Hashable {
        public var idempotencyKey: String
        public var what: String
        public init(idempotencyKey: String, what: String) {
            self.idempotencyKey = idempotencyKey
            self.what = what
        }
    }

    public init(batchID: String, runID: RunID, kind: String, company: String, state: LedgerBatchState, path: String,
                controlTotal: String, records: [(id: Int64, targetKey: String?)], identities: [IdentityPair],
                amounts: [Int64: [RecordAmount]]) {
        self.batchID = batchID
        self.runID = runID
        self.kind = kind
        self.company = company
        self.state = state
        self.path = path
        self.controlTotal = controlTotal
        self.records = records
        self.identities = identities
        self.amounts = amounts
    }

    /// Same, with the state as its text (`ready`, `pending_approval`); unknown text means `ready`.
    public init(batchID: String, runID: RunID, kind: String, company: String, state: String, path: String,
                controlTotal: String, records: [(id: Int64, targetKey: String?)], identities: [IdentityPair],
                amounts: [Int64: [RecordAmount]]) {
        self.init(batchID: batchID, runID: runID, kind: kind, company: company,
                  state: LedgerBatchState(rawValue: state) ?? .ready, path: path, controlTotal: controlTotal,
                  records: records, identities: identities, amounts: amounts)
    }

    public static func == (a: BatchCommit, b: BatchCommit) -> Bool {
        a.batchID == b.batchID && a.runID == b.runID && a.kind == b.kind && a.company == b.company
            && a.state == b.state && a.path == b.path && a.controlTotal == b.controlTotal
            && a.records.map(\.id) == b.records.map(\.id) && a.records.map(\.targetKey) == b.records.map(\.targetKey)
            && a.identities == b.identities && a.amounts == b.amounts && a.prerequisites == b.prerequisites
            && a.documentDigests == b.documentDigests
    }
}

extension Ledger {
    /// The record of one exact source version (resource, id, updated_at, content hash), if any.
    public func record(resource: String, sourceID: Int64, sourceUpdatedAt: String?, contentSHA256: String) throws -> LedgerRecord? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: """
                SELECT * FROM records WHERE resource = ? AND source_id = ? AND source_updated_at IS NOT DISTINCT FROM ? AND content_sha256 = ?
                """), arguments: [resource, sourceID, sourceUpdatedAt, contentSHA256]).map(Ledger.ledgerRecord)
        }
    }

    /// Records written into batch `batchID`, oldest first.
    public func records(batchID: String) throws -> [LedgerRecord] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE batch_id = ? ORDER BY id"),
                             arguments: [batchID]).map(Ledger.ledgerRecord)
        }
    }

    /// Moves a record to `valid` or `invalid` after validation, recording every reason (each one
    /// appended to the record's errors) with one audit row. Refuses moves the state machine forbids.
    @discardableResult
    /// `hold` records what an invalid record holds back (ignored, and cleared, when valid).
    public func settleValidation(recordID: Int64, valid: Bool, reasons: [String], runID: RunID?,
                                 hold: RecordHold? = nil) throws -> LedgerRecord {
        try writing { db in
            guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE id = ?"), arguments: [recordID]) else {
                throw LedgerError.recordNotFound(recordID: recordID)
            }
            var record = try Ledger.ledgerRecord(row)
            let target: RecordState = valid ? .valid : .invalid
            guard record.state.canMove(to: target) else {
                throw LedgerError.illegalTransition(recordID: recordID, from: record.state, to: target)
            }
            let from = record.state
            record.state = target
            record.errors.append(contentsOf: reasons)
            record.updatedAt = Ledger.now()
            let errors = record.errors.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(record.errors), as: UTF8.self)
            record.hold = valid || hold?.isEmpty != false ? nil : hold
            try db.cachedStatement(sql: """
                UPDATE records SET state = ?, errors_json = ?, cause = ?, updated_at = ?,
                    blocked_by = ?, held_amount = ?, vendor_name = ?, job_no = ?, fix_json = ? WHERE id = ?
                """).execute(arguments: [target.rawValue, errors, record.errors.last.map(RecordCause.of), record.updatedAt,
                                 record.hold?.blockedBy, record.hold?.amount.map(Money.exactText), record.hold?.vendorName,
                                 record.hold?.jobNo, record.hold?.fixJSON, recordID])
            var detail = "{\"from\":\(jsonString(from.rawValue)),\"to\":\(jsonString(target.rawValue))"
            if !reasons.isEmpty {
                detail += ",\"errors\":[" + reasons.map(jsonString).joined(separator: ",") + "]"
            }
            detail += "}"
            try Ledger.insertAudit(db, runID: runID, actor: "ml-connector", action: "record.state",
                                   subject: "record:\(recordID)", detailJSON: detail)
            return record
        }
    }

    /// Commits one outbox batch: the `batches` row, every record `valid -> batched` with the
    /// batch id, the identity-map pairs and the source amounts, all in one transaction. Any
    /// record not in `valid`, or an identity pair that conflicts, rolls the whole batch back.
    public func commitBatch(_ batch: BatchCommit) throws {
        try writing { db in
            let now = Ledger.now()
            try db.cachedStatement(sql: """
                INSERT INTO batches (id, run_id, kind, company_code, created_at, state, path, record_count, control_total)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [batch.batchID, batch.runID, batch.kind, batch.company, now, batch.state.rawValue, batch.path,
                                 batch.records.count, batch.controlTotal])
            try Ledger.insertAudit(db, runID: batch.runID, actor: "ml-connector", action: "batch.create",
                                   subject: "batch:\(batch.batchID)",
                                   detailJSON: "{\"kind\":\(jsonString(batch.kind)),\"state\":\(jsonString(batch.state.rawValue)),\"records\":\(batch.records.count),\"control_total\":\(jsonString(batch.controlTotal))}")
            for (id, targetKey) in batch.records {
                guard let stateText = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM records WHERE id = ?"), arguments: [id]) else {
                    throw LedgerError.recordNotFound(recordID: id)
                }
                let state = try Ledger.recordState(stateText)
                guard state.canMove(to: .batched) else {
                    throw LedgerError.illegalTransition(recordID: id, from: state, to: .batched)
                }
                try db.cachedStatement(sql: """
                    UPDATE records SET state = 'batched', batch_id = ?, target_key = COALESCE(?, target_key), updated_at = ?,
                        document_sha256 = COALESCE(?, document_sha256)
                    WHERE id = ?
                    """).execute(arguments: [batch.batchID, targetKey, now, batch.documentDigests[id], id])
                var detail = "{\"from\":\(jsonString(state.rawValue)),\"to\":\"batched\",\"batch_id\":\(jsonString(batch.batchID))"
                if let targetKey { detail += ",\"target_key\":\(jsonString(targetKey))" }
                detail += "}"
                try Ledger.insertAudit(db, runID: batch.runID, actor: "ml-connector", action: "record.state",
                                       subject: "record:\(id)", detailJSON: detail)
            }
            for pair in batch.identities {
                try Ledger.putIdentity(db, company: batch.company, pair: pair, runID: batch.runID)
            }
            for (id, amounts) in batch.amounts.sorted(by: { $0.key < $1.key }) {
                try db.cachedStatement(sql: "DELETE FROM record_amounts WHERE record_id = ?").execute(arguments: [id])
                for amount in amounts {
                    try db.cachedStatement(sql: """
                        INSERT INTO record_amounts (record_id, kind, line, vendor_no, job_no, account, amount)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [id, amount.kind, amount.line, amount.vendorNo, amount.jobNo, amount.account,
                                         Money.exactText(amount.amount)])
                }
            }
            for (id, needs) in batch.prerequisites.sorted(by: { $0.key < $1.key }) {
                try db.cachedStatement(sql: "DELETE FROM record_prerequisites WHERE record_id = ?").execute(arguments: [id])
                for need in needs {
                    try db.cachedStatement(sql: "INSERT INTO record_prerequisites (record_id, needs_key, what) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                        .execute(arguments: [id, need.idempotencyKey, need.what])
                }
            }
        }
    }

    /// The source amounts recorded for a record, in insertion order.
    public func recordAmounts(recordID: Int64) throws -> [RecordAmount] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM record_amounts WHERE record_id = ? ORDER BY id"),
                             arguments: [recordID]).map(Ledger.recordAmount)
        }
    }

    /// The source amounts of every record in batch `batchID`, by record id.
    public func recordAmounts(batchID: String) throws -> [Int64: [RecordAmount]] {
        try reading { db in
            let rows = try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT a.* FROM record_amounts a JOIN records r ON r.id = a.record_id WHERE r.batch_id = ? ORDER BY a.id
                """), arguments: [batchID])
            var result: [Int64: [RecordAmount]] = [:]
            for row in rows {
                let id: Int64 = row["record_id"]
                result[id, default: []].append(try Ledger.recordAmount(row))
            }
            return result
        }
    }

    static func recordAmount(_ row: SQLRow) throws -> RecordAmount {
        let text: String = row["amount"]
        guard let amount = Money.parse(text) else {
            throw LedgerError.corruptValue(table: "record_amounts", column: "amount", value: text)
        }
        return RecordAmount(kind: row["kind"], line: row["line"], vendorNo: row["vendor_no"], jobNo: row["job_no"],
                            account: row["account"], amount: amount)
    }

    /// Pairs within an open transaction; same rules as ``putIdentity(company:resource:procoreID:sageKey:)``.
    static func putIdentity(_ db: SQLConnection, company: String, pair: IdentityPair, runID: RunID?) throws {
        if let key = try String.fetchOne(db.cachedStatement(sql: """
            SELECT sage_key FROM identity_map WHERE company = ? AND resource = ? AND procore_id = ?
            """), arguments: [company, pair.resource, pair.procoreID]) {
            if key == pair.sageKey { return }
            throw LedgerError.identityConflict(company: company, resource: pair.resource, procoreID: pair.procoreID,
                                               sageKey: pair.sageKey, existing: "Procore id \(pair.procoreID) is already paired with Sage key '\(key)'")
        }
        if let id = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT procore_id FROM identity_map WHERE company = ? AND resource = ? AND sage_key = ?
            """), arguments: [company, pair.resource, pair.sageKey]) {
            throw LedgerError.identityConflict(company: company, resource: pair.resource, procoreID: pair.procoreID,
                                               sageKey: pair.sageKey, existing: "Sage key '\(pair.sageKey)' is already paired with Procore id \(id)")
        }
        try db.cachedStatement(sql: """
            INSERT INTO identity_map (company, resource, procore_id, sage_key, created_at) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [company, pair.resource, pair.procoreID, pair.sageKey, Ledger.now()])
        try Ledger.insertAudit(db, runID: runID, actor: "ml-connector", action: "identity.put",
                               subject: "identity:\(company):\(pair.resource):\(pair.procoreID)",
                               detailJSON: "{\"sage_key\":\(jsonString(pair.sageKey))}")
    }
}
