import Foundation
import SQLSupport
import Testing
@testable import Ledger

/// The engines the ledger's behaviour suite runs on: SQLite always; PostgreSQL when
/// `ML_CONNECTOR_TEST_POSTGRES_URL` names a server (`scripts/test.sh` starts one and sets it;
/// in CI its absence fails ``LedgerEngineTests``).
enum LedgerEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static let postgresURL = ProcessInfo.processInfo.environment["ML_CONNECTOR_TEST_POSTGRES_URL"]

    static var available: [LedgerEngine] { postgresURL == nil ? [.sqlite] : allCases }

    var testDescription: String { rawValue }
}

/// A fresh ledger removed when the test ends: a SQLite file in a temporary folder, or a
/// PostgreSQL schema of its own in the test database.
final class TemporaryLedger {
    let engine: LedgerEngine
    let folder: URL
    let path: String
    /// The PostgreSQL ledger's URL (its own schema); nil for SQLite.
    let url: PostgresURL?
    let ledger: Ledger

    init(_ engine: LedgerEngine = .sqlite) throws {
        self.engine = engine
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("ml-connector.sqlite").path
        switch engine {
        case .sqlite:
            url = nil
            ledger = try Ledger.open(path: path)
        case .postgres:
            let base = LedgerEngine.postgresURL ?? ""
            let schema = "ledger_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
            let url = try PostgresURL.parse(base + (base.contains("?") ? "&" : "?") + "schema=\(schema)",
                                            environment: ProcessInfo.processInfo.environment)
            self.url = url
            ledger = try Ledger.open(postgres: url, lockPath: path)
        }
    }

    /// The same ledger opened a second time (as the next command would).
    func reopen() throws -> Ledger {
        switch engine {
        case .sqlite: return try Ledger.open(path: path)
        case .postgres: return try Ledger.open(postgres: url!, lockPath: path)
        }
    }

    deinit {
        if let schema = url?.schema { try? ledger.executeRaw("DROP SCHEMA \(schema) CASCADE") }
        try? FileManager.default.removeItem(at: folder)
    }
}
