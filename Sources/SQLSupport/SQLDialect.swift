import Foundation

/// The two SQL engines the connector's stores run on: SQLite (one machine, the default) and
/// PostgreSQL (hosted workers on many machines). Schemas are described once (``SQLSchema``)
/// and statements written once; this type says how each engine spells the few things that
/// differ.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    /// The store's clock in milliseconds since 1970 (PostgreSQL's `clock_timestamp()` moves
    /// within a transaction; SQLite's `'now'` is fixed for one statement).
    public var now: String {
        switch self {
        case .sqlite: return "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        case .postgres: return "(extract(epoch from clock_timestamp()) * 1000)::bigint"
        }
    }

    /// A statement written with `$1, $2, …` placeholders and `{now}` in this dialect.
    public func render(_ sql: String) -> String {
        let timed = sql.replacingOccurrences(of: "{now}", with: now)
        // SQLite numbers its parameters ?1, ?2, …; PostgreSQL $1, $2, ….
        return self == .sqlite ? timed.replacingOccurrences(of: "$", with: "?") : timed
    }

    /// A statement written for SQLite with `?` placeholders, spelled for this dialect: for
    /// PostgreSQL the placeholders become `$1, $2, …` (outside quoted text), `instr(` becomes
    /// `strpos(`, `LIKE` becomes `ILIKE` (SQLite's LIKE ignores ASCII case), and SQLite's
    /// index hints (`INDEXED BY name`) are left out (PostgreSQL's planner chooses). Everything
    /// else the ledger writes is spelled the same on both engines.
    public func translate(_ sql: String) -> String {
        guard self == .postgres else { return sql }
        let sql = sql.replacingOccurrences(of: #"\s+INDEXED\s+BY\s+[A-Za-z_][A-Za-z0-9_]*"#, with: "", options: .regularExpression)
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        var word = ""
        func flushWord() {
            switch word {
            case "instr": out += "strpos"
            case "LIKE": out += "ILIKE"
            default: out += word
            }
            word = ""
        }
        let characters = Array(sql)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if let open = quote {
                out.append(character)
                if character == open { quote = nil }
                continue
            }
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
                continue
            }
            flushWord()
            switch character {
            case "'", "\"":
                quote = character
                out.append(character)
            case "?":
                // ?NNN names its parameter; a bare ? takes the next number.
                var digits = ""
                while index < characters.count, characters[index].isASCII, characters[index].isNumber {
                    digits.append(characters[index])
                    index += 1
                }
                if digits.isEmpty {
                    number += 1
                    out += "$\(number)"
                } else {
                    out += "$" + digits
                }
            default:
                out.append(character)
            }
        }
        flushWord()
        return out
    }
}
