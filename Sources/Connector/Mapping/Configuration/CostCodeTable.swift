/// The cost-code table (`cost_code,cost_type,account,description`), read from an RFC 4180 CSV.
///
/// The header row is required; columns are found by name, so they may be in any order, and
/// extra columns (for example the `confidence` column ``MappingSuggester`` writes) are
/// ignored. `cost_code` and `account` are required columns; `cost_type` (empty = any type)
/// and `description` are optional. A row with an empty account maps nothing and is skipped
/// (that is how a suggested table marks a code nobody has mapped yet). Two rows for the same
/// code and type are an error naming both lines.
public struct CostCodeTable: Sendable, Hashable {
    /// The file name used in messages.
    public var file: String
    /// Rows in file order.
    public var rows: [CostCodeRow]

    public init(file: String, rows: [CostCodeRow]) {
        self.file = file
        self.rows = rows
    }

    /// The columns the table understands.
    public static let columns = ["cost_code", "cost_type", "account", "description"]

    /// Longest cost code and cost type accepted (Sage `CostCode` is 9, `CostType` 1; Procore
    /// codes may carry separators Sage strips, so the table allows some slack on the code).
    static let maxCostCodeLength = 50
    static let maxCostTypeLength = 10

    /// Reads the table from CSV text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(MappingConfigurationError) -> CostCodeTable {
        let records: [CSVRecord]
        do {
            records = try CSVParser.parse(text, file: file)
        } catch {
            throw MappingConfigurationError(file: file, line: error.line, column: error.column, field: "CSV",
                                            problem: error.problem)
        }
        guard let header = records.first else {
            throw MappingConfigurationError(file: file, line: 1, column: nil, field: "header",
                                            problem: "is missing: the file is empty",
                                            fix: "start the file with the line cost_code,cost_type,account,description")
        }
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let key = CSVWriter.unguard(name).trimmingWhitespace.lowercased()
            if key.isEmpty { continue }
            if let earlier = index[key] {
                throw MappingConfigurationError(file: file, line: header.line, column: position + 1, field: "header",
                                                problem: "names the column '\(key)' twice (columns \(earlier + 1) and \(position + 1))",
                                                fix: "keep one of them")
            }
            index[key] = position
        }
        for required in ["cost_code", "account"] where index[required] == nil {
            throw MappingConfigurationError(file: file, line: header.line, column: nil, field: "header",
                                            problem: "has no '\(required)' column (found: \(header.fields.joined(separator: ",")))",
                                            fix: "the first line must be cost_code,cost_type,account,description")
        }
        let codeColumn = index["cost_code"]!
        let accountColumn = index["account"]!
        let typeColumn = index["cost_type"]
        let descriptionColumn = index["description"]

        var rows: [CostCodeRow] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            func cell(_ column: Int?) -> String {
                guard let column else { return "" }
                return CSVWriter.unguard(record[column]).trimmingWhitespace
            }
            func fail(_ column: Int, _ field: String, _ problem: String, _ fix: String?) -> MappingConfigurationError {
                MappingConfigurationError(file: file, line: record.line, column: column + 1, field: field,
                                          problem: problem, fix: fix)
            }
            if record.fields.count > header.fields.count {
                throw MappingConfigurationError(
                    file: file, line: record.line, column: header.fields.count + 1, field: "row",
                    problem: "has \(record.fields.count) fields but the header has \(header.fields.count)",
                    fix: "put quotes around values that contain a comma")
            }
            let code = cell(codeColumn)
            let accountText = cell(accountColumn)
            let type = cell(typeColumn)
            if code.isEmpty && accountText.isEmpty && type.isEmpty { continue }
            // A spreadsheet runs a cell that begins like a formula; no cost code, type or account
            // does, so such a cell is refused here as in the inbox.
            // A cell guarded with a leading ' (as ml-connector map suggest writes them) is its literal value.
            func raw(_ column: Int?) -> String { column.map { record[$0].trimmingWhitespace } ?? "" }
            for (column, field, value) in [(codeColumn, "cost_code", raw(codeColumn)), (typeColumn ?? codeColumn, "cost_type", raw(typeColumn)),
                                           (accountColumn, "account", raw(accountColumn))]
            where value.first.map({ "=+-@".contains($0) }) ?? false {
                throw fail(column, field, "'\(SafeText.shown(value))' begins with '\(value.first!)', which a spreadsheet runs as a formula; a cost code, type or account never does",
                           "write the value itself (e.g. 5100-04-00)")
            }
            guard !code.isEmpty else {
                throw fail(codeColumn, "cost_code", "is empty", "write the Procore cost code (full_code), e.g. 03-100")
            }
            guard code.count <= maxCostCodeLength, code.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace || $0 == " " }),
                  !code.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw fail(codeColumn, "cost_code", "'\(SafeText.shown(code))' is not a cost code (at most \(maxCostCodeLength) characters, no control characters)", nil)
            }
            if let typeColumn, type.count > maxCostTypeLength || type.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                throw fail(typeColumn, "cost_type", "'\(SafeText.shown(type))' is not a cost type (at most \(maxCostTypeLength) characters)",
                           "write the Procore line item type code (e.g. S, L, M) or leave it empty for any type")
            }
            if accountText.isEmpty { continue }
            let account: AccountTemplate
            do {
                account = try AccountTemplate(accountText)
            } catch {
                throw fail(accountColumn, "account", error.message, nil)
            }
            let key = MatchKey.code(code) + "\u{1F}" + (MatchKey.type(type) ?? "")
            if let earlier = seen[key] {
                throw fail(codeColumn, "cost_code",
                           "'\(code)'\(type.isEmpty ? "" : " (type \(type))") is mapped twice: on line \(earlier) and line \(record.line)",
                           "keep one row per cost code and type")
            }
            seen[key] = record.line
            rows.append(CostCodeRow(costCode: code, costType: type.isEmpty ? nil : type, account: account,
                                    description: cell(descriptionColumn), file: file, line: record.line,
                                    accountColumn: accountColumn + 1))
        }
        return CostCodeTable(file: file, rows: rows)
    }
}
