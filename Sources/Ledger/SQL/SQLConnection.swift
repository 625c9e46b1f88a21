import SQLSupport

/// What an engine runs for the ledger: one connection inside a transaction.
protocol SQLEngineConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs one statement; returns the rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> Int
    func query(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> SQLRowCursor
    func lastInsertedRowID() throws -> Int64
}

/// The connection a ledger read or write runs on, the same on both engines. Statements are
/// written once, in SQLite's spelling with `?` placeholders (``SQLDialect/translate(_:)``
/// spells them for PostgreSQL).
public final class SQLConnection {
    let engine: any SQLEngineConnection
    /// Rows changed by the last statement run through ``execute(sql:arguments:)`` or a
    /// statement's ``SQLStatement/execute(arguments:)``.
    public private(set) var changesCount = 0

    init(_ engine: any SQLEngineConnection) { self.engine = engine }

    public var dialect: SQLDialect { engine.dialect }

    public func execute(sql: String, arguments: SQLArguments = SQLArguments()) throws {
        changesCount = try engine.execute(sql, arguments.values, cached: false)
    }

    /// A statement prepared once per connection (for statements run many times).
    public func cachedStatement(sql: String) throws -> SQLStatement { SQLStatement(connection: self, sql: sql, cached: true) }

    public func makeStatement(sql: String) throws -> SQLStatement { SQLStatement(connection: self, sql: sql, cached: false) }

    /// The id the last INSERT gave its row.
    public var lastInsertedRowID: Int64 { get throws { try engine.lastInsertedRowID() } }

    func run(_ statement: SQLStatement, _ arguments: SQLArguments) throws {
        changesCount = try engine.execute(statement.sql, arguments.values, cached: statement.cached)
    }

    func rows(_ sql: String, _ arguments: SQLArguments, cached: Bool) throws -> SQLRowCursor {
        try engine.query(sql, arguments.values, cached: cached)
    }
}

/// One statement of a connection.
public struct SQLStatement {
    let connection: SQLConnection
    let sql: String
    let cached: Bool

    public func execute(arguments: SQLArguments = SQLArguments()) throws {
        try connection.run(self, arguments)
    }
}

extension SQLRow {
    public static func fetchCursor(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> SQLRowCursor {
        try db.rows(sql, arguments, cached: false)
    }

    public static func fetchCursor(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> SQLRowCursor {
        try statement.connection.rows(statement.sql, arguments, cached: statement.cached)
    }

    public static func fetchAll(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> [SQLRow] {
        try collect(fetchCursor(db, sql: sql, arguments: arguments))
    }

    public static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> [SQLRow] {
        try collect(fetchCursor(statement, arguments: arguments))
    }

    public static func fetchOne(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> SQLRow? {
        try fetchCursor(db, sql: sql, arguments: arguments).nextDetached()
    }

    public static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> SQLRow? {
        try fetchCursor(statement, arguments: arguments).nextDetached()
    }

    private static func collect(_ cursor: SQLRowCursor) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        while let row = try cursor.nextDetached() { rows.append(row) }
        return rows
    }

    /// A copy that outlives the cursor's next step.
    func detached() -> SQLRow {
        if case .grdb(let row) = storage { return SQLRow(row.copy()) }
        return self
    }
}

extension SQLValueConvertible {
    public static func fetchOne(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> Self? {
        try first(SQLRow.fetchCursor(db, sql: sql, arguments: arguments))
    }

    public static func fetchOne(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> Self? {
        try first(SQLRow.fetchCursor(statement, arguments: arguments))
    }

    public static func fetchAll(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> [Self] {
        try all(SQLRow.fetchCursor(db, sql: sql, arguments: arguments))
    }

    public static func fetchAll(_ statement: SQLStatement, arguments: SQLArguments = SQLArguments()) throws -> [Self] {
        try all(SQLRow.fetchCursor(statement, arguments: arguments))
    }

    public static func fetchCursor(_ db: SQLConnection, sql: String, arguments: SQLArguments = SQLArguments()) throws -> SQLValueCursor<Self> {
        SQLValueCursor(rows: try SQLRow.fetchCursor(db, sql: sql, arguments: arguments))
    }

    /// The first column of the first row; nil for no row or a NULL (as GRDB's `fetchOne`).
    private static func first(_ cursor: SQLRowCursor) throws -> Self? {
        guard let row = try cursor.next() else { return nil }
        let value = row.value(at: 0)
        if case .null = value { return nil }
        return row[0] as Self
    }

    private static func all(_ cursor: SQLRowCursor) throws -> [Self] {
        var values: [Self] = []
        while let row = try cursor.next() { values.append(row[0]) }
        return values
    }
}

/// The first column of a query's rows, one at a time.
public struct SQLValueCursor<Value: SQLValueConvertible> {
    let rows: SQLRowCursor

    public func next() throws -> Value? {
        try rows.next().map { $0[0] as Value }
    }
}
