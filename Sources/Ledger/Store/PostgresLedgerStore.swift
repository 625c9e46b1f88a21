import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import SQLSupport
import Synchronization

/// The ledger on PostgreSQL (postgres-nio), for hosted workers on many machines: each
/// company's ledger is a database, or a schema of one (`?schema=company_1`).
///
/// The ledger's methods are synchronous (as GRDB's are), so this store runs each statement
/// on postgres-nio's event loop and waits for it on the calling thread: one connection for
/// writes (a transaction at a time, as SQLite's one writer), and a few for reads, each read a
/// snapshot (`REPEATABLE READ`).
final class PostgresLedgerStore: LedgerStore, @unchecked Sendable {
    let url: PostgresURL
    let location: String
    var dialect: SQLDialect { .postgres }
    var isInMemory: Bool { false }

    /// Held for the length of a write transaction (by the thread that runs it).
    private let writeLock = NSLock()
    /// Guarded by `writeLock`.
    private var writer: Connection?
    /// Idle read connections, and how many are open; guarded by `readers`.
    private let readers = NSCondition()
    private var idleReaders: [Connection] = []
    private var openReaders = 0
    private static let maximumReaders = 4
    private static let connectionIDs = Atomic<Int>(0)

    init(url: PostgresURL) {
        self.url = url
        location = url.redacted
    }

    deinit {
        writer?.close()
        for reader in idleReaders { reader.close() }
    }

