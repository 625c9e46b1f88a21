import Foundation

/// Applies cost-code rows from an inbox CSV (the `templates/cost-codes.csv` layout) to the
/// configured cost-code table: new code/type pairs are appended, a row for a pair the table
/// maps already replaces that row's account (and description, when given), an identical row
/// changes nothing. The table keeps its other rows, columns and order; the result must load
/// as a cost-code table before it replaces the file (atomically).
struct MappingCorrection {
    /// One change made to the table, for the audit trail.
    struct Change: Sendable, Equatable {
        /// `added` or `replaced`.
        var action: String
        var costCode: String
        var costType: String?
        var oldAccount: String?
        var newAccount: String
        /// Line in the inbox file.
        var line: Int
    }

    struct Outcome: Sendable, Equatable {
        var changes: [Change] = []
        var unchanged = 0
        var added: Int { changes.filter { $0.action == "added" }.count }
        var replaced: Int { changes.filter { $0.action == "replaced" }.count }
        /// The new table text (nil when nothing changed).
        var text: String?
    }

    static let fix = "correct the rows named (header cost_code,cost_type,account,description; one row per cost code and type) and drop the file again"

    /// Merges the rows of `data` into the table at `tablePath`; returns the new text to write.
    static func merge(_ data: Data, shown: String, tablePath: String) throws(InboxFileProblem) -> Outcome {
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw InboxFileProblem(file: shown, problem: "it is neither UTF-8 nor Windows-1252 text", fix: "save it as CSV UTF-8")
        }
        // Validate the incoming rows with the same rules the configuration loader uses.
        let incoming: CostCodeTable
        do {
            incoming = try CostCodeTable.parse(text, file: shown)
        } catch {
            throw InboxFileProblem(file: shown, problem: error.description, fix: fix)
        }
        guard !incoming.rows.isEmpty else {
            throw InboxFileProblem(file: shown, problem: "it holds no rows with an account",
                                   fix: "add rows cost_code,cost_type,account,description under the header")
        }

        // The configured table, as CSV records (so rows nobody mapped yet and extra columns survive).
        let tableName = (tablePath as NSString).lastPathComponent
        var header = CostCodeTable.columns
        var records: [[String]] = []
        if FileManager.default.fileExists(atPath: tablePath) {
            guard let tableData = FileManager.default.contents(atPath: tablePath),
                  let tableText = String(data: tableData, encoding: .utf8) ?? String(data: tableData, encoding: .windowsCP1252) else {
                throw InboxFileProblem(file: shown, problem: "the configured cost-code table \(tableName) cannot be read as text",
                                       fix: "check mapping.cost_code_table in the configuration and the file's permissions")
            }
            do {
                _ = try CostCodeTable.parse(tableText, file: tableName)
                let parsed = try CSVParser.parse(tableText, file: tableName)
                if let first = parsed.first {
                    header = first.fields
                    records = parsed.dropFirst().map(\.fields)
                }
            } catch {
                throw InboxFileProblem(file: shown, problem: "the configured cost-code table has an error itself: \(error)",
                                       fix: "fix \(tableName) first (ml-connector map check), then drop this file again")
            }
        }
        var columns: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let key = CSVWriter.unguard(name).trimmingWhitespace.lowercased()
            if !key.isEmpty, columns[key] == nil { columns[key] = position }
        }
        for name in CostCodeTable.columns where columns[name] == nil {
            header.append(name)
            columns[name] = header.count - 1
        }
        let width = header.count
        records = records.map { $0.count < width ? $0 + Array(repeating: "", count: width - $0.count) : $0 }
        func cell(_ record: [String], _ name: String) -> String {
            CSVWriter.unguard(record[columns[name]!]).trimmingWhitespace
        }
        func key(_ code: String, _ type: String?) -> String { MatchKey.code(code) + "\u{1F}" + (MatchKey.type(type) ?? "") }
        var index: [String: Int] = [:]
        for (position, record) in records.enumerated() {
            index[key(cell(record, "cost_code"), cell(record, "cost_type"))] = position
        }

        var outcome = Outcome()
        for row in incoming.rows {
            let rowKey = key(row.costCode, row.costType)
            if let position = index[rowKey] {
                let old = cell(records[position], "account")
                let oldDescription = cell(records[position], "description")
                let sameDescription = row.description.isEmpty || row.description == oldDescription
                if old == row.account.text && sameDescription {
                    outcome.unchanged += 1
                    continue
                }
                records[position][columns["account"]!] = row.account.text
                if !row.description.isEmpty { records[position][columns["description"]!] = row.description }
                outcome.changes.append(Change(action: "replaced", costCode: row.costCode, costType: row.costType,
                                              oldAccount: old.isEmpty ? nil : old, newAccount: row.account.text, line: row.line))
            } else {
                var record = Array(repeating: "", count: width)
                record[columns["cost_code"]!] = row.costCode
                record[columns["cost_type"]!] = row.costType ?? ""
                record[columns["account"]!] = row.account.text
                record[columns["description"]!] = row.description
                records.append(record)
                index[rowKey] = records.count - 1
                outcome.changes.append(Change(action: "added", costCode: row.costCode, costType: row.costType,
                                              oldAccount: nil, newAccount: row.account.text, line: row.line))
            }
        }
        guard !outcome.changes.isEmpty else { return outcome }
        let merged = CSVWriter.document(header: header, rows: records)
        do {
            _ = try CostCodeTable.parse(merged, file: tableName)
        } catch {
            throw InboxFileProblem(file: shown, problem: "the table would not load after these rows: \(error.description)", fix: fix)
        }
        outcome.text = merged
        return outcome
    }
}
