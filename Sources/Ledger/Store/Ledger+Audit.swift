
extension Ledger {
    /// Appends a row to the audit trail and returns its id. `detailJSON` must be JSON or nil.
    @discardableResult
    public func appendAudit(action: String, subject: String, detailJSON: String? = nil,
                            runID: RunID? = nil, actor: String = "ml-connector") throws -> Int64 {
        try writing { db in
            try Ledger.insertAudit(db, runID: runID, actor: actor, action: action, subject: subject, detailJSON: detailJSON)
        }
    }

    /// Audit rows, oldest first; only those about `subject` when given.
    public func audit(subject: String? = nil, limit: Int = 1000) throws -> [AuditEntry] {
        try reading { db in
            let rows: [SQLRow]
            if let subject {
                rows = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM audit WHERE subject = ? ORDER BY id LIMIT ?"),
                                        arguments: [subject, max(0, limit)])
            } else {
                rows = try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM audit ORDER BY id LIMIT ?"), arguments: [max(0, limit)])
            }
            return rows.map {
                AuditEntry(id: $0["id"], at: $0["at"], runID: $0["run_id"], actor: $0["actor"], action: $0["action"],
                           subject: $0["subject"], detailJSON: $0["detail_json"])
            }
        }
    }

    @discardableResult
    static func insertAudit(_ db: SQLConnection, runID: RunID?, actor: String, action: String, subject: String,
                            detailJSON: String?) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO audit (at, run_id, actor, action, subject, detail_json) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [Ledger.now(), runID, actor, action, subject, detailJSON])
        return try db.lastInsertedRowID
    }
}
