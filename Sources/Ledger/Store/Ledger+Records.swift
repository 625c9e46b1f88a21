import Foundation

extension Ledger {
    /// Adds a new source version in state `staged` and audits it.
    /// Throws ``LedgerError/duplicateIdempotencyKey(_:)`` when that version is already there.
    @discardableResult
    public func insertRecord(_ new: NewLedgerRecord) throws -> LedgerRecord {
        do {
            return try writing { db in
                let now = Ledger.now()
                try db.cachedStatement(sql: """
                    INSERT INTO records (resource, company_id, project_id, source_id, source_updated_at,
                        content_sha256, state, idempotency_key, run_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [new.resource, new.companyID, new.projectID, new.sourceID, new.sourceUpdatedAt,
                                     new.contentSHA256, RecordState.staged.rawValue, new.idempotencyKey, new.runID, now, now])
                let id = try db.lastInsertedRowID
                try Ledger.insertAudit(db, runID: new.runID, actor: "ml-connector", action: "record.staged",
                                       subject: "record:\(id)",
                                       detailJSON: "{\"resource\":\(jsonString(new.resource)),\"source_id\":\(new.sourceID)}")
                guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE id = ?"), arguments: [id]) else {
                    throw LedgerError.recordNotFound(recordID: id)
                }
                return try Ledger.ledgerRecord(row)
            }
        } catch let error as SQLFailure where error.kind == .constraint {
            throw LedgerError.duplicateIdempotencyKey(new.idempotencyKey)
        }
    }

    /// The record with this ledger id.
    public func record(id: Int64) throws -> LedgerRecord? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE id = ?"), arguments: [id]).map(Ledger.ledgerRecord)
        }
    }

    /// Every stored version of one source record, oldest first.
    public func records(resource: String, sourceID: Int64) throws -> [LedgerRecord] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE resource = ? AND source_id = ? ORDER BY id"),
                             arguments: [resource, sourceID]).map(Ledger.ledgerRecord)
        }
    }

    /// Records in `state`, oldest first.
    public func records(in state: RecordState, limit: Int = 1000) throws -> [LedgerRecord] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE state = ? ORDER BY id LIMIT ?"),
                             arguments: [state.rawValue, max(0, limit)]).map(Ledger.ledgerRecord)
        }
    }

    /// The most common causes (``RecordCause``, stored with each message) of the records in
    /// `state`, most records first (then by cause), counted in SQL; records without a message
    /// count as `(no error recorded)`.
    public func commonCauses(in state: RecordState, limit: Int = 5) throws -> [CauseCount] {
        try reading { db in
            struct Open { var key: String; var cause: String; var blockedBy: String?; var amount: Decimal?; var since: String? }
            var open: [Open] = []
            let rows = try SQLRow.fetchCursor(db.cachedStatement(sql: """
                SELECT resource, source_id, COALESCE(cause, '(no error recorded)'), blocked_by, held_amount, held_since
                FROM records WHERE state = ? ORDER BY id
                """), arguments: [state.rawValue])
            while let row = try rows.next() {
                let amount: String? = row[4]
                open.append(Open(key: Ledger.lookupKey(resource: row[0], id: row[1]), cause: row[2], blockedBy: row[3],
                                 amount: amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
                                 since: row[5]))
            }
            // A record refused only because another one was counts under that one's cause.
            var byKey: [String: Int] = [:]
            for (i, record) in open.enumerated() where byKey[record.key] == nil { byKey[record.key] = i }
            var causes: [String: CauseCount] = [:]
            for (i, record) in open.enumerated() {
                var root = i
                var seen: Set<Int> = [i]
                while let blocker = open[root].blockedBy, let next = byKey[blocker], seen.insert(next).inserted { root = next }
                let cause = open[root].cause
                var count = causes[cause] ?? CauseCount(cause: cause, count: 0, since: nil, heldAmount: 0, recordsWithAmount: 0)
                if root == i { count.count += 1 } else { count.blocked += 1 }
                if let since = record.since, count.since.map({ since < $0 }) ?? true { count.since = since }
                if let amount = record.amount {
                    count.heldAmount += amount
                    count.recordsWithAmount += 1
                }
                causes[cause] = count
            }
            return causes.values.sorted { a, b in
                if a.count + a.blocked != b.count + b.blocked { return a.count + a.blocked > b.count + b.blocked }
                return a.cause < b.cause
            }.prefix(max(0, limit)).map { $0 }
        }
    }

    /// Moves a record to `state` if ``RecordState/canMove(to:)`` allows it, in one transaction
    /// with its audit row. `error` is appended to the record's errors; `targetKey` and `batchID`
    /// are set when given. Throws ``LedgerError/illegalTransition(recordID:from:to:)`` otherwise.
    @discardableResult
    public func transition(recordID: Int64, to state: RecordState, error: String? = nil,
                           targetKey: String? = nil, batchID: String? = nil,
                           runID: RunID? = nil, actor: String = "ml-connector") throws -> LedgerRecord {
        try writing { db in
            guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM records WHERE id = ?"), arguments: [recordID]) else {
                throw LedgerError.recordNotFound(recordID: recordID)
            }
            var record = try Ledger.ledgerRecord(row)
            guard record.state.canMove(to: state) else {
                throw LedgerError.illegalTransition(recordID: recordID, from: record.state, to: state)
            }
            let from = record.state
            record.state = state
            if let error { record.errors.append(error) }
            if let targetKey { record.targetKey = targetKey }
            if let batchID { record.batchID = batchID }
            record.updatedAt = Ledger.now()
            let errorsData = try JSONEncoder().encode(record.errors)
            try db.cachedStatement(sql: """
                UPDATE records SET state = ?, errors_json = ?, cause = ?, target_key = ?, batch_id = ?, updated_at = ? WHERE id = ?
                """).execute(arguments: [state.rawValue, String(decoding: errorsData, as: UTF8.self), record.errors.last.map(RecordCause.of),
                                 record.targetKey, record.batchID, record.updatedAt, recordID])
            var detail = "{\"from\":\(jsonString(from.rawValue)),\"to\":\(jsonString(state.rawValue))"
            if let error { detail += ",\"error\":\(jsonString(error))" }
            if let targetKey { detail += ",\"target_key\":\(jsonString(targetKey))" }
            detail += "}"
            try Ledger.insertAudit(db, runID: runID, actor: actor, action: "record.state", subject: "record:\(recordID)",
                                   detailJSON: detail)
            return record
        }
    }

    /// A `records.state` value read back; an unknown one is a corrupt ledger.
    static func recordState(_ text: String) throws -> RecordState {
        guard let state = RecordState(rawValue: text) else {
            throw LedgerError.corruptValue(table: "records", column: "state", value: text)
        }
        return state
    }

    /// How many records of `filter` (SQL over `records`, without WHERE) are in each state.
    static func stateCounts(_ db: SQLConnection, where filter: String = "1 = 1", arguments: SQLArguments = []) throws -> [RecordState: Int] {
        var counts: [RecordState: Int] = [:]
        for row in try SQLRow.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM records WHERE \(filter) GROUP BY state",
                                    arguments: arguments) {
            counts[try recordState(row["state"])] = row["n"]
        }
        return counts
    }

    static func ledgerRecord(_ row: SQLRow) throws -> LedgerRecord {
        let state = try recordState(row["state"])
        let errorsText: String = row["errors_json"]
        guard let errors = try? JSONDecoder().decode([String].self, from: Data(errorsText.utf8)) else {
            throw LedgerError.corruptValue(table: "records", column: "errors_json", value: errorsText)
        }
        return LedgerRecord(id: row["id"], resource: row["resource"], companyID: row["company_id"],
                            projectID: row["project_id"], sourceID: row["source_id"],
                            sourceUpdatedAt: row["source_updated_at"], contentSHA256: row["content_sha256"],
                            state: state, targetKey: row["target_key"], idempotencyKey: row["idempotency_key"],
                            errors: errors, runID: row["run_id"], batchID: row["batch_id"],
                            createdAt: row["created_at"], updatedAt: row["updated_at"], hold: hold(row),
                            heldSince: row["held_since"], documentSHA256: row.hasColumn("document_sha256") ? row["document_sha256"] : nil)
    }

    /// The record's hold columns, nil when none is set (or the query did not select them).
    static func hold(_ row: SQLRow) -> RecordHold? {
        let amountText: String? = row["held_amount"]
        let hold = RecordHold(blockedBy: row["blocked_by"], amount: amountText.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) },
                              vendorName: row["vendor_name"], jobNo: row["job_no"], fixJSON: row["fix_json"])
        return hold.isEmpty ? nil : hold
    }
}
