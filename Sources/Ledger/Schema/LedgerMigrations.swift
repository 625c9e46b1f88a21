import GRDB

/// The ledger's schema, one named migration per step. Never edit a shipped migration:
/// add the next one.
enum LedgerMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-cursors") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    status TEXT NOT NULL,
                    summary_json TEXT
                );
                CREATE INDEX runs_started_at ON runs(started_at);

                -- Where each incremental pull resumes: records updated through this instant
                -- have been staged for (resource, scope). Scope is "company:<id>" or "project:<id>".
                CREATE TABLE cursors (
                    resource TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    updated_through TEXT NOT NULL,
                    run_id TEXT NOT NULL REFERENCES runs(id),
                    PRIMARY KEY (resource, scope)
                );

                -- sha256 of each record's raw JSON as last staged, to stage only what changed.
                CREATE TABLE content_hashes (
                    resource TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    record_id INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    PRIMARY KEY (resource, scope, record_id)
                ) WITHOUT ROWID;

                -- Hashes seen by a pull that has not committed yet; moved into content_hashes
                -- for the scopes that completed, dropped otherwise.
                CREATE TABLE pending_hashes (
                    run_id TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    record_id INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    PRIMARY KEY (run_id, resource, scope, record_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-pipeline") { db in
            try db.execute(sql: """
                CREATE TABLE batches (
                    id TEXT PRIMARY KEY NOT NULL,
                    run_id TEXT REFERENCES runs(id),
                    kind TEXT NOT NULL,
                    company_code TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    state TEXT NOT NULL,
                    path TEXT,
                    record_count INTEGER NOT NULL DEFAULT 0,
                    control_total TEXT
                );

                CREATE TABLE records (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    resource TEXT NOT NULL,
                    company_id INTEGER NOT NULL,
                    project_id INTEGER,
                    source_id INTEGER NOT NULL,
                    source_updated_at TEXT,
                    content_sha256 TEXT NOT NULL,
                    state TEXT NOT NULL,
                    target_key TEXT,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    errors_json TEXT NOT NULL DEFAULT '[]',
                    run_id TEXT REFERENCES runs(id),
                    batch_id TEXT REFERENCES batches(id),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (resource, source_id, source_updated_at, content_sha256)
                );
                CREATE INDEX records_source ON records(resource, source_id);
                CREATE INDEX records_state ON records(state);

                CREATE TABLE attempts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    record_id INTEGER REFERENCES records(id),
                    batch_id TEXT REFERENCES batches(id),
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    outcome TEXT,
                    http_status INTEGER,
                    message TEXT
                );
                CREATE INDEX attempts_record ON attempts(record_id);

                -- Append-only trail of everything that changed the books or the pipeline.
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    run_id TEXT,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detail_json TEXT
                );
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

                -- Procore object <-> Sage key, unique both ways per company and resource.
                CREATE TABLE identity_map (
                    company TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    procore_id INTEGER NOT NULL,
                    sage_key TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (company, resource, procore_id),
                    UNIQUE (company, resource, sage_key)
                );
                """)
        }
        migrator.registerMigration("v3-reference-inbox-webhooks") { db in
            try db.execute(sql: """
                -- Sage reference data (vendors, GL accounts, account structure) as fetched.
                CREATE TABLE reference_cache (
                    company TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    json TEXT NOT NULL,
                    fetched_at TEXT NOT NULL,
                    PRIMARY KEY (company, kind)
                );

                CREATE TABLE inbox_files (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    state TEXT NOT NULL,
                    message TEXT
                );

                CREATE TABLE webhook_events (
                    ulid TEXT PRIMARY KEY NOT NULL,
                    received_at TEXT NOT NULL,
                    company_id INTEGER,
                    project_id INTEGER,
                    resource_name TEXT NOT NULL,
                    resource_id INTEGER NOT NULL,
                    event_type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    processed_at TEXT
                ) WITHOUT ROWID;
                """)
        }
        registerAmountsMigration(&migrator)
        registerSourcesMigration(&migrator)
        registerPaymentsMigration(&migrator)
        registerIndexesMigration(&migrator)
        registerCausesMigration(&migrator)
        registerHoldsMigration(&migrator)
        registerFixesMigration(&migrator)
        registerKeyFormatMigration(&migrator)
        registerExchangeMigration(&migrator)
        registerDocumentsMigration(&migrator)
        registerExchangePayloadMigration(&migrator)
        return migrator
    }
}
