/// Which rule a field broke.
public enum SageFieldRule: String, Sendable, Codable, Hashable {
    case required
    case tooLong
    case wrongLength
    case leadingOrTrailingSpaces
    case invalidCharacters
    case notUpperCase
    case notAllowed
    case invalidDate
    case invalidTime
    case notNumeric
    case tooManyDigits
    case tooManyDecimals
    case negative
    case unknownField
    /// A journal entry whose debits and credits differ.
    case outOfBalance
    /// Lines that do not add up to the header amount (or a similar total rule).
    case totalMismatch
}

/// One field of one record that Sage 100 would refuse, said in plain English.
public struct SageFieldViolation: Sendable, Hashable, Codable, CustomStringConvertible, Error {
    /// The record (kind and key, and line when on a line), e.g. "AP invoice 00-0001234/INV-10 line 2".
    public let record: String
    /// The Sage table.
    public let table: SageTable
    /// The field, spelled as Sage spells it.
    public let field: String
    /// The rule broken.
    public let rule: SageFieldRule
    /// The limit, e.g. "30 characters" or "one of N, O, B, C, X".
    public let limit: String
    /// The offending value, shortened for display.
    public let value: String
    /// The full sentence, e.g. "VendorName is 34 characters; Sage 100 allows 30".
    public let message: String

    public init(record: String, table: SageTable, field: String, rule: SageFieldRule,
                limit: String, value: String, message: String) {
        self.record = record
        self.table = table
        self.field = field
        self.rule = rule
        self.limit = limit
        self.value = SageText.shown(value)
        self.message = message
    }

    /// "AP invoice 00-0001234/INV-10 line 2: AccountKey is required".
    public var description: String { "\(record): \(message)" }

    /// A document with no lines (or too few): the `lines` field of its line table is required.
    static func noLines(record: String, table: SageTable, limit: String = "at least 1 line",
                        message: String) -> SageFieldViolation {
        SageFieldViolation(record: record, table: table, field: "lines", rule: .required, limit: limit,
                           value: "", message: message)
    }
}
