import Foundation
import GRDB
import Testing
@testable import Ledger

@Suite("Ledger schema")
struct LedgerSchemaTests {
    @Test("open applies every migration once, and reopening keeps the data")
    func migrationsIdempotent() throws {
        let temp = try TemporaryLedger()
        let registered = LedgerMigrations.migrator.migrations
        #expect(Array(registered.prefix(3)) == ["v1-runs-cursors", "v2-pipeline", "v3-reference-inbox-webhooks"])
        #expect(try temp.ledger.appliedMigrations() == registered)
        let run = try temp.ledger.beginRun(kind: "pull")
        try temp.ledger.advanceCursor(resource: "requisitions", scope: "project:7", to: "2026-11-29T00:40:00Z", runID: run)

        let reopened = try Ledger.open(path: temp.path)
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
