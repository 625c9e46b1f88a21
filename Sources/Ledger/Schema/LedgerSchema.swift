import SQLSupport

/// The ledger's tables as they stand after the last migration, described once.
///
/// PostgreSQL ledgers are created from this description. SQLite ledgers keep their history
/// of migrations (``LedgerMigrations``; files in the field were made by each of them), and a
/// test proves that history builds exactly the tables, columns, indexes and triggers this
/// description renders for SQLite. A new migration changes both: it is appended to the
/// history and to this description, and that test fails until both agree.
enum LedgerSchema {
    typealias Column = SQLSchema.Column
    typealias Table = SQLSchema.Table
    typealias Index = SQLSchema.Index
    typealias Trigger = SQLSchema.Trigger

    /// Every table, a referenced table before the ones that refer to it.
    static let tables: [Table] = [
        Table("runs", [
            Column("id", .text, "PRIMARY KEY NOT NULL"),
            Column("kind", .text),
            Column("started_at", .text),
            Column("finished_at", .text, ""),
            Column("status", .text),
            Column("summary_json", .text, ""),
            Column("parent_id", .text, ""),
        ], indexes: [Index("runs_started_at", on: "started_at")], orderedByRowID: true),
        Table("cursors", [
            Column("resource", .text),
            Column("scope", .text),
            Column("updated_through", .text),
            Column("run_id", .text, "NOT NULL REFERENCES runs(id)"),
        ], constraints: ["PRIMARY KEY (resource, scope)"]),
        Table("content_hashes", [
            Column("resource", .text),
            Column("scope", .text),
            Column("record_id", .integer),
            Column("sha256", .text),
        ], constraints: ["PRIMARY KEY (resource, scope, record_id)"], withoutRowID: true),
        Table("pending_hashes", [
            Column("run_id", .text),
            Column("resource", .text),
            Column("scope", .text),
            Column("record_id", .integer),
            Column("sha256", .text),
        ], constraints: ["PRIMARY KEY (run_id, resource, scope, record_id)"], withoutRowID: true),
        Table("batches", [
            Column("id", .text, "PRIMARY KEY NOT NULL"),
            Column("run_id", .text, "REFERENCES runs(id)"),
            Column("kind", .text),
            Column("company_code", .text),
            Column("created_at", .text),
            Column("state", .text),
            Column("path", .text, ""),
            Column("record_count", .integer, "NOT NULL DEFAULT 0"),
            Column("control_total", .text, ""),
        ], orderedByRowID: true),
        Table("records", [
            Column("id", .autoincrement),
            Column("resource", .text),
            Column("company_id", .integer),
            Column("project_id", .integer, ""),
            Column("source_id", .integer),
            Column("source_updated_at", .text, ""),
            Column("content_sha256", .text),
            Column("state", .text),
            Column("target_key", .text, ""),
            Column("idempotency_key", .text),
            Column("errors_json", .text, "NOT NULL DEFAULT '[]'"),
            Column("run_id", .text, "REFERENCES runs(id)"),
            Column("batch_id", .text, "REFERENCES batches(id)"),
            Column("created_at", .text),
            Column("updated_at", .text),
            Column("cause", .text, ""),
            Column("blocked_by", .text, ""),
            Column("held_amount", .text, ""),
            Column("vendor_name", .text, ""),
            Column("job_no", .text, ""),
            Column("held_since", .text, ""),
            Column("fix_json", .text, ""),
            Column("document_sha256", .text, ""),
        ], constraints: ["UNIQUE (resource, source_id, source_updated_at, content_sha256)"], indexes: [
            Index("records_source", on: "resource, source_id"),
            Index("records_state", on: "state"),
            Index("records_live_idempotency_key", on: "idempotency_key", unique: true, where: "state <> 'superseded'"),
            Index("records_batch", on: "batch_id"),
            Index("records_state_resource", on: "state, resource, source_id"),
            Index("records_open_causes", on: "state, resource, cause, id, run_id, batch_id, created_at",
                  where: "state IN ('invalid', 'rejected', 'uncertain', 'drift')"),
        ], triggers: [heldSince, heldSinceInherited]),
        Table("attempts", [
            Column("id", .autoincrement),
            Column("record_id", .integer, "REFERENCES records(id)"),
            Column("batch_id", .text, "REFERENCES batches(id)"),
            Column("started_at", .text),
            Column("finished_at", .text, ""),
            Column("outcome", .text, ""),
            Column("http_status", .integer, ""),
            Column("message", .text, ""),
        ], indexes: [Index("attempts_record", on: "record_id")]),
        // Append-only trail of everything that changed the books or the pipeline.
        Table("audit", [
            Column("id", .autoincrement),
            Column("at", .text),
            Column("run_id", .text, ""),
            Column("actor", .text),
            Column("action", .text),
            Column("subject", .text),
            Column("detail_json", .text, ""),
        ], appendOnly: true),
        // Procore object <-> Sage key, unique both ways per company and resource.
        Table("identity_map", [
            Column("company", .text),
            Column("resource", .text),
            Column("procore_id", .integer),
            Column("sage_key", .text),
            Column("created_at", .text),
        ], constraints: ["PRIMARY KEY (company, resource, procore_id)", "UNIQUE (company, resource, sage_key)"]),
        Table("reference_cache", [
            Column("company", .text),
            Column("kind", .text),
            Column("json", .text),
            Column("fetched_at", .text),
        ], constraints: ["PRIMARY KEY (company, kind)"]),
        Table("inbox_files", [
            Column("id", .autoincrement),
            Column("name", .text),
            Column("sha256", .text, "NOT NULL UNIQUE"),
            Column("kind", .text),
            Column("received_at", .text),
            Column("state", .text),
            Column("message", .text, ""),
        ]),
        Table("webhook_events", [
            Column("ulid", .text, "PRIMARY KEY NOT NULL"),
            Column("received_at", .text),
            Column("company_id", .integer, ""),
            Column("project_id", .integer, ""),
            Column("resource_name", .text),
            Column("resource_id", .integer),
            Column("event_type", .text),
            Column("payload", .text),
            Column("processed_at", .text, ""),
        ], withoutRowID: true),
        // What each record puts into Sage, per vendor, job and GL account.
        Table("record_amounts", [
            Column("id", .autoincrement),
            Column("record_id", .integer, "NOT NULL REFERENCES records(id)"),
            Column("kind", .text),
            Column("line", .text, "NOT NULL DEFAULT 'distribution'"),
            Column("vendor_no", .text, ""),
            Column("job_no", .text, ""),
            Column("account", .text, ""),
            Column("amount", .text),
        ], indexes: [Index("record_amounts_record", on: "record_id")]),
        Table("source_versions", [
            Column("seq", .autoincrement),
            Column("resource", .text),
            Column("company_id", .integer),
            Column("project_id", .integer, ""),
            Column("source_id", .integer),
            Column("source_updated_at", .text, ""),
            Column("content_sha256", .text),
            Column("line", .blob),
            Column("origin", .text),
            Column("run_id", .text, ""),
            Column("received_at", .text),
        ], indexes: [Index("source_versions_source", on: "resource, source_id, seq")]),
        Table("source_latest", [
            Column("resource", .text),
            Column("source_id", .integer),
            Column("seq", .integer),
            Column("project_id", .integer, ""),
        ], constraints: ["PRIMARY KEY (resource, source_id)"], indexes: [Index("source_latest_seq", on: "resource, seq")],
              withoutRowID: true),
        Table("source_line_items", [
            Column("line_item_id", .integer, "PRIMARY KEY NOT NULL"),
            Column("parent_resource", .text),
            Column("parent_id", .integer),
            Column("cost_code", .text, ""),
            Column("cost_type_id", .integer, ""),
            Column("cost_type_code", .text, ""),
            Column("seq", .integer),
        ], indexes: [Index("source_line_items_seq", on: "seq")]),
        Table("pending_versions", [
            Column("run_id", .text),
            Column("resource", .text),
            Column("scope", .text),
            Column("source_id", .integer),
            Column("company_id", .integer),
            Column("project_id", .integer, ""),
            Column("source_updated_at", .text, ""),
            Column("content_sha256", .text),
            Column("line", .blob),
            Column("line_items", .text, ""),
            Column("payment_fact", .text, ""),
        ], constraints: ["PRIMARY KEY (run_id, resource, scope, source_id)"], withoutRowID: true),
        Table("record_dependencies", [
            Column("record_id", .integer, "NOT NULL REFERENCES records(id)"),
            Column("dep_key", .text),
        ], constraints: ["PRIMARY KEY (record_id, dep_key)"], indexes: [Index("record_dependencies_key", on: "dep_key")],
              withoutRowID: true),
        Table("record_prerequisites", [
            Column("record_id", .integer, "NOT NULL REFERENCES records(id)"),
            Column("needs_key", .text),
            Column("what", .text),
        ], constraints: ["PRIMARY KEY (record_id, needs_key)"], withoutRowID: true),
        Table("pipeline_state", [
            Column("name", .text, "PRIMARY KEY NOT NULL"),
            Column("value", .text),
        ]),
        Table("payment_facts", [
            Column("resource", .text),
            Column("source_id", .integer),
            Column("kind", .text, "NOT NULL CHECK (kind IN ('commitment', 'requisition', 'payment'))"),
            Column("project_id", .integer, ""),
            Column("commitment_id", .integer, ""),
            Column("requisition_id", .integer, ""),
            Column("active", .integer),
            Column("cents", .integer, "NOT NULL DEFAULT 0"),
            Column("open", .integer, "NOT NULL DEFAULT 0"),
        ], constraints: ["PRIMARY KEY (resource, source_id)"], indexes: [
            Index("payment_facts_paid", on: "requisition_id", where: "kind = 'payment'"),
            Index("payment_facts_project", on: "kind, project_id"),
            Index("payment_facts_open_rows", on: "kind, open, source_id, project_id, commitment_id, active, cents", where: "open = 1"),
        ], withoutRowID: true),
        Table("payment_listings", [
            Column("commitment_id", .integer, "PRIMARY KEY"),
            Column("project_id", .integer, ""),
            Column("through_seq", .integer),
            Column("run_id", .text, ""),
            Column("listed_at", .text),
        ]),
        Table("exchange_items", [
            Column("kind", .text),
            Column("sage_key", .text),
            Column("state", .text, "NOT NULL CHECK (state IN ('sending', 'sent', 'refused', 'skipped'))"),
            Column("procore_id", .integer, ""),
            Column("project_id", .integer, ""),
            Column("commitment_id", .integer, ""),
            Column("requisition_id", .integer, ""),
            Column("cents", .integer, "NOT NULL DEFAULT 0"),
            Column("check_no", .text, ""),
            Column("check_date", .text, ""),
            Column("invoice_no", .text, ""),
            Column("detail", .text, "NOT NULL DEFAULT ''"),
            Column("attempts", .integer, "NOT NULL DEFAULT 0"),
            Column("first_run_id", .text, ""),
            Column("run_id", .text, ""),
            Column("created_at", .text),
            Column("updated_at", .text),
            Column("payload", .text, ""),
        ], constraints: ["PRIMARY KEY (kind, sage_key)"],
              indexes: [Index("exchange_items_open", on: "kind, state", where: "state IN ('sending', 'refused')")],
              withoutRowID: true),
    ]

