import Foundation
import GRDB
import SQLSupport
import Synchronization

/// The connector's memory: runs, pull cursors, content hashes, pipeline records and their
/// attempts, the append-only audit trail, the identity map, the Sage reference cache, inbox
/// files and webhook events.
///
/// Its tables live in a ``LedgerStore``: one SQLite file (WAL mode, the default), or a
/// PostgreSQL database for hosted workers on several machines. Every method is written once
/// and behaves the same on both.
///
/// Safe to share between tasks: reads run concurrently, writes are serialized.
/// Open the file with ``open(path:)`` (a WAL pool on disk, the production store), a database
/// with ``open(postgres:lockPath:)``, or wrap any GRDB writer with ``init(_:)`` (``inMemory()``
/// for fast unit tests); the schema is migrated every way.
public final class Ledger: Sendable {
    /// The file this ledger lives in (for an in-memory ledger, a unique name that holds no
    /// file; for a PostgreSQL ledger, the local path its lock files are named after).
    public let path: String
    let store: any LedgerStore
    /// The thread running an ``inBatch(_:)`` body, if any: its ledger calls join the batch.
    let batchThread = Mutex<pthread_t?>(nil)

    init(path: String, store: any LedgerStore) {
        self.path = path
        self.store = store
    }

    /// Where the ledger's tables are, for messages: the file, or the database's URL without
    /// its password.
    public var location: String { store.location }

    /// The engine the ledger runs on.
    public var dialect: SQLDialect { store.dialect }

    /// A ledger over any GRDB writer (a `DatabaseQueue`, a `DatabasePool`), migrated. `path`
    /// names it (and places the lock files the stages keep beside it); the writer's own path
    /// when nil.
    public convenience init(_ writer: any DatabaseWriter, path: String? = nil) throws {
        do {
            try LedgerMigrations.migrator.migrate(writer)
        } catch {
            throw LedgerError.openFailed(path: path ?? writer.path, reason: "\(error)")
        }
        let name = path ?? Self.name(for: writer)
        self.init(path: name, store: SQLiteLedgerStore(writer, location: name))
    }

    /// The writer's file, or for a database with no file (`:memory:`, an empty path) a unique
    /// name in the temporary folder, so the stages' lock files never land in the working folder.
    private static func name(for writer: any DatabaseWriter) -> String {
        let path = writer.path
        guard path.isEmpty || path == ":memory:" || path.hasPrefix("file::memory:") else { return path }
        return FileManager.default.temporaryDirectory.appendingPathComponent("ledger-in-memory-\(UUID().uuidString)").path
    }

    /// A fresh ledger in memory, for unit tests: same schema, triggers and rules as the file.
    /// Its path is a unique name in the temporary folder (no database file is written there;
    /// only the stages' lock files go beside it), so two in-memory ledgers never share a lock.
    public static func inMemory() throws -> Ledger {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "ledger"
        return try Ledger(try DatabaseQueue(configuration: configuration))
    }

    /// Opens (or creates) the ledger at `path` and applies any pending migrations.
    /// Reopening an up-to-date file changes nothing.
    public static func open(path: String) throws -> Ledger {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.label = "ledger"
        // A batch tool needs few readers, and each connection's page cache is memory that
        // stays resident: keep both small so memory does not grow with the ledger's size.
        configuration.maximumReaderCount = 2
        // ML_CONNECTOR_SQL_SLOW_MS=N prints each statement that took N ms or more to stderr
        // (for finding what a slow stage asks of the ledger; the statement text has no values).
        let slow = ProcessInfo.processInfo.environment["ML_CONNECTOR_SQL_SLOW_MS"].flatMap(Double.init)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -1024")  // 1 MiB per connection
            if let slow {
                db.trace(options: .profile) { event in
                    guard case .profile(let statement, let duration) = event, duration * 1000 >= slow else { return }
                    FileHandle.standardError.write(Data("ledger sql \(Int(duration * 1000)) ms: \(statement.sql)\n".utf8))
                }
            }
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            throw LedgerError.openFailed(path: path, reason: "the folder \(folder) does not exist")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrateAlone(pool, path: path)
            return Ledger(path: path, store: SQLiteLedgerStore(pool, location: path))
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.openFailed(path: path, reason: "\(error)")
        }
    }

    /// Opens (or creates) the ledger in the PostgreSQL database (or schema) `url` names, and
    /// creates its tables when it has none. `lockPath` is a local file name the stages' lock
    /// files are named after (a post takes `<lockPath>.post.lock`); hosted workers on several
    /// machines are kept apart by their company leases.
    public static func open(postgres url: PostgresURL, lockPath: String) throws -> Ledger {
        let store = PostgresLedgerStore(url: url)
        do {
            try store.migrate(migrations: LedgerMigrations.migrator.migrations)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.openFailed(path: url.redacted, reason: "\(error)")
        }
        return Ledger(path: lockPath, store: store)
    }

    /// Applies the pending migrations while holding an exclusive `flock` on `<path>.migrate.lock`:
    /// two processes opening a new ledger at once (hosted workers starting together) would
    /// otherwise both create its first tables, and one would fail.
    private static func migrateAlone(_ pool: DatabasePool, path: String) throws {
        let lockPath = path + ".migrate.lock"
        let descriptor = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw LedgerError.openFailed(path: path, reason: "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw LedgerError.openFailed(path: path, reason: "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        try LedgerMigrations.migrator.migrate(pool)
    }

    /// True when the database holds no file (a unit test's in-memory queue): lock files named
    /// after ``path`` are then removed when released.
    public var isInMemory: Bool { store.isInMemory }

    /// Names of the migrations applied to this ledger, oldest first.
    public func appliedMigrations() throws -> [String] {
        try store.appliedMigrations()
    }

    /// SQLite's journal mode for this file (`wal` for a ledger); `postgresql` for a database.
    public func journalMode() throws -> String {
        switch store.dialect {
        case .sqlite: return try reading { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
        case .postgres: return "postgresql"
        }
    }

    /// Runs `PRAGMA integrity_check`; returns `["ok"]` for a healthy file, otherwise the
    /// problems. PostgreSQL keeps its own pages whole: there it checks the database answers.
    public func integrityCheck() throws -> [String] {
        switch store.dialect {
        case .sqlite: return try reading { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        case .postgres: return try reading { db in try Int64.fetchOne(db, sql: "SELECT 1") == 1 ? ["ok"] : ["no answer"] }
        }
    }

    /// Calls `body` for `values` 500 at a time (SQLite bounds the parameters of one statement)
    /// with the chunk's placeholders (`?,?,…`) and the statement arguments `leading`, the
    /// chunk's values, then `trailing`.
    static func inChunks<V: SQLValueConvertible>(_ values: [V], leading: SQLArguments = [],
                                                 trailing: SQLArguments = [],
                                                 _ body: (_ marks: String, _ arguments: SQLArguments) throws -> Void) throws {
        var start = 0
        while start < values.count {
            let chunk = values[start..<min(start + 500, values.count)]
            start += chunk.count
            var arguments = leading
            arguments += SQLArguments(Array(chunk))
            arguments += trailing
            try body(Array(repeating: "?", count: chunk.count).joined(separator: ","), arguments)
        }
    }

    /// The current time as the ledger records it.
    static func now() -> String { Timestamp.string(from: Date(), milliseconds: true) }

    /// Runs raw SQL. Only for tests that prove the database itself refuses bad changes.
    func executeRaw(_ sql: String, arguments: SQLArguments = SQLArguments()) throws {
        try writing { db in try db.execute(sql: sql, arguments: arguments) }
    }
}
