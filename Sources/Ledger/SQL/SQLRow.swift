import GRDB

/// One row a ledger query returned, read by column name or position, on either engine.
///
/// Reading a column as a type it cannot be (NULL as a non-optional, text as a number) is a
/// programming error in the ledger's own SQL, and stops the process with the column's name,
/// as GRDB's rows do.
public struct SQLRow {
    enum Storage {
        /// SQLite: GRDB's row (a cursor's row is only valid until the next step, as GRDB's is).
        case grdb(GRDB.Row)
        case values(SQLColumns, [SQLValue])
    }

    let storage: Storage

    init(_ row: GRDB.Row) { storage = .grdb(row) }
    init(columns: SQLColumns, values: [SQLValue]) { storage = .values(columns, values) }

    public func hasColumn(_ name: String) -> Bool {
        switch storage {
        case .grdb(let row): return row.hasColumn(name)
        case .values(let columns, _): return columns.index[name] != nil
        }
    }

    /// The column's value, NULL when the row has no such column.
    public func value(named name: String) -> SQLValue {
        switch storage {
        case .grdb(let row):
            guard let value: DatabaseValue = row[name] else { return .null }
            return SQLRow.convert(value)
        case .values(let columns, let values):
            guard let index = columns.index[name] else { return .null }
            return values[index]
        }
    }

    public func value(at index: Int) -> SQLValue {
        switch storage {
        case .grdb(let row): return SQLRow.convert(row[index] as DatabaseValue)
        case .values(_, let values): return values[index]
        }
    }

    public subscript<T: SQLValueConvertible>(_ name: String) -> T {
        let value = value(named: name)
        guard let converted = T.fromSQL(value) else {
            fatalError("ledger column \(name): cannot read \(value) as \(T.self)")
        }
        return converted
    }

    public subscript<T: SQLValueConvertible>(_ index: Int) -> T {
        let value = value(at: index)
        guard let converted = T.fromSQL(value) else {
            fatalError("ledger column \(index): cannot read \(value) as \(T.self)")
        }
        return converted
    }

    static func convert(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .blob([UInt8](data))
        }
    }
}

/// The column names of one result, shared by its rows.
final class SQLColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
    }
}

/// The rows of a query, one at a time.
public final class SQLRowCursor {
    enum Source {
        case grdb(GRDB.RowCursor)
        case rows(IndexingIterator<[SQLRow]>)
    }

    private var source: Source

    init(_ source: Source) { self.source = source }

    public func next() throws -> SQLRow? {
        switch source {
        case .grdb(let cursor):
            do {
                return try cursor.next().map(SQLRow.init)
            } catch {
                throw SQLiteLedgerStore.failure(error)
            }
        case .rows(var iterator):
            let row = iterator.next()
            source = .rows(iterator)
            return row
        }
    }

    /// The next row, copied so it outlives this cursor's next step (and the cursor).
    public func nextDetached() throws -> SQLRow? {
        try withExtendedLifetime(self) { try next()?.detached() }
    }
}