    /// When a record is first refused (invalid or rejected), whatever wrote the state.
    static let heldSince = Trigger("records_held_since", sqlite: ["""
        CREATE TRIGGER records_held_since AFTER UPDATE OF state ON records
        WHEN NEW.state IN ('invalid', 'rejected') AND NEW.held_since IS NULL
        BEGIN
            UPDATE records SET held_since = NEW.updated_at WHERE id = NEW.id;
        END
        """], postgres: ["""
        CREATE FUNCTION records_held_since() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF NEW.state IN ('invalid', 'rejected') AND NEW.held_since IS NULL THEN
                NEW.held_since := NEW.updated_at;
            END IF;
            RETURN NEW;
        END $body$
        """, """
        CREATE TRIGGER records_held_since BEFORE UPDATE OF state ON records
        FOR EACH ROW EXECUTE FUNCTION records_held_since()
        """])

    /// A new version of a record held back stays held back since the first refusal, so the
    /// report can say, once it posts, what it resolved and since when.
    static let heldSinceInherited = Trigger("records_held_since_inherited", sqlite: ["""
        CREATE TRIGGER records_held_since_inherited AFTER INSERT ON records
        WHEN EXISTS (SELECT 1 FROM records o WHERE o.resource = NEW.resource AND o.source_id = NEW.source_id
                     AND o.id <> NEW.id AND o.held_since IS NOT NULL AND o.state IN ('superseded', 'invalid', 'rejected'))
        BEGIN
            UPDATE records SET held_since = (
                SELECT MIN(o.held_since) FROM records o WHERE o.resource = NEW.resource AND o.source_id = NEW.source_id
                AND o.id <> NEW.id AND o.held_since IS NOT NULL AND o.state IN ('superseded', 'invalid', 'rejected'))
            WHERE id = NEW.id;
        END
        """], postgres: ["""
        CREATE FUNCTION records_held_since_inherited() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE first_held TEXT;
        BEGIN
            SELECT MIN(o.held_since) INTO first_held FROM records o
            WHERE o.resource = NEW.resource AND o.source_id = NEW.source_id AND o.id <> NEW.id
              AND o.held_since IS NOT NULL AND o.state IN ('superseded', 'invalid', 'rejected');
            IF first_held IS NOT NULL THEN
                NEW.held_since := first_held;
            END IF;
            RETURN NEW;
        END $body$
        """, """
        CREATE TRIGGER records_held_since_inherited BEFORE INSERT ON records
        FOR EACH ROW EXECUTE FUNCTION records_held_since_inherited()
        """])

    /// Every statement that creates the ledger's tables on `dialect`.
    static func statements(_ dialect: SQLDialect) -> [String] {
        tables.flatMap { $0.statements(dialect) }
    }
}
