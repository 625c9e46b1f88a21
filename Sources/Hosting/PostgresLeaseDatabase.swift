import Foundation
import Logging
import NIOSSL
import PostgresNIO
import SQLSupport

/// The lease store's PostgreSQL engine (postgres-nio's connection pool), for workers on any
/// number of machines. A company's post lock is a transaction-level advisory lock held for
/// the whole post: PostgreSQL releases it when the transaction ends, and when the worker's
/// connection drops because the worker died.
final class PostgresLeaseDatabase: LeaseDatabase {
    let dialect = SQLDialect.postgres
    let location: String
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger = Logger(label: "ml-connector.leases")

    init(settings: LeaseStoreLocation.PostgresSettings) {
        location = settings.redacted
        var configuration = settings.clientConfiguration
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration)
        self.client = client
        runner = Task { await client.run() }
    }

    func transaction(_ statements: [LeaseStatement]) async throws -> [[[LeaseValue]]] {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await Self.run(statements, on: connection, logger: logger)
            }
        } catch {
            throw mapped(error)
        }
    }

    func migrate(_ migrations: [(id: String, statements: [String])]) async throws {
        do {
            try await client.withTransaction(logger: logger) { connection in
                // One worker migrates at a time; the others wait here and find it done.
                try await connection.query("SELECT pg_advisory_xact_lock(7012202612)", logger: logger)
                for statement in HostingSchema.migrationsTable.statements(.postgres) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement.replacingOccurrences(
                        of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS ")), logger: logger)
                }
                var applied: Set<String> = []
                for try await id in try await connection.query("SELECT id FROM hosting_migrations", logger: logger).decode(String.self) {
                    applied.insert(id)
                }
                for migration in migrations where !applied.contains(migration.id) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    _ = try await Self.run([LeaseStatement(sql: "INSERT INTO hosting_migrations (id, applied_at) VALUES ($1, {now})",
                                                           binds: [.text(migration.id)])], on: connection, logger: logger)
                }
            }
        } catch {
            throw mapped(error)
        }
    }

    func withPostLock<T: Sendable>(company: String, check: LeaseStatement,
                                   _ body: @Sendable () async throws -> T) async throws -> T? {
        let outcome: Result<T?, any Error>
        do {
            outcome = try await client.withTransaction(logger: logger) { connection -> Result<T?, any Error> in
                _ = try await Self.run([LeaseStatement(sql: "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS locked",
                                                       binds: [.text(company)])], on: connection, logger: logger)
                let current = try await Self.run([check], on: connection, logger: logger).first ?? []
                guard !current.isEmpty else { return .success(nil) }
                // The body's own failure is returned, not thrown, so it reaches the caller as is.
                do { return .success(try await body()) } catch { return .failure(error) }
            }
        } catch {
            throw mapped(error)
        }
        return try outcome.get()
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }

    static func run(_ statements: [LeaseStatement], on connection: PostgresConnection,
                    logger: Logger) async throws -> [[[LeaseValue]]] {
        var results: [[[LeaseValue]]] = []
        for statement in statements {
            if statement.onlyAfterRows, results.last?.isEmpty ?? true {
                results.append([])
                continue
            }
            var binds = PostgresBindings(capacity: statement.binds.count)
            for value in statement.binds {
                switch value {
                case .text(let text): binds.append(text)
                case .integer(let number): binds.append(number)
                }
            }
            let rows = try await connection.query(PostgresQuery(unsafeSQL: SQLDialect.postgres.render(statement.sql), binds: binds),
                                                  logger: logger)
            var collected: [[LeaseValue]] = []
            for try await row in rows {
                collected.append(try row.map { cell -> LeaseValue in
                    switch cell.dataType {
                    case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
                    default: return .text((try? cell.decode(String.self)) ?? "")
                    }
                })
            }
            results.append(collected)
        }
        return results
    }

    private func mapped(_ error: any Error) -> any Error {
        if let error = error as? LeaseError { return error }
        if let error = error as? PostgresTransactionError {
            // The statement that failed inside the transaction, else BEGIN's or COMMIT's failure.
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return mapped(inner) }
        }
        if let error = error as? PSQLError {
            if error.serverInfo?[.message]?.contains("append-only") ?? false { return LeaseError.auditIsAppendOnly }
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            return LeaseError.store(location, reason: message)
        }
        return LeaseError.store(location, reason: "\(error)")
    }
}
