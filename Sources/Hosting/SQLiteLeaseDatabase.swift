import SQLSupport
import Foundation
import GRDB

/// The lease store's SQLite engine: one file shared by the workers of one machine (WAL, a
/// busy timeout for writers that meet). A company's post lock is an exclusive `flock` on a
/// file beside the database: the kernel releases it when the holder's process dies.
final class SQLiteLeaseDatabase: LeaseDatabase {
    let dialect = SQLDialect.sqlite
    let location: String
    private let pool: DatabasePool
    private let lockFolder: String

    init(path: String) throws {
        location = path
        lockFolder = path + ".post-locks"
        let folder = (path as NSString).deletingLastPathComponent
        guard folder.isEmpty || FileManager.default.fileExists(atPath: folder) else {
            throw LeaseError.store(path, reason: "the folder \(folder) does not exist")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "leases"
        configuration.maximumReaderCount = 2
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try FileManager.default.createDirectory(atPath: lockFolder, withIntermediateDirectories: true)
        } catch {
            throw LeaseError.store(path, reason: "\(error)")
        }
    }

    func transaction(_ statements: [LeaseStatement]) async throws -> [[[LeaseValue]]] {
        do {
            return try write(statements)
        } catch {
            throw mapped(error)
        }
    }

    /// GRDB's synchronous write, as the ledger uses it: a lease statement takes microseconds,
    /// and GRDB's async accessors move the calling task onto the database's own executor.
    private func write(_ statements: [LeaseStatement]) throws -> [[[LeaseValue]]] {
        try pool.write { db in try Self.run(statements, in: db) }
    }

    func migrate(_ migrations: [(id: String, statements: [String])]) async throws {
        do {
            try migrateNow(migrations)
        } catch {
            throw mapped(error)
        }
    }

    private func migrateNow(_ migrations: [(id: String, statements: [String])]) throws {
        do {
            try pool.writeWithoutTransaction { db in
                // IMMEDIATE: the first worker to start migrates, the others wait and find it done.
                try db.inTransaction(.immediate) {
                    for statement in HostingSchema.migrationsTable.statements(.sqlite) {
                        try db.execute(sql: statement.replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS "))
                    }
                    let applied = Set(try String.fetchAll(db, sql: "SELECT id FROM hosting_migrations"))
                    for migration in migrations where !applied.contains(migration.id) {
                        for statement in migration.statements { try db.execute(sql: statement) }
                        try db.execute(sql: SQLDialect.sqlite.render("INSERT INTO hosting_migrations (id, applied_at) VALUES ($1, {now})"),
                                       arguments: [migration.id])
                    }
                    return .commit
                }
            }
        } catch {
            throw mapped(error)
        }
    }

    func withPostLock<T: Sendable>(company: String, check: LeaseStatement,
                                   _ body: @Sendable () async throws -> T) async throws -> T? {
        let lock = try await PostLockFile.acquire(path: lockPath(for: company))
        defer { lock.release() }
        let current = try await transaction([check]).first ?? []
        guard !current.isEmpty else { return nil }
        return try await body()
    }

    func close() async {
        try? pool.close()
    }

    /// One file per company; the name keeps the company's letters and digits readable and
    /// adds a hash of the whole name, so two names never share a file.
    private func lockPath(for company: String) -> String {
        let readable = String(company.unicodeScalars.prefix(40).map {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "_"
        })
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in company.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (lockFolder as NSString).appendingPathComponent("\(readable)-\(String(hash, radix: 16)).lock")
    }

    static func run(_ statements: [LeaseStatement], in db: Database) throws -> [[[LeaseValue]]] {
        var results: [[[LeaseValue]]] = []
        for statement in statements {
            if statement.onlyAfterRows, results.last?.isEmpty ?? true {
                results.append([])
                continue
            }
            let arguments = StatementArguments(statement.binds.map { value -> DatabaseValue in
                switch value {
                case .text(let text): return text.databaseValue
                case .integer(let number): return number.databaseValue
                }
            })
            let rows = try Row.fetchAll(db, sql: SQLDialect.sqlite.render(statement.sql), arguments: arguments)
            results.append(rows.map { row in
                (0..<row.count).map { index in
                    let value: DatabaseValue = row[index]
                    switch value.storage {
                    case .int64(let number): return .integer(number)
                    case .string(let text): return .text(text)
                    case .double(let number): return .integer(Int64(number))
                    case .blob, .null: return .text("")
                    }
                }
            })
        }
        return results
    }

    private func mapped(_ error: any Error) -> any Error {
        if let error = error as? LeaseError { return error }
        if let error = error as? DatabaseError, error.message?.contains("append-only") ?? false {
            return LeaseError.auditIsAppendOnly
        }
        return LeaseError.store(location, reason: "\(error)")
    }
}

/// An exclusive `flock` on a file, taken without blocking a thread: a held lock is tried
/// again after a short pause until it is free or the task is cancelled.
struct PostLockFile {
    let descriptor: Int32

    static func acquire(path: String) async throws -> PostLockFile {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LeaseError.store(path, reason: "cannot open the post lock file: \(String(cString: strerror(errno)))")
        }
        var pause = Duration.milliseconds(2)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw LeaseError.store(path, reason: "cannot lock the post lock file: \(reason)")
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                close(descriptor)
                throw error
            }
            pause = min(pause * 2, .milliseconds(100))
        }
        return PostLockFile(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
