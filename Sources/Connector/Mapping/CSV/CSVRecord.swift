/// One record of a CSV file, with where it came from.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based line on which the record starts (a quoted field may span lines).
    public var line: Int
    /// The fields, in order.
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// The field at 0-based `index`, or "" when the record is shorter.
    public subscript(index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }
}
