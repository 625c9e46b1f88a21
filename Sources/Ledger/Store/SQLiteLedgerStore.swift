import Foundation
import GRDB
import SQLSupport

/// The ledger on SQLite through GRDB: a WAL file (reads run beside the one writer), or a
/// queue in memory for unit tests.
final class SQLiteLedgerStore: LedgerStore {
    let writer: any DatabaseWriter
    let location: String

    init(_ writer: any DatabaseWriter, location: String) {
        self.writer = writer
        self.location = location
    }

    var dialect: SQLDialect { .sqlite }

    var isInMemory: Bool {
        let path = writer.path
        return path.isEmpty || path == ":memory:" || path.hasPrefix("file::memory:")
    }

    func write<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try mapped { try writer.write { db in try body(SQLConnection(Connection(db))) } }
    }

    func writeInCurrentTransaction<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try mapped { try writer.unsafeReentrantWrite { db in try body(SQLConnection(Connection(db))) } }
    }

    func read<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        try mapped { try writer.read { db in try body(SQLConnection(Connection(db))) } }
    }

    func appliedMigrations() throws -> [String] {
        try mapped { try writer.read { db in try LedgerMigrations.migrator.appliedMigrations(db) } }
    }

    /// GRDB's errors (a commit that failed, a busy file) in the ledger's terms.
    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError { throw Self.failure(error) }
    }

    static func failure(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        if error.resultCode == .SQLITE_CONSTRAINT {
            if error.message?.contains("append-only") ?? false { return SQLFailure(.appendOnly, error.message ?? "append-only") }
            return SQLFailure(.constraint, error.message ?? "constraint failed")
        }
        return SQLFailure(.other, "\(error)")
    }

    /// One GRDB connection, for the length of one read or write.
    final class Connection: SQLEngineConnection {
        let db: Database
        init(_ db: Database) { self.db = db }

        var dialect: SQLDialect { .sqlite }

        func execute(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> Int {
            do {
                if cached {
                    try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
                } else {
                    try db.execute(sql: sql, arguments: Self.arguments(arguments))
                }
                return db.changesCount
            } catch {
                throw SQLiteLedgerStore.failure(error)
            }
        }

        func query(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> SQLRowCursor {
            do {
                let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
                return SQLRowCursor(.grdb(try GRDB.Row.fetchCursor(statement, arguments: Self.arguments(arguments))))
            } catch {
                throw SQLiteLedgerStore.failure(error)
            }
        }

        func lastInsertedRowID() throws -> Int64 { db.lastInsertedRowID }

        static func arguments(_ values: [SQLValue]) -> StatementArguments {
            StatementArguments(values.map { value -> DatabaseValue in
                switch value {
                case .null: return .null
                case .integer(let number): return number.databaseValue
                case .real(let number): return number.databaseValue
                case .text(let text): return text.databaseValue
                case .blob(let bytes): return Data(bytes).databaseValue
                }
            })
        }
    }
}
