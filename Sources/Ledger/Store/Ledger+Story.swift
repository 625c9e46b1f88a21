import Foundation

/// A file dropped into `inbox/` as the ledger remembers it (a row of `inbox_files`).
public struct InboxFileRow: Sendable, Equatable, Codable {
    public var id: Int64
    /// The file name as received.
    public var name: String
    /// sha256 of the file's bytes: the same content is applied once.
    public var sha256: String
    /// `corrections`, `mapping`, `approval`, …
    public var kind: String
    public var receivedAt: String
    /// `received` (being processed), `applied`, `rejected`.
    public var state: String
    /// Why it was rejected, or what it did.
    public var message: String?
}

/// What ``Ledger/claimInboxFile(name:sha256:kind:)`` found.
public enum InboxClaim: Sendable, Equatable {
    /// First time this content is seen; process it.
    case new(InboxFileRow)
    /// Seen before but never applied (rejected, or the process died while handling it): process it again.
    case retry(InboxFileRow)
    /// This exact content was applied already: do not apply it again.
    case alreadyApplied(InboxFileRow)
}

extension Ledger {
    // MARK: - Inbox files

    /// Registers an inbox file by content before it is processed. The same bytes applied once
    /// are never applied again (``InboxClaim/alreadyApplied(_:)``); bytes that were refused (or
    /// whose processing was interrupted) may be processed again.
    public func claimInboxFile(name: String, sha256: String, kind: String) throws -> InboxClaim {
        try writing { db in
            if let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM inbox_files WHERE sha256 = ?"), arguments: [sha256]) {
                let existing = Ledger.inboxFileRow(row)
                if existing.state == "applied" { return .alreadyApplied(existing) }
                let now = Ledger.now()
                try db.cachedStatement(sql: """
                    UPDATE inbox_files SET name = ?, kind = ?, received_at = ?, state = 'received', message = NULL WHERE id = ?
                    """).execute(arguments: [name, kind, now, existing.id])
                var updated = existing
                updated.name = name
                updated.kind = kind
                updated.receivedAt = now
                updated.state = "received"
                updated.message = nil
                return .retry(updated)
            }
            let now = Ledger.now()
            try db.cachedStatement(sql: """
                INSERT INTO inbox_files (name, sha256, kind, received_at, state) VALUES (?, ?, ?, ?, 'received')
                """).execute(arguments: [name, sha256, kind, now])
            return .new(InboxFileRow(id: try db.lastInsertedRowID, name: name, sha256: sha256, kind: kind,
                                     receivedAt: now, state: "received", message: nil))
        }
    }

    /// Records how an inbox file ended (`applied` or `rejected`) with a message, and audits it
    /// (`inbox.applied` / `inbox.rejected`, subject `inbox:<id>`).
    public func settleInboxFile(id: Int64, state: String, message: String?, detailJSON: String? = nil,
                                runID: RunID? = nil) throws {
        try writing { db in
            try db.execute(sql: "UPDATE inbox_files SET state = ?, message = ? WHERE id = ?",
                           arguments: [state, message, id])
            guard let row = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM inbox_files WHERE id = ?"), arguments: [id]) else { return }
            let file = Ledger.inboxFileRow(row)
            var detail = "{\"name\":\(jsonString(file.name)),\"sha256\":\(jsonString(file.sha256)),\"kind\":\(jsonString(file.kind))"
            if let message { detail += ",\"message\":\(jsonString(message))" }
            if let detailJSON { detail += ",\"detail\":\(detailJSON)" }
            detail += "}"
            try Ledger.insertAudit(db, runID: runID, actor: "ml-connector", action: "inbox.\(state)", subject: "inbox:\(id)",
                                   detailJSON: detail)
        }
    }

    /// The inbox file with this content, if any.
    public func inboxFile(sha256: String) throws -> InboxFileRow? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM inbox_files WHERE sha256 = ?"), arguments: [sha256]).map(Ledger.inboxFileRow)
        }
    }

    /// Inbox files, newest first.
    public func inboxFiles(limit: Int = 100) throws -> [InboxFileRow] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM inbox_files ORDER BY id DESC LIMIT ?"),
                             arguments: [max(0, limit)]).map(Ledger.inboxFileRow)
        }
    }

    static func inboxFileRow(_ row: SQLRow) -> InboxFileRow {
        InboxFileRow(id: row["id"], name: row["name"], sha256: row["sha256"], kind: row["kind"],
                     receivedAt: row["received_at"], state: row["state"], message: row["message"])
    }

    // MARK: - Stories and status

    /// Every version of the source record(s) holding `idempotencyKey`, oldest first.
    public func records(idempotencyKey: String) throws -> [LedgerRecord] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM records WHERE idempotency_key = ? ORDER BY id"),
                             arguments: [idempotencyKey]).map(Ledger.ledgerRecord)
        }
    }

    /// Audit rows about any of `subjects`, oldest first.
    public func audit(subjects: [String], limit: Int = 5000) throws -> [AuditEntry] {
        guard !subjects.isEmpty else { return [] }
        return try reading { db in
            var rows: [SQLRow] = []
            // SQLite limits bound parameters; query in chunks and merge by id.
            try Ledger.inChunks(subjects, trailing: [max(0, limit)]) { marks, arguments in
                rows += try SQLRow.fetchAll(db, sql: "SELECT * FROM audit WHERE subject IN (\(marks)) ORDER BY id LIMIT ?",
                                         arguments: arguments)
            }
            return rows.map(Ledger.auditEntry).sorted { $0.id < $1.id }.prefix(max(0, limit)).map { $0 }
        }
    }

    /// Audit rows whose action is one of `actions` and whose detail mentions `text`, oldest first.
    public func audit(actions: [String], detailContaining text: String, limit: Int = 1000) throws -> [AuditEntry] {
        guard !actions.isEmpty else { return [] }
        return try reading { db in
            let marks = Array(repeating: "?", count: actions.count).joined(separator: ",")
            var arguments = SQLArguments(actions)
            arguments += [text, max(0, limit)]
            return try SQLRow.fetchAll(db, sql: """
                SELECT * FROM audit WHERE action IN (\(marks)) AND instr(detail_json, ?) > 0 ORDER BY id LIMIT ?
                """, arguments: arguments).map(Ledger.auditEntry)
        }
    }

    static func auditEntry(_ row: SQLRow) -> AuditEntry {
        AuditEntry(id: row["id"], at: row["at"], runID: row["run_id"], actor: row["actor"], action: row["action"],
                   subject: row["subject"], detailJSON: row["detail_json"])
    }

    /// How many records are in each state (states with none are left out).
    public func recordCountsByState() throws -> [RecordState: Int] {
        try reading { db in try Ledger.stateCounts(db) }
    }

    /// Every batch, newest first.
    public func recentBatches(limit: Int = 50) throws -> [PostingBatchRow] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM batches ORDER BY rowid DESC LIMIT ?"),
                             arguments: [max(0, limit)]).map(Ledger.postingBatchRow)
        }
    }
}

