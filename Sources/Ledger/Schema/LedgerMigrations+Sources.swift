import GRDB

extension LedgerMigrations {
    /// v5: the ledger holds the source. Every version of a Procore record a pull, a webhook pull
    /// or an inbox correction received is a `source_versions` row with a monotonic sequence
    /// number, committed in the same transaction as the cursor it advances; later stages read
    /// versions and look references up here, never in `staging/` (which stays as an export).
    ///
    /// - `source_versions`: the staged line (record and children, byte for byte) per version.
    /// - `source_latest`: the newest version of each source record, what lookups read.
    /// - `source_line_items`: commitment and change order lines by id (cost code, cost type).
    /// - `pending_versions`: versions a running pull received, moved into `source_versions` for
    ///   the scopes that completed (like `pending_hashes`), dropped otherwise.
    /// - `record_dependencies`: what an invalid record looked up (`cost_codes:12`, `vendors:7`,
    ///   `line_items:99`, …), so a new version of any of them checks it again.
    /// - `record_prerequisites`: a document that must wait for another record to be in Sage
    ///   (a purchase order for its new vendor, a check for the invoice it pays), by the
    ///   idempotency key of what it needs.
    /// - `pipeline_state`: small named values (how far transform has read, the fingerprint of the
    ///   mapping and reference data the invalid records were checked against).
    /// - `runs.parent_id`: the stage runs of one `run` are recorded under it.
    static func registerSourcesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-source-versions") { db in
            try db.execute(sql: """
                CREATE TABLE source_versions (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    resource TEXT NOT NULL,
                    company_id INTEGER NOT NULL,
                    project_id INTEGER,
                    source_id INTEGER NOT NULL,
                    source_updated_at TEXT,
                    content_sha256 TEXT NOT NULL,
                    line BLOB NOT NULL,
                    origin TEXT NOT NULL,
                    run_id TEXT,
                    received_at TEXT NOT NULL
                );
                CREATE INDEX source_versions_source ON source_versions(resource, source_id, seq);

                CREATE TABLE source_latest (
                    resource TEXT NOT NULL,
                    source_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    project_id INTEGER,
                    PRIMARY KEY (resource, source_id)
                ) WITHOUT ROWID;
                CREATE INDEX source_latest_seq ON source_latest(resource, seq);

                CREATE TABLE source_line_items (
                    line_item_id INTEGER PRIMARY KEY NOT NULL,
                    parent_resource TEXT NOT NULL,
                    parent_id INTEGER NOT NULL,
                    cost_code TEXT,
                    cost_type_id INTEGER,
                    cost_type_code TEXT,
                    seq INTEGER NOT NULL
                );
                CREATE INDEX source_line_items_seq ON source_line_items(seq);

                CREATE TABLE pending_versions (
                    run_id TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    source_id INTEGER NOT NULL,
                    company_id INTEGER NOT NULL,
                    project_id INTEGER,
                    source_updated_at TEXT,
                    content_sha256 TEXT NOT NULL,
                    line BLOB NOT NULL,
                    line_items TEXT,
                    PRIMARY KEY (run_id, resource, scope, source_id)
                ) WITHOUT ROWID;

                CREATE TABLE record_dependencies (
                    record_id INTEGER NOT NULL REFERENCES records(id),
                    dep_key TEXT NOT NULL,
                    PRIMARY KEY (record_id, dep_key)
                ) WITHOUT ROWID;
                CREATE INDEX record_dependencies_key ON record_dependencies(dep_key);

                CREATE TABLE record_prerequisites (
                    record_id INTEGER NOT NULL REFERENCES records(id),
                    needs_key TEXT NOT NULL,
                    what TEXT NOT NULL,
                    PRIMARY KEY (record_id, needs_key)
                ) WITHOUT ROWID;

                CREATE TABLE pipeline_state (
                    name TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );

                ALTER TABLE runs ADD COLUMN parent_id TEXT;
                """)
        }
    }
}
