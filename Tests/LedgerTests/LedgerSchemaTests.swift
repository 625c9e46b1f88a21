import Foundation
import GRDB
import SQLSupport
import Testing
@testable import Ledger

@Suite("Ledger schema")
struct LedgerSchemaTests {
    @Test("open applies every migration once, and reopening keeps the data", arguments: LedgerEngine.available)
    func migrationsIdempotent(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let registered = LedgerMigrations.migrator.migrations
        #expect(Array(registered.prefix(3)) == ["v1-runs-cursors", "v2-pipeline", "v3-reference-inbox-webhooks"])
        #expect(try temp.ledger.appliedMigrations() == registered)
        let run = try temp.ledger.beginRun(kind: "pull")
        try temp.ledger.advanceCursor(resource: "requisitions", scope: "project:7", to: "2026-11-29T00:40:00Z", runID: run)

        let reopened = try temp.reopen()
        #expect(try reopened.appliedMigrations() == registered)
        #expect(try reopened.cursor(resource: "requisitions", scope: "project:7") == "2026-11-29T00:40:00Z")
        #expect(try reopened.runs(limit: 10).map(\.id) == [run])
    }

    @Test("v8 stores each open record's cause: a ledger made before it gets its causes on open")
    func causesBackfilled() throws {
        let queue = try DatabaseQueue()
        try LedgerMigrations.migrator.migrate(queue, upTo: "v7-state-and-open-indexes")
        let message = "requisition 5030000326 (Acme, invoice 14-001): cost code 09-300 (type S) on project 562949953421312 has no GL mapping"
        try queue.write { db in
            for (id, errors) in [(1, "[]"), (2, "[\"first\", \(jsonString(message))]")] {
                try db.execute(sql: """
                    INSERT INTO records (resource, company_id, project_id, source_id, source_updated_at, content_sha256,
                        state, idempotency_key, errors_json, created_at, updated_at)
                    VALUES ('requisitions', 1, 7, ?, '2026-11-20T10:00:00Z', 'x', 'invalid', ?, ?, '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')
                    """, arguments: [id, "ABC:requisitions:\(id)", errors])
            }
        }
        let ledger = try Ledger(queue)
        #expect(try ledger.appliedMigrations() == LedgerMigrations.migrator.migrations)
        let causes = try queue.read { db in try String?.fetchAll(db, sql: "SELECT cause FROM records ORDER BY source_id") }
        #expect(causes == [nil, "cost code 09-300 (type S) on project … has no GL mapping"])
    }

