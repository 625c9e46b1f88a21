import GRDB

extension LedgerMigrations {
    /// The states in which a record needs a person (the report's exceptions and backlog), as
    /// the queries write them. The v8 index spells the list out: a migration never changes, so
    /// a new open state needs a new index in a new migration.
    static let openStates = "('invalid', 'rejected', 'uncertain', 'drift')"

    /// v8: each record's cause is stored with its message (``RecordCause``), and the open
    /// records are indexed by it, so a report counts a backlog of thousands by cause in SQL
    /// instead of reading and reducing every message on every run.
    ///
    /// `records_open_causes` holds every column the grouping reads (covering), for the open
    /// states only.
    static func registerCausesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-record-causes") { db in
            db.add(function: DatabaseFunction("ml_record_cause", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map(RecordCause.of)
            })
            try db.execute(sql: """
                ALTER TABLE records ADD COLUMN cause TEXT;
                UPDATE records SET cause = ml_record_cause(json_extract(errors_json, '$[#-1]')) WHERE errors_json <> '[]';
                CREATE INDEX records_open_causes ON records(state, resource, cause, id, run_id, batch_id, created_at)
                    WHERE state IN ('invalid', 'rejected', 'uncertain', 'drift');
                """)
        }
    }
}