    func write<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        let connection = try writerConnection()
        try connection.execute("BEGIN", [], cached: false)
        do {
            let result = try body(SQLConnection(connection))
            try connection.execute("COMMIT", [], cached: false)
            return result
        } catch {
            if (try? connection.execute("ROLLBACK", [], cached: false)) == nil { drop(writer: connection) }
            throw error
        }
    }

    /// Only the thread inside ``write(_:)`` calls this (the ledger's batch), so the writer is
    /// its own.
    func writeInCurrentTransaction<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        guard let writer else { throw SQLFailure(.other, "no write transaction is open on \(location)") }
        return try body(SQLConnection(writer))
    }

    func read<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        let connection = try takeReader()
        var healthy = true
        defer { giveBack(connection, healthy: healthy) }
        do {
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", [], cached: false)
            let result = try body(SQLConnection(connection))
            try connection.execute("COMMIT", [], cached: false)
            return result
        } catch {
            healthy = (try? connection.execute("ROLLBACK", [], cached: false)) != nil
            throw error
        }
    }

    func appliedMigrations() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM ledger_migrations ORDER BY applied_order") }
    }

    /// Creates the ledger's tables from ``LedgerSchema`` when the database (or schema) has
    /// none, one process at a time, and records the migrations that description stands for.
    func migrate(migrations: [String]) throws {
        try write { db in
            // One worker migrates at a time; the others wait here and find it done.
            try db.execute(sql: "SELECT pg_advisory_xact_lock(7012202613)")
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS ledger_migrations (
                    id TEXT COLLATE "C" PRIMARY KEY, applied_order BIGINT NOT NULL, applied_at TEXT NOT NULL)
                """)
            let applied = try String.fetchAll(db, sql: "SELECT id FROM ledger_migrations ORDER BY applied_order")
            if applied.isEmpty {
                for statement in LedgerSchema.statements(.postgres) { try db.execute(sql: statement) }
                for (order, id) in migrations.enumerated() {
                    try db.execute(sql: "INSERT INTO ledger_migrations (id, applied_order, applied_at) VALUES (?, ?, ?)",
                                   arguments: [id, order + 1, Ledger.now()])
                }
                return
            }
            let unknown = applied.filter { !migrations.contains($0) }
            guard unknown.isEmpty else {
                throw LedgerError.openFailed(path: location, reason: "it was migrated by a newer ml-connector (\(unknown.joined(separator: ", "))); upgrade this one")
            }
            guard applied == migrations else {
                throw LedgerError.openFailed(path: location, reason: "its migrations (\(applied.last ?? "none")) are not this version's (\(migrations.last ?? "none"))")
            }
        }
    }

    private func writerConnection() throws -> Connection {
        if let writer, !writer.isClosed { return writer }
        let connection = try open()
        writer = connection
        return connection
    }

    private func drop(writer connection: Connection) {
        connection.close()
        if writer === connection { writer = nil }
    }

    private func takeReader() throws -> Connection {
        readers.lock()
        while idleReaders.isEmpty && openReaders >= Self.maximumReaders { readers.wait() }
        if let connection = idleReaders.popLast() {
            readers.unlock()
            if !connection.isClosed { return connection }
            readers.lock()
            openReaders -= 1
        }
        openReaders += 1
        readers.unlock()
        do {
            return try open()
        } catch {
            readers.lock()
            openReaders -= 1
            readers.signal()
            readers.unlock()
            throw error
        }
    }

    private func giveBack(_ connection: Connection, healthy: Bool) {
        readers.lock()
        if healthy && !connection.isClosed {
            idleReaders.append(connection)
        } else {
            connection.close()
            openReaders -= 1
        }
        readers.signal()
        readers.unlock()
    }

    private func open() throws -> Connection {
        let id = Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try url.connectionConfiguration()
        } catch {
            throw LedgerError.openFailed(path: location, reason: "cannot set up TLS: \(error)")
        }
        let logger = Logger(label: "ml-connector.ledger")
        let postgres: PostgresConnection
        do {
            postgres = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                      configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw LedgerError.openFailed(path: location, reason: Connection.message(error))
        }
        let connection = Connection(postgres, logger: logger, location: location)
        if let schema = url.schema {
            // A company's schema: created on first use, then the only one its statements see.
            do {
                try connection.execute("CREATE SCHEMA IF NOT EXISTS \(schema)", [], cached: false)
                try connection.execute("SET search_path TO \(schema)", [], cached: false)
            } catch {
                connection.close()
                throw LedgerError.openFailed(path: location, reason: "cannot use schema \(schema): \(error)")
            }
        }
        return connection
    }

    /// One PostgreSQL connection, used by one thread at a time.
    final class Connection: SQLEngineConnection {
        let postgres: PostgresConnection
        let logger: Logger
        let location: String
        /// Statements as the ledger writes them, spelled for PostgreSQL.
        private var spelled: [String: String] = [:]

        init(_ postgres: PostgresConnection, logger: Logger, location: String) {
            self.postgres = postgres
            self.logger = logger
            self.location = location
        }

        var dialect: SQLDialect { .postgres }
        var isClosed: Bool { postgres.isClosed }

        func close() { try? postgres.close().wait() }

        func execute(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> Int {
            return try run(sql, arguments).metadata.rows ?? 0
        }

        func query(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> SQLRowCursor {
            let result = try run(sql, arguments)
            guard let first = result.rows.first else { return SQLRowCursor(.rows([].makeIterator())) }
            let columns = SQLColumns(first.map(\.columnName))
            let rows = try result.rows.map { row in
                SQLRow(columns: columns, values: try row.map(Self.value))
            }
            return SQLRowCursor(.rows(rows.makeIterator()))
        }

        func lastInsertedRowID() throws -> Int64 {
            let result = try run("SELECT lastval()", [])
            guard let cell = result.rows.first?.first, case .integer(let id) = try Self.value(cell) else {
                throw SQLFailure(.other, "PostgreSQL gave no id for the last insert")
            }
            return id
        }

        private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
            var binds = PostgresBindings(capacity: arguments.count)
            for argument in arguments {
                switch argument {
                case .null: binds.appendNull()
                case .integer(let number): binds.append(number)
                case .real(let number): binds.append(number)
                case .text(let text): binds.append(text)
                case .blob(let bytes): binds.append(ByteBuffer(bytes: bytes))
                }
            }
            do {
                return try postgres.query(PostgresQuery(unsafeSQL: spell(sql), binds: binds), logger: logger).wait()
            } catch {
                throw SQLFailure.postgres(error, location: location, statement: sql)
            }
        }

        private func spell(_ sql: String) -> String {
            if let known = spelled[sql] { return known }
            let translated = SQLDialect.postgres.translate(sql)
            spelled[sql] = translated
            return translated
        }

        static func value(_ cell: PostgresCell) throws -> SQLValue {
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .numeric:
                // A SUM or MIN of bigints: exact, as its text.
                let text = try cell.decode(String.self)
                return Int64(text).map(SQLValue.integer) ?? .text(text)
            case .bytea: return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
            default: return .text(try cell.decode(String.self))
            }
        }

        /// The server's words, else what the connection ran into (refused, no route, TLS).
        static func message(_ error: any Error) -> String {
            if let error = error as? PSQLError {
                if let message = error.serverInfo?[.message] { return message }
                if let underlying = error.underlying { return "\(error.code): \(underlying)" }
                return "\(error.code)"
            }
            return "\(error)"
        }
    }
}

extension SQLFailure {
    /// postgres-nio's error in the ledger's terms: SQLSTATE class 23 is a constraint, the
    /// append-only triggers' refusal says so.
    /// `statement` (the ledger's own text, placeholders only, never a value) is named in
    /// the message of an unexpected failure, so a report of it says which one.
    static func postgres(_ error: any Error, location: String, statement: String? = nil) -> SQLFailure {
        guard let error = error as? PSQLError else { return SQLFailure(.other, "\(location): \(error)") }
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        if message.contains("append-only") { return SQLFailure(.appendOnly, message) }
        if let state = error.serverInfo?[.sqlState], state.hasPrefix("23") { return SQLFailure(.constraint, message) }
        let quoted = statement.map { text -> String in
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return " in: " + (flat.count > 160 ? flat.prefix(160) + "…" : flat)
        } ?? ""
        return SQLFailure(.other, "\(location): \(message)\(quoted)")
    }
}
