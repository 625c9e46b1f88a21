import GRDB

extension LedgerMigrations {
    /// v12: what the exchange sent back to Procore from Sage 100.
    ///
    /// - `exchange_items`: one row per Sage item the exchange considered (today: a check line,
    ///   one invoice paid by one check, sent as a Procore contract payment), keyed by kind and
    ///   the item's Sage key: its state (`sending` before the request, `sent` with the Procore id,
    ///   `refused` with Procore's message, `skipped` with the reason nothing is sent), what it
    ///   would create (project, commitment, requisition, amount in cents, check number and date,
    ///   invoice number) so a refused item is sent again without reading Sage again, and the runs
    ///   that first saw and last touched it. Each attempt also goes to the append-only audit.
    /// - The read position in Sage (the newest DateUpdated/TimeUpdated seen) is kept in
    ///   `pipeline_state`, so an exchange reads only what changed since the last one.
    static func registerExchangeMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-exchange") { db in
            try db.execute(sql: """
                CREATE TABLE exchange_items (
                    kind TEXT NOT NULL,
                    sage_key TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'refused', 'skipped')),
                    procore_id INTEGER,
                    project_id INTEGER,
                    commitment_id INTEGER,
                    requisition_id INTEGER,
                    cents INTEGER NOT NULL DEFAULT 0,
                    check_no TEXT,
                    check_date TEXT,
                    invoice_no TEXT,
                    detail TEXT NOT NULL DEFAULT '',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    first_run_id TEXT,
                    run_id TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (kind, sage_key)
                ) WITHOUT ROWID;
                CREATE INDEX exchange_items_open ON exchange_items(kind, state) WHERE state IN ('sending', 'refused');
                """)
        }
    }
}
