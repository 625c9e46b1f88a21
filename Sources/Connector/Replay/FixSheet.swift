import Money
import Foundation
import Ledger

/// The fix sheet: every report writes `fixes.csv` beside it, one row per thing a person can
/// fill in to release refused records (a GL account for an unmapped cost code, a shorter vendor
/// name, the cost code of a commitment line), with how many records it holds and their dollars.
/// Finance fills `new_value` in a spreadsheet and drops the file into `inbox/`; the next replay
/// applies each filled row (a mapping row, or a corrected Procore record) and says per row
/// what it did. Rows left empty are skipped.
public enum FixSheet {
    public static let header = ["fix", "key", "what", "current", "new_value", "records", "amount_held", "why", "example_records"]

    /// One row: a hint, and what it holds back.
    public struct Row: Sendable, Equatable {
        public var hint: FixHint
        public var records: Int
        public var amountHeld: Decimal
        public var examples: [Int64]
    }

    /// The rows for the ledger's open refused records, most records first (then by fix and key).
    public static func rows(_ fixes: [OpenFix]) -> [Row] {
        var rows: [FixHint: Row] = [:]
        var order: [FixHint] = []
        for open in fixes {
            for hint in FixHint.decode(open.fixJSON) {
                if rows[hint] == nil {
                    rows[hint] = Row(hint: hint, records: 0, amountHeld: 0, examples: [])
                    order.append(hint)
                }
                rows[hint]!.records += 1
                rows[hint]!.amountHeld += open.heldAmount ?? 0
                if rows[hint]!.examples.count < 3 { rows[hint]!.examples.append(open.recordID) }
            }
        }
        return order.compactMap { rows[$0] }.sorted { a, b in
            if a.records != b.records { return a.records > b.records }
            return (a.hint.fix, a.hint.key) < (b.hint.fix, b.hint.key)
        }
    }

    /// The sheet as CSV (UTF-8 with a byte-order mark, CRLF, formula-safe cells).
    public static func render(_ rows: [Row]) -> Data {
        let body = rows.map { row in
            [row.hint.fix, row.hint.key, row.hint.what, row.hint.current, "", String(row.records),
             Money(row.amountHeld).plain, row.hint.why, row.examples.map(String.init).joined(separator: " ")]
        }
        return Data([0xEF, 0xBB, 0xBF]) + Data(CSVWriter.document(header: header, rows: body).utf8)
    }

    /// True when `text` starts with the fix sheet's header (a spreadsheet may have saved it
    /// with or without the byte-order mark).
    public static func isFixSheet(_ text: String) -> Bool {
        var first = text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        if first.hasPrefix("\u{FEFF}") { first = first.dropFirst() }
        return first.lowercased().hasPrefix("fix,key,")
    }

    /// A filled row of a dropped sheet.
    public struct Entry: Sendable, Equatable {
        public var line: Int
        public var hint: FixHint
        public var newValue: String
    }

    /// The filled rows of a sheet (rows with an empty `new_value` are left out); every row that
    /// cannot be read is a problem naming its line.
    public static func parse(_ text: String, shown: String) throws(InboxFileProblem) -> [Entry] {
        let fix = "fill new_value in the rows to apply, leave the others empty, keep the fix and key columns as written, and drop the file again"
        let records: [CSVRecord]
        do {
            records = try CSVParser.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: shown)
        } catch {
            throw InboxFileProblem(file: shown, problem: "line \(error.line): \(error.problem)", fix: fix)
        }
        guard let head = records.first else { throw InboxFileProblem(file: shown, problem: "it is empty", fix: fix) }
        var column: [String: Int] = [:]
        for (i, name) in head.fields.enumerated() { column[name.trimmingCharacters(in: .whitespaces).lowercased()] = i }
        guard let fixColumn = column["fix"], let keyColumn = column["key"], let newColumn = column["new_value"] else {
            throw InboxFileProblem(file: shown, problem: "its header lacks fix, key or new_value", fix: fix)
        }
        let currentColumn = column["current"]
        var entries: [Entry] = []
        var problems: [String] = []
        for record in records.dropFirst() {
            func cell(_ i: Int?) -> String {
                guard let i, i < record.fields.count else { return "" }
                return CSVWriter.unguard(record.fields[i]).trimmingCharacters(in: .whitespaces)
            }
            let value = cell(newColumn)
            if value.isEmpty { continue }
            guard let hint = FixHint(fix: cell(fixColumn), key: cell(keyColumn), current: cell(currentColumn)) else {
                problems.append("line \(record.line): fix '\(SafeText.shown(cell(fixColumn)))' with key '\(SafeText.shown(cell(keyColumn)))' is not a row the connector wrote")
                continue
            }
            if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problems.append("line \(record.line): new_value holds control characters")
                continue
            }
            entries.append(Entry(line: record.line, hint: hint, newValue: value))
        }
        if !problems.isEmpty { throw InboxFileProblem(file: shown, problems: problems, fix: fix) }
        return entries
    }
}
