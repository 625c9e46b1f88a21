import Foundation

/// Writes RFC 4180 CSV that is safe to open in a spreadsheet.
///
/// Cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'`
/// so a spreadsheet shows them as text instead of running them as a formula. Cells holding a
/// comma, quote, line break or leading/trailing space are quoted, with inner quotes doubled.
/// Lines end with CRLF. ``CSVParser`` users can undo the prefix with ``unguard(_:)``.
public enum CSVWriter {
    /// Characters that make a spreadsheet treat a cell as a formula.
    static let formulaStarters: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell made formula-safe (not yet quoted).
    public static func guardFormula(_ value: String) -> String {
        guard let first = value.first, formulaStarters.contains(first) else { return value }
        return "'" + value
    }

    /// Removes the `'` that ``guardFormula(_:)`` added, so a file written by the connector reads
    /// back to the same values.
    public static func unguard(_ value: String) -> String {
        guard value.hasPrefix("'") else { return value }
        let rest = value.dropFirst()
        guard let first = rest.first, formulaStarters.contains(first) else { return value }
        return String(rest)
    }

    /// One cell, formula-safe and quoted when needed.
    public static func cell(_ value: String) -> String {
        let safe = guardFormula(value)
        let needsQuotes = safe.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || safe.first == " " || safe.last == " "
        guard needsQuotes else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line (with its CRLF).
    public static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// A whole file: the header, then the rows.
    public static func document(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        for row in rows { out += line(row) }
        return out
    }
}
