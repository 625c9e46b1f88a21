import Foundation

/// Where an outbox batch is on its way to Sage 100 (the `batches.state` column).
public enum LedgerBatchState: String, Sendable, Codable, CaseIterable {
    /// Written by the transform; waits for a person to approve it (`approval: required`).
    case pendingApproval = "pending_approval"
    /// May be posted.
    case ready
    /// A post started; records are being sent (or the process died while sending).
    case posting
    /// Every record is in Sage.
    case posted
    /// Some records are in Sage, others were rejected, are uncertain or wait for another kind.
    case partial
    /// A person refused the batch before it was posted; its records went back to `valid`.
    case rejected

    /// True when `post` should look at a batch in this state.
    public var isPostable: Bool { self == .ready || self == .posting || self == .partial }
}

/// One row of the `batches` table as the post and approval stages read it.
public struct PostingBatchRow: Sendable, Equatable, Codable {
    /// `<run-id>-<kind>`, e.g. `20261129T014000Z-ab12-ap-invoices`.
    public var id: String
    public var runID: RunID?
    /// The Sage document kind's URL value (`ap-invoices`, …).
    public var kind: String
    /// The Sage company code the batch is for.
    public var companyCode: String
    public var createdAt: String
    public var state: LedgerBatchState
    /// The batch folder (`outbox/<batch-id>`), when the transform recorded it.
    public var path: String?
    public var recordCount: Int
    /// The control total as a decimal string.
    public var controlTotal: String?

    public init(id: String, runID: RunID?, kind: String, companyCode: String, createdAt: String,
                state: LedgerBatchState, path: String?, recordCount: Int, controlTotal: String?) {
        self.id = id
        self.runID = runID
        self.kind = kind
        self.companyCode = companyCode
        self.createdAt = createdAt
        self.state = state
        self.path = path
        self.recordCount = recordCount
        self.controlTotal = controlTotal
    }
}

/// One row of the `attempts` table: one send of one record to the agent.
public struct PostingAttempt: Sendable, Equatable, Codable {
    public var id: Int64
    public var recordID: Int64
    public var batchID: String?
    public var startedAt: String
    /// Nil while the send is in flight (or when the process died during it).
    public var finishedAt: String?
    /// `posted`, `duplicate`, `rejected`, `locked`, `uncertain`, `not_sent`, `interrupted`,
    /// `settled_posted`, `settled_not_found`.
    public var outcome: String?
    public var httpStatus: Int?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case id, outcome, message
        case recordID = "record_id", batchID = "batch_id", startedAt = "started_at", finishedAt = "finished_at"
        case httpStatus = "http_status"
    }
}

/// What one answered send does to its record, applied in one transaction by
/// ``Ledger/finishPosting(_:runID:)``.
public struct PostingResult: Sendable, Equatable {
    public var recordID: Int64
    /// The attempt row to close (nil when the record had none open).
    public var attemptID: Int64?
    /// `posted`, `rejected` or `uncertain`.
    public var state: RecordState
    /// The Sage key the agent answered with.
    public var targetKey: String?
    /// Appended to the record's errors (rejection reasons, "locked", …).
    public var errors: [String]
    /// The attempt's outcome text (see ``PostingAttempt/outcome``).
    public var outcome: String
    public var message: String?
    /// The identity-map pairing to record when the record is posted.
    public var identity: PostingIdentity?

    public init(recordID: Int64, attemptID: Int64?, state: RecordState, targetKey: String? = nil,
                errors: [String] = [], outcome: String, message: String? = nil, identity: PostingIdentity? = nil) {
        self.recordID = recordID
        self.attemptID = attemptID
        self.state = state
        self.targetKey = targetKey
        self.errors = errors
        self.outcome = outcome
        self.message = message
        self.identity = identity
    }
}

/// A Procore object <-> Sage key pair learned from a posting.
public struct PostingIdentity: Sendable, Equatable {
    public var company: String
    public var resource: String
    public var procoreID: Int64
    public var sageKey: String

    public init(company: String, resource: String, procoreID: Int64, sageKey: String) {
        self.company = company
        self.resource = resource
        self.procoreID = procoreID
        self.sageKey = sageKey
    }
}

