import GRDB

extension LedgerMigrations {
    /// v4: one live record per idempotency key, and the source amounts transform records.
    ///
    /// - `records.idempotency_key` was UNIQUE for every row; a key is the same for every version
    ///   of a source record, so only live rows (not `superseded`) may share it. SQLite cannot drop
    ///   a column constraint, so the table is rebuilt (foreign keys are off while GRDB runs a
    ///   migration and checked at its end) and a partial unique index takes the constraint's place.
    /// - `record_amounts`: the amounts each record puts into Sage, split by vendor, job and GL
    ///   account, plus gross / retainage / net rows for AP invoices, for reconciliation.
    static func registerAmountsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-live-keys-amounts") { db in
            let hasTableConstraint = try String.fetchOne(db, sql: """
                SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'records'
                """)?.contains("idempotency_key TEXT NOT NULL UNIQUE") ?? false
            if hasTableConstraint {
                try db.execute(sql: """
                    CREATE TABLE records_new (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        resource TEXT NOT NULL,
                        company_id INTEGER NOT NULL,
                        project_id INTEGER,
                        source_id INTEGER NOT NULL,
                        source_updated_at TEXT,
                        content_sha256 TEXT NOT NULL,
                        state TEXT NOT NULL,
                        target_key TEXT,
                        idempotency_key TEXT NOT NULL,
                        errors_json TEXT NOT NULL DEFAULT '[]',
                        run_id TEXT REFERENCES runs(id),
                        batch_id TEXT REFERENCES batches(id),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        UNIQUE (resource, source_id, source_updated_at, content_sha256)
                    );
                    INSERT INTO records_new (id, resource, company_id, project_id, source_id, source_updated_at,
                        content_sha256, state, target_key, idempotency_key, errors_json, run_id, batch_id,
                        created_at, updated_at)
                    SELECT id, resource, company_id, project_id, source_id, source_updated_at,
                        content_sha256, state, target_key, idempotency_key, errors_json, run_id, batch_id,
                        created_at, updated_at FROM records;
                    DROP TABLE records;
                    ALTER TABLE records_new RENAME TO records;
                    CREATE INDEX records_source ON records(resource, source_id);
                    CREATE INDEX records_state ON records(state);
                    """)
            }
            try db.execute(sql: """
                CREATE UNIQUE INDEX IF NOT EXISTS records_live_idempotency_key
                    ON records(idempotency_key) WHERE state <> 'superseded';
                CREATE INDEX IF NOT EXISTS records_batch ON records(batch_id);

                -- What each record puts into Sage, per vendor, job and GL account. kind is the
                -- Sage document kind; line is 'distribution', or 'gross' / 'retainage' / 'net'
                -- for the totals of an AP invoice.
                CREATE TABLE record_amounts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    record_id INTEGER NOT NULL REFERENCES records(id),
                    kind TEXT NOT NULL,
                    line TEXT NOT NULL DEFAULT 'distribution',
                    vendor_no TEXT,
                    job_no TEXT,
                    account TEXT,
                    amount TEXT NOT NULL
                );
                CREATE INDEX record_amounts_record ON record_amounts(record_id);
                """)
        }
    }
}
