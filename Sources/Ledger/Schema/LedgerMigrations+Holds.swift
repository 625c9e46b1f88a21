import GRDB

extension LedgerMigrations {
    /// v9: what an invalid record holds back, kept with it, so a report shows every dollar the
    /// connector holds back and its root cause without the record ever reaching a batch:
    /// `blocked_by` (the lookup key of the record that blocks it: `requisitions:<id>`,
    /// `commitments:<id>`, `vendors:<id>`), `held_amount` (what Sage would have been sent, exact
    /// decimal text), `vendor_name` and `job_no`. NULL for records that are not held.
    /// `held_since`: when the source record was first refused (kept by triggers across states
    /// and new versions), so a report shows how long an exception has been open and, once the
    /// record posts, that it was resolved.
    static func registerHoldsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-record-holds") { db in
            // Causes now leave out nested labels too (a requisition's message about its vendor).
            db.add(function: DatabaseFunction("ml_record_cause", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map(RecordCause.of)
            })
            try db.execute(sql: """
                UPDATE records SET cause = ml_record_cause(json_extract(errors_json, '$[#-1]')) WHERE errors_json <> '[]';
                ALTER TABLE records ADD COLUMN blocked_by TEXT;
                ALTER TABLE records ADD COLUMN held_amount TEXT;
                ALTER TABLE records ADD COLUMN vendor_name TEXT;
                ALTER TABLE records ADD COLUMN job_no TEXT;
                ALTER TABLE records ADD COLUMN held_since TEXT;
                UPDATE records SET held_since = updated_at WHERE state IN ('invalid', 'rejected');
                -- When a record is first refused (invalid or rejected), whatever wrote the state.
                CREATE TRIGGER records_held_since AFTER UPDATE OF state ON records
                WHEN NEW.state IN ('invalid', 'rejected') AND NEW.held_since IS NULL
                BEGIN
                    UPDATE records SET held_since = NEW.updated_at WHERE id = NEW.id;
                END;
                -- A new version of a record held back stays held back since the first refusal,
                -- so the report can say, once it posts, what it resolved and since when.
                CREATE TRIGGER records_held_since_inherited AFTER INSERT ON records
                WHEN EXISTS (SELECT 1 FROM records o WHERE o.resource = NEW.resource AND o.source_id = NEW.source_id
                             AND o.id <> NEW.id AND o.held_since IS NOT NULL AND o.state IN ('superseded', 'invalid', 'rejected'))
                BEGIN
                    UPDATE records SET held_since = (
                        SELECT MIN(o.held_since) FROM records o WHERE o.resource = NEW.resource AND o.source_id = NEW.source_id
                        AND o.id <> NEW.id AND o.held_since IS NOT NULL AND o.state IN ('superseded', 'invalid', 'rejected'))
                    WHERE id = NEW.id;
                END;
                """)
        }
    }

    /// v10: what a person can fill in to release a refused record (`records.fix_json`, the
    /// transform's fix hints as JSON; read by the fix sheet, never by a stage deciding anything).
    static func registerFixesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-record-fixes") { db in
            try db.execute(sql: "ALTER TABLE records ADD COLUMN fix_json TEXT")
        }
    }
}
