/// A CSV file that does not follow RFC 4180, located by file, line and column.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as the person knows it (e.g. `cost-codes.csv`).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column (field number) on that record.
    public var column: Int
    /// What is wrong.
    public var problem: String

    public var description: String {
        "\(file) line \(line), column \(column): \(problem)"
    }
}
