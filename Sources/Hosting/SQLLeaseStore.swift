import SQLSupport
/// The lease store over SQL: the same statements and rules on SQLite and PostgreSQL; only
/// the ``LeaseDatabase`` engine differs.
public struct SQLLeaseStore: LeaseStore {
    let database: any LeaseDatabase

    init(database: any LeaseDatabase) {
        self.database = database
    }

    /// Opens the store at `location`: a file path (SQLite, created when missing, for workers
    /// on one machine) or `postgres://…` (PostgreSQL, for workers on several), and applies
    /// the pending migrations.
    public static func open(_ location: LeaseStoreLocation) async throws -> SQLLeaseStore {
        let database: any LeaseDatabase
        switch location {
        case .sqlite(let path): database = try SQLiteLeaseDatabase(path: path)
        case .postgres(let settings): database = PostgresLeaseDatabase(settings: settings)
        }
        do {
            try await database.migrate(HostingSchema.migrations.map { ($0.id, $0.statements(database.dialect)) })
        } catch {
            await database.close()
            throw error
        }
        return SQLLeaseStore(database: database)
    }

    public var dialect: SQLDialect { database.dialect }

    public func acquire(company: String, owner: String, for duration: Duration) async throws -> CompanyLease? {
        precondition(!owner.isEmpty, "a worker's identity is never empty")
        let rows = try await database.transaction(LeaseStatements.acquire(company: company, owner: owner,
                                                                          milliseconds: duration.leaseMilliseconds))
        return rows.first?.first.flatMap(LeaseStatements.lease)
    }

    public func renew(_ lease: CompanyLease, for duration: Duration) async throws -> CompanyLease {
        let rows = try await database.transaction(LeaseStatements.renew(lease, milliseconds: duration.leaseMilliseconds))
        guard let renewed = rows.first?.first.flatMap(LeaseStatements.lease) else {
            throw LeaseError.lost(company: lease.company, owner: lease.owner, generation: lease.generation)
        }
        return renewed
    }

    public func release(_ lease: CompanyLease) async throws {
        _ = try await database.transaction(LeaseStatements.release(lease))
    }

    public func holder(of company: String) async throws -> CompanyLease? {
        try await database.transaction([LeaseStatements.holder(of: company)]).first?.first.flatMap(LeaseStatements.lease)
    }

    public func withPostLock<T: Sendable>(_ lease: CompanyLease, _ body: @Sendable () async throws -> T) async throws -> T {
        guard let result = try await database.withPostLock(company: lease.company, check: LeaseStatements.isCurrent(lease), body) else {
            throw LeaseError.lost(company: lease.company, owner: lease.owner, generation: lease.generation)
        }
        return result
    }

    public func abandoned() async throws -> [String] {
        let rows = try await database.transaction([LeaseStatements.abandoned]).first ?? []
        return rows.compactMap { $0.first?.text }
    }

    public func events(for company: String) async throws -> [LeaseEvent] {
        let rows = try await database.transaction([LeaseStatements.events(for: company)]).first ?? []
        return rows.compactMap { row in
            guard row.count == 5, let company = row[0].text, let owner = row[1].text, let generation = row[2].integer,
                  let kind = row[3].text.flatMap(LeaseEvent.Kind.init(rawValue:)), let at = row[4].integer else { return nil }
            return LeaseEvent(company: company, owner: owner, generation: generation, kind: kind, at: at)
        }
    }

    public func close() async {
        await database.close()
    }

    /// Runs raw SQL (tests proving the database itself refuses a change to the audit).
    func executeRaw(_ sql: String) async throws {
        _ = try await database.transaction([LeaseStatement(sql: sql, binds: [])])
    }
}
