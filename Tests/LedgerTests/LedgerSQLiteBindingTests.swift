import Foundation
import Testing
@testable import Ledger

/// The SQLite ledger binds statement values through SQLite's C calls; every kind of value
/// must come back as it went in, through cached and one-off statements alike.
@Suite("SQLite ledger: binding values")
struct LedgerSQLiteBindingTests {
    static let values: [(name: String, value: SQLValue)] = [
        ("null", .null),
        ("empty text", .text("")),
        ("text", .text("Zürich \u{1F3D7} 'quoted' \"twice\"")),
        ("smallest integer", .integer(.min)),
        ("largest integer", .integer(.max)),
        ("real", .real(1234.5)),
        ("empty blob", .blob([])),
        ("blob", .blob([0, 1, 0x7F, 0xFF])),
    ]

    @Test("each kind of value comes back as bound, and an empty text or blob is not NULL", arguments: [true, false])
    func roundTrip(cached: Bool) throws {
        let temp = try TemporaryLedger(.sqlite)
        try temp.ledger.writing { db in
            try db.execute(sql: "CREATE TABLE binding_check (name TEXT, value)")
            for (name, value) in Self.values {
                let sql = "INSERT INTO binding_check (name, value) VALUES (?, ?)"
                let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
                try statement.execute(arguments: SQLArguments(values: [.text(name), value]))
            }
        }
        try temp.ledger.reading { db in
            for (name, value) in Self.values {
                let sql = "SELECT value, value IS NULL AS is_null FROM binding_check WHERE name = ?"
                let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
                let row = try #require(try SQLRow.fetchOne(statement, arguments: SQLArguments(values: [.text(name)])), "\(name)")
                #expect(row.value(at: 0) == value, "\(name)")
                #expect(row.value(at: 1) == .integer(value == .null ? 1 : 0), "\(name)")
            }
        }
    }

    @Test("a statement given the wrong number of values is refused, naming the statement")
    func wrongCount() throws {
        let temp = try TemporaryLedger(.sqlite)
        #expect {
            try temp.ledger.reading { db in
                _ = try SQLRow.fetchOne(db.cachedStatement(sql: "SELECT ? + ?"), arguments: SQLArguments(values: [.integer(1)]))
            }
        } throws: { error in
            "\(error)".contains("expects 2 values, got 1") && "\(error)".contains("SELECT ? + ?")
        }
    }
}
