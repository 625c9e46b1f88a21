import Foundation
import SQLSupport
import Testing
@testable import Ledger

/// A PostgreSQL ledger over TCP with TLS: `scripts/postgres.sh` gives its throwaway server a
/// self-signed certificate on a loopback port (`ML_CONNECTOR_TEST_POSTGRES_TLS_URL`).
@Suite("A PostgreSQL ledger over TLS")
struct LedgerPostgresTLSTests {
    static let url = ProcessInfo.processInfo.environment["ML_CONNECTOR_TEST_POSTGRES_TLS_URL"]

    static func ledgerURL(_ query: String) throws -> PostgresURL {
        let schema = "tls_" + UUID().uuidString.prefix(8).lowercased()
        return try PostgresURL.parse((url ?? "") + "?schema=\(schema)" + query, environment: [:])
    }

    @Test("TLS is verified unless the URL says otherwise: a certificate no authority vouches for is refused, and nothing is written",
          .enabled(if: url != nil))
    func verifiedByDefault() throws {
        let verified = try Self.ledgerURL("")
        #expect(verified.tls == .verifyFull)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)").path
        #expect {
            _ = try Ledger.open(postgres: verified, lockPath: folder + "/ledger")
        } throws: { error in
            guard case LedgerError.openFailed(let location, let reason) = error else { return false }
            return location == verified.redacted && reason.localizedCaseInsensitiveContains("certificate")
        }
        // The refused connection created nothing: the schema is not there.
        let plain = try Self.ledgerURL("&sslmode=require")
        let probe = try Ledger.open(postgres: plain, lockPath: folder + "/probe")
        defer { try? probe.executeRaw("DROP SCHEMA \(plain.schema!) CASCADE") }
        let found = try probe.reading { db in
            try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?",
                               arguments: [verified.schema])
        }
        #expect(found == 0)
    }

    @Test("sslmode=require encrypts: the server sees the ledger's connections as TLS, and the ledger works over them",
          .enabled(if: url != nil))
    func requireEncrypts() throws {
        let encrypted = try Self.ledgerURL("&sslmode=require")
        let ledger = try Ledger.open(postgres: encrypted, lockPath: NSTemporaryDirectory() + "tls-\(UUID().uuidString)")
        defer { try? ledger.executeRaw("DROP SCHEMA \(encrypted.schema!) CASCADE") }
        let readTLS = try ledger.reading { db in
            try Bool.fetchOne(db, sql: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        }
        #expect(readTLS == true)
        let run = try ledger.beginRun(kind: "pull")
        let writeTLS = try ledger.writing { db in
            try Bool.fetchOne(db, sql: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        }
        #expect(writeTLS == true)
        #expect(try ledger.runs(limit: 5).map(\.id) == [run])
    }

    @Test("in CI the TLS listener is there")
    func tlsInCI() {
        let ci = ProcessInfo.processInfo.environment["CI"] != nil
        #expect(!ci || Self.url != nil, "CI must run the TLS tests: run them through scripts/test.sh, whose PostgreSQL listens with TLS too")
    }
}