extension Ledger {
    /// Source records a person names by a number from Sage or Procore, newest first: a Sage key
    /// as the agent shows it (`00-P700046-R2AOVCP5`) or as the identity map keeps it, a Sage
    /// document number (an invoice, purchase order or check number, matched at the end of the
    /// key), a subcontractor's invoice number or a commitment number as Procore has it.
    /// At most `limit` (resource, source id) pairs.
    public func sourcesNamed(_ text: String, limit: Int = 10) throws -> [(resource: String, sourceID: Int64)] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        return try reading { db in
            var found: [(String, Int64)] = []
            func add(_ resource: String, _ id: Int64) {
                if found.count < limit, !found.contains(where: { $0.0 == resource && $0.1 == id }) { found.append((resource, id)) }
            }
            for row in try SQLRow.fetchAll(db, sql: """
                SELECT resource, source_id FROM records WHERE target_key = ? OR target_key = ? ORDER BY id DESC LIMIT ?
                """, arguments: [trimmed, trimmed.replacingOccurrences(of: "-", with: ""), limit]) {
                add(row[0], row[1])
            }
            // A whole Sage key (`00-P700046-INV-1`), or a document number that ends one (`INV-1`).
            let upper = trimmed.uppercased()
            for row in try SQLRow.fetchAll(db, sql: """
                SELECT resource, procore_id FROM identity_map
                WHERE sage_key = ? OR (resource <> 'vendors' AND sage_key LIKE '%-' || ? ESCAPE '\\')
                ORDER BY created_at DESC LIMIT ?
                """, arguments: [upper, Self.likeEscaped(upper), limit]) {
                let kind: String = row[0]
                let id: Int64 = row[1]
                switch kind {
                case "ap-invoices": add("requisitions", id)
                case "manual-checks": add("contract_payments", id)
                case "vendors": add("vendors", id)
                case "purchase-orders":
                    for resource in try String.fetchAll(db, sql: """
                        SELECT DISTINCT resource FROM records WHERE source_id = ? AND resource IN ('purchase_order_contracts', 'work_order_contracts')
                        """, arguments: [id]) { add(resource, id) }
                default: add(kind, id)
                }
            }
            // Procore's own numbers, in the newest version of each record.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            let quoted = String(decoding: try encoder.encode(trimmed), as: UTF8.self)
            for (resource, field) in [("requisitions", "invoice_number"), ("purchase_order_contracts", "number"),
                                      ("work_order_contracts", "number"), ("contract_payments", "check_number")] {
                for row in try SQLRow.fetchAll(db, sql: """
                    SELECT l.source_id FROM source_latest l JOIN source_versions v ON v.seq = l.seq
                    WHERE l.resource = ? AND CAST(v.line AS TEXT) LIKE ? ESCAPE '\\' ORDER BY l.seq DESC LIMIT ?
                    """, arguments: [resource, "%\"\(field)\":" + Self.likeEscaped(quoted) + "%", limit]) {
                    add(resource, row[0])
                }
            }
            return found
        }
    }

    /// `text` with LIKE's wildcards escaped (`\` is the escape character).
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// The newest stored version of a source record as received (its raw JSON line), and the
    /// run that received it.
    public func latestSourceLine(resource: String, sourceID: Int64) throws -> (line: Data, runID: RunID?)? {
        guard let version = try latestSourceVersion(resource: resource, sourceID: sourceID) else { return nil }
        return (version.line, version.runID)
    }
}
