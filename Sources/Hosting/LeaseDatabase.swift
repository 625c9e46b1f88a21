import SQLSupport
/// A value bound to or read from a lease statement: the hosted mode's tables hold only text
/// and 64-bit integers.
enum LeaseValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)

    var text: String? { if case .text(let value) = self { value } else { nil } }
    var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
}

/// One statement, written once for both engines (`$1, $2, …` placeholders, `{now}` for the
/// store's clock; ``SQLDialect/render(_:)`` spells it for each).
struct LeaseStatement: Sendable {
    let sql: String
    let binds: [LeaseValue]
    /// Runs only when the statement before it returned rows (the audit line of a change
    /// that happened).
    var onlyAfterRows = false
}

/// The engine under ``SQLLeaseStore``: runs statements in a transaction, applies the
/// migrations, and holds a company's post lock. One implementation per ``SQLDialect``.
protocol LeaseDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Where the store is, for messages (never a password).
    var location: String { get }

    /// Runs `statements` in order in one transaction and returns each one's rows (none for a
    /// skipped one). Throws ``LeaseError/store(_:reason:)`` when the engine fails, and
    /// ``LeaseError/auditIsAppendOnly`` when an append-only trigger refused.
    func transaction(_ statements: [LeaseStatement]) async throws -> [[[LeaseValue]]]

    /// Applies the migrations not yet recorded, one worker at a time.
    func migrate(_ migrations: [(id: String, statements: [String])]) async throws

    /// Takes the company's post lock (waiting for another holder), runs `check`; when it
    /// returns a row, runs `body` and returns its result, otherwise returns nil. The lock is
    /// released on return, on a throw, and when the process dies.
    func withPostLock<T: Sendable>(company: String, check: LeaseStatement,
                                   _ body: @Sendable () async throws -> T) async throws -> T?

    func close() async
}
