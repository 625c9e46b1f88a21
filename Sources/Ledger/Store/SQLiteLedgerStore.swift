import Foundation
import GRDB
import GRDBSQLite
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
                let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
                try Self.bind(arguments, to: statement)
                try statement.execute()
                return db.changesCount
            } catch {
                throw SQLiteLedgerStore.failure(error)
            }
        }

        func query(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> SQLRowCursor {
            do {
                let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
                try Self.bind(arguments, to: statement)
                return SQLRowCursor(.grdb(try GRDB.Row.fetchCursor(statement)))
            } catch {
                throw SQLiteLedgerStore.failure(error)
            }
        }

        func lastInsertedRowID() throws -> Int64 { db.lastInsertedRowID }

        /// Binds `values` to `statement`'s placeholders in order, straight through SQLite's C
        /// calls: building GRDB's `StatementArguments` boxed every value in an existential,
        /// a tenth of a transform's time. Text and blobs are copied by SQLite (transient).
        static func bind(_ values: [SQLValue], to statement: GRDB.Statement) throws {
            // Resets the statement and clears its bindings; GRDB then runs it with the
            // bindings made here (it resets without clearing them).
            statement.setUncheckedArguments(StatementArguments())
            guard values.count == Int(sqlite3_bind_parameter_count(statement.sqliteStatement)) else {
                throw SQLFailure(.other, "statement expects \(sqlite3_bind_parameter_count(statement.sqliteStatement)) values, got \(values.count): \(statement.sql)")
            }
            let handle = statement.sqliteStatement
            for (offset, value) in values.enumerated() {
                let index = CInt(offset + 1)
                let code: CInt
                switch value {
                case .null: code = sqlite3_bind_null(handle, index)
                case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
                case .real(let number): code = sqlite3_bind_double(handle, index, number)
                case .text(var text):
                    code = text.withUTF8 { bytes in
                        bytes.withMemoryRebound(to: CChar.self) { chars in
                            // An empty string is text, not NULL: SQLite wants a pointer.
                            chars.baseAddress == nil
                                ? sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                                : sqlite3_bind_text(handle, index, chars.baseAddress, CInt(chars.count), sqliteTransient)
                        }
                    }
                case .blob(let bytes):
                    code = bytes.withUnsafeBytes { raw in
                        // A zero-length blob is a blob, not NULL.
                        raw.baseAddress == nil
                            ? sqlite3_bind_zeroblob(handle, index, 0)
                            : sqlite3_bind_blob(handle, index, raw.baseAddress, CInt(raw.count), sqliteTransient)
                    }
                }
                guard code == SQLITE_OK else {
                    throw SQLFailure(.other, "binding value \(index) failed (SQLite code \(code)): \(statement.sql)")
                }
            }
        }
    }
}

/// SQLite's SQLITE_TRANSIENT: it copies the bound bytes before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
