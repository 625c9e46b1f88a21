import SQLSupport

/// The seam under ``Ledger``: where its tables live and how a read or a write gets a
/// connection. Every ledger method is written once against ``SQLConnection``; the store
/// decides the engine.
///
/// - ``SQLiteLedgerStore``: a file (GRDB, WAL), the default for one company on one machine,
///   or a database in memory for fast unit tests;
/// - ``PostgresLedgerStore``: a PostgreSQL database, for hosted workers on many machines.
///
/// Both pass one behaviour suite (the ledger tests run on each).
protocol LedgerStore: Sendable {
    var dialect: SQLDialect { get }
    /// Where the tables are, for messages (never a password).
    var location: String { get }
    /// True when the tables live in memory only (a unit test's ledger).
    var isInMemory: Bool { get }

    /// Runs `body` in a write transaction: all of it commits, or none of it when it throws.
    func write<T>(_ body: (SQLConnection) throws -> T) throws -> T
    /// Runs `body` on the connection of the write transaction this thread is already in
    /// (``Ledger/inBatch(_:)``); only the batch's own thread calls it.
    func writeInCurrentTransaction<T>(_ body: (SQLConnection) throws -> T) throws -> T
    /// Runs `body` on a consistent snapshot of the committed ledger.
    func read<T>(_ body: (SQLConnection) throws -> T) throws -> T
    /// The migrations applied, oldest first.
    func appliedMigrations() throws -> [String]
}
