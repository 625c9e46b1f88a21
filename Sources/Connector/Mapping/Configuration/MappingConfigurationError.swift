/// A mapping file (the `mapping:` section of the configuration, or the cost-code CSV) that
/// cannot be used, located by file, line, column and field, with what to do about it.
public struct MappingConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the person knows it, e.g. `connector.yml` or `cost-codes.csv`.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column (YAML: character; CSV: field number), when known.
    public var column: Int?
    /// The field: a YAML key path (`mapping.rules[2].account`) or a CSV column name (`account`).
    public var field: String
    /// What is wrong, e.g. "'51X0-04-00' segment 1 '51X0' must be 4 digits".
    public var problem: String
    /// What to do about it.
    public var fix: String?

    public init(file: String, line: Int?, column: Int?, field: String, problem: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.problem = problem
        self.fix = fix
    }

    /// Where: "cost-codes.csv line 7, column 3".
    public var location: String {
        var text = file
        if let line { text += " line \(line)" }
        if let column { text += (line == nil ? " column \(column)" : ", column \(column)") }
        return text
    }

    public var description: String {
        var text = "\(location): \(field) \(problem)"
        if let fix { text += "; \(fix)" }
        return text
    }
}