    @Test("v11 gives every identity-map key the one Sage key format, splitting invoice keys by their record or vendor")
    func oneKeyFormat() throws {
        let queue = try DatabaseQueue()
        try LedgerMigrations.migrator.migrate(queue, upTo: "v10-record-fixes")
        try queue.write { db in
            for (resource, id, key) in [("vendors", 1, "00P700002"), ("vendors", 2, "00AB"), ("customers", 3, "01OWN0001"),
                                        ("manual-checks", 4, "A10001"), ("ap-invoices", 5, "00P700002INV-7-1"),
                                        ("ap-invoices", 6, "00ABR2X"), ("ap-invoices", 7, "99ZZZ1"), ("purchase-orders", 8, "C0APSW5"),
                                        ("vendors", 9, "00-Q1")] {
                try db.execute(sql: "INSERT INTO identity_map (company, resource, procore_id, sage_key, created_at) VALUES ('ABC', ?, ?, ?, 'now')",
                               arguments: [resource, id, key])
            }
            // Requisition 6 was posted: its record holds the key as the agent gave it.
            try db.execute(sql: """
                INSERT INTO records (resource, company_id, project_id, source_id, source_updated_at, content_sha256,
                    state, target_key, idempotency_key, errors_json, created_at, updated_at)
                VALUES ('requisitions', 1, 7, 6, 'x', 'x', 'posted', '00-AB-R2X', 'k6', '[]', 'now', 'now')
                """)
        }
        _ = try Ledger(queue)
        let keys = try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT procore_id, sage_key FROM identity_map").map {
                ($0["procore_id"] as Int64, $0["sage_key"] as String)
            })
        }
        #expect(keys == [1: "00-P700002", 2: "00-AB", 3: "01-OWN0001", 4: "A-10001", 5: "00-P700002-INV-7-1",
                         6: "00-AB-R2X", 7: "99ZZZ1", 8: "C0APSW5", 9: "00-Q1"])
    }

    @Test("SQLite's history of migrations builds exactly the tables the schema description renders")
    func historyMatchesDescription() throws {
        let history = try DatabaseQueue()
        try LedgerMigrations.migrator.migrate(history)
        let described = try DatabaseQueue()
        try described.write { db in
            for statement in LedgerSchema.statements(.sqlite) { try db.execute(sql: statement) }
        }
        let fromHistory = try history.read(Self.shape)
        let fromDescription = try described.read(Self.shape)
        #expect(fromHistory.count > 60, "the shape lists every table's columns, indexes and triggers")
        for (line, expected) in fromHistory.enumerated() where line < fromDescription.count && fromDescription[line] != expected {
            Issue.record("first difference: history \(expected), description \(fromDescription[line])")
            break
        }
        #expect(fromHistory == fromDescription)
        // The PostgreSQL rendering has the same tables, indexes and triggers by name.
        let postgres = LedgerSchema.statements(.postgres).joined(separator: "\n")
        for line in fromHistory where line.hasPrefix("table ") || line.hasPrefix("index ") || line.hasPrefix("trigger ") {
            let name = line.split(separator: " ")[1]
            // SQLite's automatic indexes are PostgreSQL's constraints; its two append-only
            // triggers are one there (and one more for TRUNCATE).
            if name == "(automatic)" || name.hasSuffix("_no_update") || name.hasSuffix("_no_delete") { continue }
            #expect(postgres.contains(" \(name) ") || postgres.contains(" \(name)("), "\(name) is missing on PostgreSQL")
        }
        #expect(postgres.contains("audit_no_change") && postgres.contains("audit_no_truncate"))
    }

    /// Every table's columns (type, NOT NULL, default, key position), foreign keys, indexes
    /// (unique, partial, columns) and triggers, one line each, sorted.
    static func shape(_ db: Database) throws -> [String] {
        var lines: [String] = []
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
            """)
        for table in tables {
            lines.append("table \(table)")
            for column in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))") {
                let name: String = column["name"], type: String = column["type"]
                let notNull: Int = column["notnull"], key: Int = column["pk"]
                let fallback: String? = column["dflt_value"]
                lines.append("column \(table).\(name) \(type) notnull=\(notNull) default=\(fallback ?? "-") pk=\(key)")
            }
            for key in try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(table))") {
                let from: String = key["from"], to: String = key["table"], column: String = key["to"]
                lines.append("foreign \(table).\(from) -> \(to).\(column)")
            }
            for index in try Row.fetchAll(db, sql: "PRAGMA index_list(\(table))") {
                let name: String = index["name"], unique: Int = index["unique"], partial: Int = index["partial"]
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?)", arguments: [name])
                let label = name.hasPrefix("sqlite_autoindex") ? "(automatic)" : name
                lines.append("index \(label) on \(table)(\(columns.joined(separator: ","))) unique=\(unique) partial=\(partial)")
            }
            let withoutRowID = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table])?
                .uppercased().contains("WITHOUT ROWID") ?? false
            lines.append("rowid \(table) \(!withoutRowID)")
        }
        for trigger in try Row.fetchAll(db, sql: "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'") {
            let name: String = trigger["name"], table: String = trigger["tbl_name"]
            lines.append("trigger \(name) on \(table)")
        }
        return lines.sorted()
    }

    @Test("the PostgreSQL half of the ledger's suite runs in CI")
    func postgresInCI() {
        let ci = ProcessInfo.processInfo.environment["CI"] != nil
        #expect(!ci || LedgerEngine.postgresURL != nil,
                "CI must run the ledger suite on PostgreSQL too: run it through scripts/test.sh, which starts one")
    }

    @Test("the file is in WAL mode and passes integrity_check")
    func walAndIntegrity() throws {
        let temp = try TemporaryLedger()
        _ = try temp.ledger.beginRun(kind: "pull")
        #expect(try temp.ledger.journalMode() == "wal")
        #expect(try temp.ledger.integrityCheck() == ["ok"])
        #expect(FileManager.default.fileExists(atPath: temp.path + "-wal"))
    }

    @Test("a missing folder is a clear open error naming the path")
    func missingFolder() throws {
        let path = "/nonexistent-\(UUID().uuidString)/ledger.sqlite"
        #expect {
            _ = try Ledger.open(path: path)
        } throws: { error in
            guard case LedgerError.openFailed(let failedPath, let reason) = error else { return false }
            return failedPath == path && reason.contains("does not exist")
        }
    }

    @Test("a file that is not SQLite is refused with the path in the message")
    func notSQLite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try Ledger.open(path: path)
        } throws: { error in
            guard case LedgerError.openFailed(let failedPath, _) = error else { return false }
            return failedPath == path && "\(error)".contains("ledger.path")
        }
    }
}