/// Why a batch could not change state.
public enum PostingLedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No batch with this id in the ledger.
    case batchNotFound(String)
    /// The batch is not in a state that allows the change.
    case batchState(batchID: String, state: LedgerBatchState, action: String, fix: String)
    /// A stored batch state could not be read.
    case corruptBatchState(batchID: String, value: String)

    public var description: String {
        switch self {
        case .batchNotFound(let id):
            return "no batch '\(id)' in the ledger; `ml-connector status` lists the batches and their states"
        case .batchState(let id, let state, let action, let fix):
            return "batch \(id) is '\(state.rawValue)', so it cannot be \(action); \(fix)"
        case .corruptBatchState(let id, let value):
            return "batch \(id) has an unreadable state '\(value)' in the ledger; the file may come from a newer version of ml-connector"
        }
    }
}

extension Ledger {
    // MARK: - Batches

    /// The batch with this id, if any.
    public func postingBatch(id: String) throws -> PostingBatchRow? {
        try reading { db in try Ledger.fetchPostingBatch(db, id: id) }
    }

    /// Batches in any of `states`, oldest first.
    public func postingBatches(in states: Set<LedgerBatchState>) throws -> [PostingBatchRow] {
        guard !states.isEmpty else { return [] }
        return try reading { db in
            let marks = Array(repeating: "?", count: states.count).joined(separator: ",")
            let rows = try SQLRow.fetchAll(db, sql: "SELECT * FROM batches WHERE state IN (\(marks)) ORDER BY rowid",
                                        arguments: SQLArguments(states.map(\.rawValue).sorted()))
            return try rows.map(Ledger.postingBatchRow)
        }
    }

    /// Moves a batch to `state` (audited). When `from` is given the batch must be in one of
    /// those states, else ``PostingLedgerError/batchState(batchID:state:action:fix:)``.
    public func setBatchState(_ id: String, to state: LedgerBatchState, from: Set<LedgerBatchState>? = nil,
                              detail: String? = nil, runID: RunID? = nil, actor: String = "ml-connector") throws {
        try writing { db in
            guard let batch = try Ledger.fetchPostingBatch(db, id: id) else { throw PostingLedgerError.batchNotFound(id) }
            if let from, !from.contains(batch.state) {
                throw PostingLedgerError.batchState(
                    batchID: id, state: batch.state, action: "moved to '\(state.rawValue)'",
                    fix: "only a batch in \(from.map(\.rawValue).sorted().joined(separator: " or ")) can be")
            }
            try Ledger.moveBatch(db, batch, to: state, detail: detail, runID: runID, actor: actor)
        }
    }

