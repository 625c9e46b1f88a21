import Foundation
@testable import Hosting
import Testing

/// What the SQL engines enforce themselves, on SQLite and PostgreSQL.
@Suite("Lease store in the database")
struct SQLLeaseStoreTests {
    @Test("the database refuses to change or delete the lease audit", arguments: LeaseStoreKind.sql)
    func auditIsAppendOnly(kind: LeaseStoreKind) async throws {
        let (any, cleanUp) = try await kind.make()
        defer { cleanUp() }
        let store = try #require(any as? SQLLeaseStore)
        let company = uniqueCompany()
        _ = try await store.acquire(company: company, owner: "worker-a", for: .seconds(60))
        await #expect(throws: LeaseError.auditIsAppendOnly) {
            try await store.executeRaw("UPDATE lease_events SET owner = 'someone-else'")
        }
        await #expect(throws: LeaseError.auditIsAppendOnly) {
            try await store.executeRaw("DELETE FROM lease_events")
        }
        #expect(try await store.events(for: company).map(\.owner) == ["worker-a"])
        await store.close()
    }

    @Test("opening a store twice (a second worker starting) applies each migration once and keeps the leases",
          arguments: LeaseStoreKind.sql)
    func migrationsOnce(kind: LeaseStoreKind) async throws {
        let (first, cleanUp) = try await kind.make()
        defer { cleanUp() }
        let store = try #require(first as? SQLLeaseStore)
        let company = uniqueCompany()
        let lease = try #require(try await store.acquire(company: company, owner: "worker-a", for: .seconds(60)))
        let database = store.database
        try await database.migrate(HostingSchema.migrations.map { ($0.id, $0.statements(database.dialect)) })
        let applied = try await database.transaction([LeaseStatement(sql: "SELECT id FROM hosting_migrations ORDER BY id", binds: [])])
        #expect(applied.first?.compactMap { $0.first?.text } == HostingSchema.migrations.map(\.id))
        #expect(try await store.holder(of: company) == lease)
        await store.close()
    }

    @Test("CI runs the behaviour suite on PostgreSQL too")
    func postgresInCI() {
        let ci = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
        #expect(!ci || LeaseStoreKind.postgresURL != nil,
                "CI is set but ML_CONNECTOR_TEST_POSTGRES_URL is not: run the tests through scripts/test.sh, which starts PostgreSQL")
    }
}
