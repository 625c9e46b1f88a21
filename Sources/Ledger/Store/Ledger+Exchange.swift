
extension Ledger {
    /// The exchange items of `kind` with these Sage keys, by key (absent: never seen).
    public func exchangeItems(kind: String, sageKeys: [String]) throws -> [String: ExchangeItem] {
        try reading { db in
            var found: [String: ExchangeItem] = [:]
            let statement = try db.cachedStatement(sql: "SELECT * FROM exchange_items WHERE kind = ? AND sage_key = ?")
            for key in Set(sageKeys) {
                if let row = try SQLRow.fetchOne(statement, arguments: [kind, key]) { found[key] = Self.exchangeItem(row) }
            }
            return found
        }
    }

    /// The items of `kind` still waiting: `sending` (to settle) and `refused` (to send again), by key.
    public func openExchangeItems(kind: String) throws -> [ExchangeItem] {
        try reading { db in
            try SQLRow.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM exchange_items WHERE kind = ? AND state IN ('sending', 'refused') ORDER BY sage_key
                """), arguments: [kind]).map(Self.exchangeItem)
        }
    }

    /// Writes an item's new state (inserting it the first time) and, unless it is skipped, an
    /// audit row (`exchange-<state>` about `<kind>:<sage key>`), in one transaction: each
    /// attempt to send and its outcome stay in the append-only audit. `attempted` adds one to
    /// the item's attempts.
    public func recordExchangeItem(_ item: ExchangeItem, runID: RunID?, attempted: Bool = false) throws {
        try writing { db in
            let now = Ledger.now()
            try db.cachedStatement(sql: """
                INSERT INTO exchange_items (kind, sage_key, state, procore_id, project_id, commitment_id, requisition_id, cents,
                                            check_no, check_date, invoice_no, detail, attempts, first_run_id, run_id, created_at, updated_at,
                                            payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, sage_key) DO UPDATE SET
                    state = excluded.state, procore_id = COALESCE(excluded.procore_id, procore_id),
                    project_id = excluded.project_id, commitment_id = excluded.commitment_id,
                    requisition_id = excluded.requisition_id, cents = excluded.cents, check_no = excluded.check_no,
                    check_date = excluded.check_date, invoice_no = excluded.invoice_no, detail = excluded.detail,
                    attempts = attempts + ?, run_id = excluded.run_id, updated_at = excluded.updated_at,
                    payload = COALESCE(excluded.payload, payload)
                """).execute(arguments: [
                    item.kind, item.sageKey, item.state.rawValue, item.procoreID, item.projectID, item.commitmentID,
                    item.requisitionID, item.cents, item.checkNo, item.checkDate, item.invoiceNo, item.detail,
                    attempted ? 1 : 0, runID, runID, now, now, item.payload, attempted ? 1 : 0])
            if item.state != .skipped {
                let detail = "{\"state\":\"\(item.state.rawValue)\",\"procore_id\":\(item.procoreID.map(String.init) ?? "null"),\"cents\":\(item.cents)}"
                try Ledger.insertAudit(db, runID: runID, actor: "ml-connector", action: "exchange-\(item.state.rawValue)",
                                       subject: "\(item.kind):\(item.sageKey)", detailJSON: detail)
            }
        }
    }

    /// The requisition's project and commitment, from the newest version the ledger holds.
    public func requisitionContract(_ requisitionID: Int64) throws -> (projectID: Int64?, commitmentID: Int64?)? {
        try sourceContract(resource: "requisitions", requisitionID)
    }

    /// The project and commitment of a requisition or a contract payment, from its newest
    /// version's payment facts; nil when none was pulled.
    public func sourceContract(resource: String, _ sourceID: Int64) throws -> (projectID: Int64?, commitmentID: Int64?)? {
        try reading { db in
            try SQLRow.fetchOne(db.cachedStatement(sql: """
                SELECT project_id, commitment_id FROM payment_facts WHERE resource = ? AND source_id = ?
                """), arguments: [resource, sourceID]).map { ($0["project_id"], $0["commitment_id"]) }
        }
    }

    /// Posted records of `resources` whose Sage key has not been written back to Procore yet
    /// (no `sent` exchange item of kind `origin-<resource>` for it), oldest first, at most
    /// `limit`. The anti-join reads the posted rows through the state index: a run pays for the
    /// records not yet linked, plus an index probe per posted record.
    public func postedRecordsNotLinked(resources: [String], limit: Int) throws -> [LedgerRecord] {
        guard !resources.isEmpty else { return [] }
        return try reading { db in
            let marks = Array(repeating: "?", count: resources.count).joined(separator: ",")
            return try SQLRow.fetchAll(db, sql: """
                SELECT r.* FROM records r
                WHERE r.state = 'posted' AND r.resource IN (\(marks)) AND r.target_key IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM exchange_items e
                                  WHERE e.kind = 'origin-' || r.resource AND e.sage_key = r.target_key AND e.state = 'sent')
                ORDER BY r.id LIMIT ?
                """, arguments: SQLArguments(resources + [String(limit)])).map(Ledger.ledgerRecord)
        }
    }

    static func exchangeItem(_ row: SQLRow) -> ExchangeItem {
        ExchangeItem(kind: row["kind"], sageKey: row["sage_key"], state: ExchangeItem.State(rawValue: row["state"]) ?? .sending,
                     procoreID: row["procore_id"], projectID: row["project_id"], commitmentID: row["commitment_id"],
                     requisitionID: row["requisition_id"], cents: row["cents"], checkNo: row["check_no"],
                     checkDate: row["check_date"], invoiceNo: row["invoice_no"], detail: row["detail"],
                     payload: row["payload"], attempts: row["attempts"], firstRunID: row["first_run_id"], runID: row["run_id"])
    }
}