    /// Live (not superseded) records of a batch, oldest first.
    public func postingRecords(batchID: String) throws -> [LedgerRecord] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE batch_id = ? AND state <> ? ORDER BY id"),
                             arguments: [batchID, RecordState.superseded.rawValue]).map(Ledger.ledgerRecord)
        }
    }

    /// The records of a batch a post may send: `batched` ones, and `uncertain` ones (sent again
    /// only once the agent said it has no such document), oldest first. Read through the
    /// batch index with the state filter in SQL, so a batch left `partial` by one rejected
    /// record costs nothing on every later post.
    public func postingCandidates(batchID: String) throws -> [LedgerRecord] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE batch_id = ? AND state IN (?, ?) ORDER BY id"),
                             arguments: [batchID, RecordState.batched.rawValue, RecordState.uncertain.rawValue])
                .map(Ledger.ledgerRecord)
        }
    }

    /// How many live (not superseded) records of a batch are in each state.
    public func postingStateCounts(batchID: String) throws -> [RecordState: Int] {
        try reading { db in
            try Ledger.stateCounts(db, where: "batch_id = ? AND state <> ?", arguments: [batchID, RecordState.superseded.rawValue])
        }
    }

    /// The live (not superseded) record holding `idempotencyKey`, if any.
    public func liveRecord(idempotencyKey: String) throws -> LedgerRecord? {
        try reading { db in
            // The state is written in the statement, not bound: only then may SQLite (and
            // PostgreSQL) use the partial index of live keys. A bound state scanned every record
            // of the company's history once per record transformed.
            try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE idempotency_key = ? AND state <> 'superseded' ORDER BY id DESC LIMIT 1"),
                             arguments: [idempotencyKey]).map(Ledger.ledgerRecord)
        }
    }

    // MARK: - Posting

    /// Moves each record (`batched` or `uncertain`) to `posting` and opens an attempt row for
    /// it, all in one transaction, BEFORE the records are sent: a process killed after this
    /// leaves `posting` records that the next run settles with the agent.
    /// Returns the attempt id of each record.
    @discardableResult
    public func beginPosting(recordIDs: [Int64], batchID: String, runID: RunID? = nil) throws -> [Int64: Int64] {
        try writing { db in
            var attempts: [Int64: Int64] = [:]
            let now = Ledger.now()
            for id in recordIDs {
                try Ledger.postingMove(db, recordID: id, to: .posting, error: nil, targetKey: nil, runID: runID,
                                       actor: "ml-connector", extraDetail: ",\"batch\":\(jsonString(batchID))")
                try db.cachedStatement(sql: """
                    INSERT INTO attempts (record_id, batch_id, started_at) VALUES (?, ?, ?)
                    """).execute(arguments: [id, batchID, now])
                attempts[id] = try db.lastInsertedRowID
            }
            return attempts
        }
    }

    /// Applies the answers of one send: each record's state, errors and Sage key, its attempt
    /// closed with the outcome, and the identity-map pairing of posted records, in one
    /// transaction. An identity pairing that contradicts an existing one is kept as it was and
    /// the contradiction audited (`identity.mismatch`); it never blocks recording a posting.
    public func finishPosting(_ results: [PostingResult], runID: RunID? = nil) throws {
        guard !results.isEmpty else { return }
        try writing { db in
            let now = Ledger.now()
            for result in results {
                let error = result.errors.isEmpty ? nil : result.errors
                try Ledger.postingMove(db, recordID: result.recordID, to: result.state, errors: error,
                                       targetKey: result.targetKey, runID: runID, actor: "ml-connector",
                                       extraDetail: ",\"outcome\":\(jsonString(result.outcome))")
                if let attempt = result.attemptID {
                    try db.cachedStatement(sql: """
                        UPDATE attempts SET finished_at = ?, outcome = ?, message = ? WHERE id = ? AND finished_at IS NULL
                        """).execute(arguments: [now, result.outcome, result.message, attempt])
                }
                if result.state == .posted, let identity = result.identity {
                    try Ledger.pairIdentity(db, identity, runID: runID)
                }
            }
        }
    }

    /// Startup recovery: every record left in `posting` (a process died mid-send) moves to
    /// `uncertain`, and its open attempts are closed as `interrupted`. Returns the records moved.
    @discardableResult
    public func recoverInterruptedPostings(runID: RunID? = nil) throws -> [LedgerRecord] {
        try writing { db in
            let rows = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE state = ? ORDER BY id"),
                                        arguments: [RecordState.posting.rawValue])
            var moved: [LedgerRecord] = []
            let now = Ledger.now()
            for row in rows {
                let record = try Ledger.ledgerRecord(row)
                moved.append(try Ledger.postingMove(
                    db, recordID: record.id, to: .uncertain,
                    errors: ["the process ended while record \(record.id) (\(record.idempotencyKey)) was being sent; "
                             + "its outcome is settled with the Sage agent before anything is sent again"],
                    targetKey: nil, runID: runID, actor: "ml-connector", extraDetail: ",\"reason\":\"interrupted\""))
                try db.cachedStatement(sql: """
                    UPDATE attempts SET finished_at = ?, outcome = 'interrupted',
                        message = 'the process ended before the answer was recorded'
                    WHERE record_id = ? AND finished_at IS NULL
                    """).execute(arguments: [now, record.id])
            }
            return moved
        }
    }

    /// Every attempt of a record, oldest first.
    public func postingAttempts(recordID: Int64) throws -> [PostingAttempt] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM attempts WHERE record_id = ? ORDER BY id"), arguments: [recordID]).map {
                PostingAttempt(id: $0["id"], recordID: $0["record_id"], batchID: $0["batch_id"], startedAt: $0["started_at"],
                               finishedAt: $0["finished_at"], outcome: $0["outcome"], httpStatus: $0["http_status"],
                               message: $0["message"])
            }
        }
    }

    /// Records the outcome of settling an `uncertain` record without a send (the agent's
    /// `/postings` lookup found it): `uncertain -> posted` with its Sage key, as an attempt row
    /// `settled_posted`, plus the identity pairing, in one transaction.
    public func settlePosted(recordID: Int64, batchID: String?, sageKey: String?, identity: PostingIdentity?,
                             runID: RunID? = nil) throws {
        try writing { db in
            let now = Ledger.now()
            try db.cachedStatement(sql: """
                INSERT INTO attempts (record_id, batch_id, started_at, finished_at, outcome, message)
                VALUES (?, ?, ?, ?, 'settled_posted', 'found in Sage by the /postings lookup')
                """).execute(arguments: [recordID, batchID, now, now])
            try Ledger.postingMove(db, recordID: recordID, to: .posted, errors: nil, targetKey: sageKey, runID: runID,
                                   actor: "ml-connector", extraDetail: ",\"settled\":true")
            if let identity { try Ledger.pairIdentity(db, identity, runID: runID) }
        }
    }

    // MARK: - Approval

    /// A person approves a batch waiting for approval: `pending_approval -> ready`, audited with
    /// the approver's name.
    public func approveBatch(_ id: String, by person: String, note: String? = nil) throws -> PostingBatchRow {
        try writing { db in
            guard var batch = try Ledger.fetchPostingBatch(db, id: id) else { throw PostingLedgerError.batchNotFound(id) }
            guard batch.state == .pendingApproval else {
                throw PostingLedgerError.batchState(batchID: id, state: batch.state, action: "approved",
                                                    fix: "only a batch waiting for approval (pending_approval) can be approved")
            }
            var detail = "\"by\":\(jsonString(person))"
            if let note, !note.isEmpty { detail += ",\"note\":\(jsonString(note))" }
            try Ledger.moveBatch(db, batch, to: .ready, detail: detail, runID: nil, actor: person)
            try Ledger.insertAudit(db, runID: nil, actor: person, action: "batch.approved", subject: "batch:\(id)",
                                   detailJSON: "{\(detail)}")
            batch.state = .ready
            return batch
        }
    }

    /// A person rejects a batch before it is posted (`pending_approval` or `ready`): the batch
    /// becomes `rejected` and every record still `batched` in it goes back to `valid` with the
    /// reason among its errors, so it is corrected and batched again. The reason is in the
    /// audit trail of the batch and of each record. Returns the records moved.
    public func rejectBatch(_ id: String, reason: String, by person: String) throws -> [LedgerRecord] {
        try writing { db in
            guard let batch = try Ledger.fetchPostingBatch(db, id: id) else { throw PostingLedgerError.batchNotFound(id) }
            guard batch.state == .pendingApproval || batch.state == .ready else {
                throw PostingLedgerError.batchState(
                    batchID: id, state: batch.state, action: "rejected",
                    fix: batch.state == .rejected ? "it was rejected already"
                        : "records of it may already be in Sage 100; correct posted documents in Sage and let the reconciliation show them")
            }
            let detail = "\"by\":\(jsonString(person)),\"reason\":\(jsonString(reason))"
            try Ledger.moveBatch(db, batch, to: .rejected, detail: detail, runID: nil, actor: person)
            try Ledger.insertAudit(db, runID: nil, actor: person, action: "batch.rejected", subject: "batch:\(id)",
                                   detailJSON: "{\(detail)}")
            let rows = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE batch_id = ? AND state = ? ORDER BY id"),
                                        arguments: [id, RecordState.batched.rawValue])
            var moved: [LedgerRecord] = []
            for row in rows {
                let record = try Ledger.ledgerRecord(row)
                moved.append(try Ledger.postingMove(
                    db, recordID: record.id, to: .valid,
                    errors: ["batch \(id) was rejected by \(person): \(reason); correct the record and it is batched again by the next transform"],
                    targetKey: nil, runID: nil, actor: person, extraDetail: ",\"batch\":\(jsonString(id)),\"reason\":\(jsonString(reason))"))
            }
            return moved
        }
    }

    // MARK: - Helpers (inside a transaction)

    static func fetchPostingBatch(_ db: SQLConnection, id: String) throws -> PostingBatchRow? {
        try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM batches WHERE id = ?"), arguments: [id]).map(postingBatchRow)
    }

    static func postingBatchRow(_ row: SQLRow) throws -> PostingBatchRow {
        let id: String = row["id"]
        let stateText: String = row["state"]
        guard let state = LedgerBatchState(rawValue: stateText) else {
            throw PostingLedgerError.corruptBatchState(batchID: id, value: stateText)
        }
        return PostingBatchRow(id: id, runID: row["run_id"], kind: row["kind"], companyCode: row["company_code"],
                               createdAt: row["created_at"], state: state, path: row["path"],
                               recordCount: row["record_count"] ?? 0, controlTotal: row["control_total"])
    }

    static func moveBatch(_ db: SQLConnection, _ batch: PostingBatchRow, to state: LedgerBatchState, detail: String?,
                          runID: RunID?, actor: String) throws {
        guard batch.state != state else { return }
        try db.cachedStatement(sql: "UPDATE batches SET state = ? WHERE id = ?").execute(arguments: [state.rawValue, batch.id])
        var text = "{\"from\":\(jsonString(batch.state.rawValue)),\"to\":\(jsonString(state.rawValue))"
        if let detail, !detail.isEmpty { text += "," + detail }
        text += "}"
        try insertAudit(db, runID: runID, actor: actor, action: "batch.state", subject: "batch:\(batch.id)", detailJSON: text)
    }

    /// ``transition(recordID:to:error:targetKey:batchID:runID:actor:)`` inside a transaction,
    /// with several errors and extra audit detail.
    @discardableResult
    static func postingMove(_ db: SQLConnection, recordID: Int64, to state: RecordState, error: String?, targetKey: String?,
                            runID: RunID?, actor: String, extraDetail: String = "") throws -> LedgerRecord {
        try postingMove(db, recordID: recordID, to: state, errors: error.map { [$0] }, targetKey: targetKey,
                        runID: runID, actor: actor, extraDetail: extraDetail)
    }

    @discardableResult
    static func postingMove(_ db: SQLConnection, recordID: Int64, to state: RecordState, errors: [String]?, targetKey: String?,
                            runID: RunID?, actor: String, extraDetail: String = "") throws -> LedgerRecord {
        guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE id = ?"), arguments: [recordID]) else {
            throw LedgerError.recordNotFound(recordID: recordID)
        }
        var record = try ledgerRecord(row)
        guard record.state.canMove(to: state) else {
            throw LedgerError.illegalTransition(recordID: recordID, from: record.state, to: state)
        }
        let from = record.state
        record.state = state
        if let errors { record.errors.append(contentsOf: errors) }
        if let targetKey { record.targetKey = targetKey }
        record.updatedAt = now()
        let errorsData = try JSONEncoder().encode(record.errors)
        try db.cachedStatement(sql: """
            UPDATE records SET state = ?, errors_json = ?, cause = ?, target_key = ?, updated_at = ? WHERE id = ?
            """).execute(arguments: [state.rawValue, String(decoding: errorsData, as: UTF8.self), record.errors.last.map(RecordCause.of),
                             record.targetKey, record.updatedAt, recordID])
        var detail = "{\"from\":\(jsonString(from.rawValue)),\"to\":\(jsonString(state.rawValue))"
        if let errors, !errors.isEmpty { detail += ",\"error\":\(jsonString(errors.joined(separator: "; ")))" }
        if let targetKey { detail += ",\"target_key\":\(jsonString(targetKey))" }
        detail += extraDetail + "}"
        try insertAudit(db, runID: runID, actor: actor, action: "record.state", subject: "record:\(recordID)",
                        detailJSON: detail)
        return record
    }

    /// Pairs a Procore object with a Sage key unless either side is paired already; a
    /// contradicting pair is audited, not overwritten.
    static func pairIdentity(_ db: SQLConnection, _ identity: PostingIdentity, runID: RunID?) throws {
        let existing = try String.fetchOne(db.cachedStatement(sql: """
            SELECT sage_key FROM identity_map WHERE company = ? AND resource = ? AND procore_id = ?
            """), arguments: [identity.company, identity.resource, identity.procoreID])
        let owner = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT procore_id FROM identity_map WHERE company = ? AND resource = ? AND sage_key = ?
            """), arguments: [identity.company, identity.resource, identity.sageKey])
        let subject = "identity:\(identity.company):\(identity.resource):\(identity.procoreID)"
        if existing == identity.sageKey { return }
        if existing != nil || owner != nil {
            var detail = "{\"sage_key\":\(jsonString(identity.sageKey))"
            if let existing { detail += ",\"existing_sage_key\":\(jsonString(existing))" }
            if let owner { detail += ",\"existing_procore_id\":\(owner)" }
            detail += "}"
            try insertAudit(db, runID: runID, actor: "ml-connector", action: "identity.mismatch", subject: subject,
                            detailJSON: detail)
            return
        }
        try db.cachedStatement(sql: """
            INSERT INTO identity_map (company, resource, procore_id, sage_key, created_at) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [identity.company, identity.resource, identity.procoreID, identity.sageKey, now()])
        try insertAudit(db, runID: runID, actor: "ml-connector", action: "identity.put", subject: subject,
                        detailJSON: "{\"sage_key\":\(jsonString(identity.sageKey))}")
    }
}
