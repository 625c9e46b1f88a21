import Foundation

extension Ledger {
    /// Records the start of a run of `kind` (`pull`, `post`, …) and returns its new id.
    public func beginRun(kind: String, parent: RunID? = nil) throws -> RunID {
        try beginRun(kind: kind, at: Date(), parent: parent)
    }

    /// The stage runs recorded under run `parent`, in the order they began.
    public func stageRuns(of parent: RunID) throws -> [RunRow] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM runs WHERE parent_id = ? ORDER BY rowid"), arguments: [parent]).map(Ledger.runRow)
        }
    }

    /// Records the start of a run of `kind` at `date` (a stage of run `parent`, when given) and
    /// returns its new id.
    public func beginRun(kind: String, at date: Date, parent: RunID? = nil) throws -> RunID {
        try writing { db in
            var id = RunIdentifier.make(at: date)
            while try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM runs WHERE id = ?"), arguments: [id]) == true {
                id = RunIdentifier.make(at: date)
            }
            try db.cachedStatement(sql: """
                INSERT INTO runs (id, kind, started_at, status, parent_id) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [id, kind, Timestamp.string(from: date, milliseconds: true), RunStatus.running.rawValue, parent])
            try Ledger.insertAudit(db, runID: id, actor: "ml-connector", action: "run.begin", subject: "run:\(id)",
                                   detailJSON: "{\"kind\":\(jsonString(kind))}")
            return id
        }
    }

    /// Records how run `id` ended, with its summary JSON.
    public func finishRun(_ id: RunID, status: RunStatus, summaryJSON: String?) throws {
        try writing { db in
            try db.cachedStatement(sql: """
                UPDATE runs SET finished_at = ?, status = ?, summary_json = ? WHERE id = ?
                """).execute(arguments: [Ledger.now(), status.rawValue, summaryJSON, id])
            guard db.changesCount == 1 else { throw LedgerError.runNotFound(id) }
            try Ledger.insertAudit(db, runID: id, actor: "ml-connector", action: "run.finish", subject: "run:\(id)",
                                   detailJSON: "{\"status\":\(jsonString(status.rawValue))}")
        }
    }

    /// The run with this id, if any.
    public func run(_ id: RunID) throws -> RunRow? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM runs WHERE id = ?"), arguments: [id]).map(Ledger.runRow)
        }
    }

    /// The most recent runs, newest first (in the order they were recorded, never by clock text).
    public func runs(limit: Int) throws -> [RunRow] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM runs ORDER BY rowid DESC LIMIT ?"),
                             arguments: [max(0, limit)]).map(Ledger.runRow)
        }
    }

    /// Marks runs still `running` (other than `except`) of `kind` as `interrupted`: their
    /// process died. Call only while holding the lock that keeps two such runs apart.
    /// Returns the ids marked.
    @discardableResult
    public func markInterruptedRuns(kind: String, except: RunID? = nil) throws -> [RunID] {
        try writing { db in
            let ids = try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM runs WHERE kind = ? AND status = ? AND id IS DISTINCT FROM ?
                """), arguments: [kind, RunStatus.running.rawValue, except])
            for id in ids {
                try db.execute(sql: "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                               arguments: [RunStatus.interrupted.rawValue, Ledger.now(), id])
                try db.cachedStatement(sql: "DELETE FROM pending_hashes WHERE run_id = ?").execute(arguments: [id])
                try db.cachedStatement(sql: "DELETE FROM pending_versions WHERE run_id = ?").execute(arguments: [id])
                try Ledger.insertAudit(db, runID: id, actor: "ml-connector", action: "run.interrupted",
                                       subject: "run:\(id)", detailJSON: nil)
            }
            return ids
        }
    }

    static func runRow(_ row: SQLRow) throws -> RunRow {
        let statusText: String = row["status"]
        guard let status = RunStatus(rawValue: statusText) else {
            throw LedgerError.corruptValue(table: "runs", column: "status", value: statusText)
        }
        return RunRow(id: row["id"], kind: row["kind"], startedAt: row["started_at"],
                      finishedAt: row["finished_at"], status: status, summaryJSON: row["summary_json"],
                      parentID: row["parent_id"])
    }
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
