import Foundation
import Hosting
import Testing

/// The stores the behaviour suite runs against: in memory and SQLite always; PostgreSQL when
/// `ML_CONNECTOR_TEST_POSTGRES_URL` names a server (`scripts/test.sh` starts one and sets it).
enum LeaseStoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case sqlite
    case postgres

    static let postgresURL = ProcessInfo.processInfo.environment["ML_CONNECTOR_TEST_POSTGRES_URL"]

    static var available: [LeaseStoreKind] {
        postgresURL == nil ? [.inMemory, .sqlite] : allCases
    }

    /// The SQL engines only (what the database itself enforces).
    static var sql: [LeaseStoreKind] { available.filter { $0 != .inMemory } }

    var testDescription: String { rawValue }

    /// A fresh store; SQLite in its own temporary folder (removed by `cleanUp`), PostgreSQL
    /// the shared test database (each test uses company names of its own).
    func make() async throws -> (store: any LeaseStore, cleanUp: @Sendable () -> Void) {
        switch self {
        case .inMemory:
            return (InMemoryLeaseStore(), {})
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leases-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let store = try await SQLLeaseStore.open(.sqlite(path: folder + "/leases.sqlite"))
            return (store, { try? FileManager.default.removeItem(atPath: folder) })
        case .postgres:
            let location = try LeaseStoreLocation.parse(Self.postgresURL ?? "", relativeTo: "/")
            return (try await SQLLeaseStore.open(location), {})
        }
    }
}

/// A company name no other test (or earlier run against the same PostgreSQL) uses.
func uniqueCompany(_ name: String = "company") -> String { "\(name)-\(UUID().uuidString.prefix(8))" }
