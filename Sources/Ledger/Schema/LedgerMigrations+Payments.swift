import GRDB

extension LedgerMigrations {
    /// v6: what the pull needs to plan payment listings, indexed instead of read from every version.
    ///
    /// - `payment_facts`: per commitment, requisition and contract payment (newest version), the
    ///   commitment, the requisition paid, whether it counts and its amount in cents; `open` marks
    ///   an approved requisition whose payments do not cover its current payment due, kept by the
    ///   transaction that stores a requisition or payment version.
    /// - `payment_listings`: per commitment, the last listing of its payments: the source sequence
    ///   number the listing was planned at (requisition versions after it are changes the listing
    ///   did not see), the run, and when.
    /// - `pending_versions.payment_fact`: the fact of a version still pending in a running pull.
    ///
    /// Existing versions get their facts once, from the connector (which parses the records):
    /// `pipeline_state` `payment-facts` is set when that is done, and at once for a ledger with
    /// no versions to index.
    static func registerPaymentsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-payment-facts") { db in
            try db.execute(sql: """
                CREATE TABLE payment_facts (
                    resource TEXT NOT NULL,
                    source_id INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('commitment', 'requisition', 'payment')),
                    project_id INTEGER,
                    commitment_id INTEGER,
                    requisition_id INTEGER,
                    active INTEGER NOT NULL,
                    cents INTEGER NOT NULL DEFAULT 0,
                    open INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (resource, source_id)
                ) WITHOUT ROWID;
                CREATE INDEX payment_facts_paid ON payment_facts(requisition_id) WHERE kind = 'payment';
                CREATE INDEX payment_facts_open ON payment_facts(kind) WHERE open = 1;
                CREATE INDEX payment_facts_project ON payment_facts(kind, project_id);

                CREATE TABLE payment_listings (
                    commitment_id INTEGER PRIMARY KEY,
                    project_id INTEGER,
                    through_seq INTEGER NOT NULL,
                    run_id TEXT,
                    listed_at TEXT NOT NULL
                );

                ALTER TABLE pending_versions ADD COLUMN payment_fact TEXT;
                """)
            let indexed = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM source_latest
                WHERE resource IN ('purchase_order_contracts', 'work_order_contracts', 'requisitions', 'contract_payments')
                """) ?? 0
            if indexed == 0 {
                try Ledger.setPipelineValue(SQLConnection(SQLiteLedgerStore.Connection(db)), Ledger.paymentFactsIndexedKey, "1")
            }
        }
    }
}
