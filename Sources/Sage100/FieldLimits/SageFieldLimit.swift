/// The limits Sage 100 (through BOI) enforces on one field of one table.
public struct SageFieldLimit: Sendable, Hashable {
    /// The table.
    public let table: SageTable
    /// The field, spelled as Sage spells it (`VendorNo`, without BOI's `$` suffix).
    public let field: String
    /// Value type.
    public let type: SageFieldType
    /// Longest text Sage stores (characters); nil for numbers, dates and times.
    public let maxLength: Int?
    /// The value must not be empty.
    public let required: Bool
    /// When set, the only values Sage accepts (an empty value is allowed unless `required`).
    public let allowedValues: [String]?
    /// When set, a non-empty value must have exactly this many characters (e.g. `State`).
    public let exactLength: Int?
    /// When true, a non-empty value must be ASCII letters/digits only (keys and codes).
    public let alphanumericOnly: Bool
    /// When true, lower-case letters are refused (Sage keys are upper case).
    public let upperCase: Bool

    public init(table: SageTable, field: String, type: SageFieldType, maxLength: Int? = nil,
                required: Bool = false, allowedValues: [String]? = nil, exactLength: Int? = nil,
                alphanumericOnly: Bool = false, upperCase: Bool = false) {
        self.table = table
        self.field = field
        self.type = type
        self.maxLength = maxLength
        self.required = required
        self.allowedValues = allowedValues
        self.exactLength = exactLength
        self.alphanumericOnly = alphanumericOnly
        self.upperCase = upperCase
    }

    /// Short human description of the limit, e.g. `"required, 30 characters"`,
    /// `"numeric(11,2)"`, `"one of N, O, B, C, X"`.
    public var limitDescription: String {
        var parts: [String] = []
        if required { parts.append("required") }
        switch type {
        case .text, .code:
            if let exactLength { parts.append("exactly " + Self.characters(exactLength)) }
            else if let maxLength { parts.append(Self.characters(maxLength)) }
        case .date: parts.append("date YYYYMMDD")
        case .time: parts.append("decimal hours")
        case .flag: parts.append("Y or N")
        case .numeric(let precision, let scale, let signed):
            parts.append("numeric(\(precision),\(scale))" + (signed ? "" : ", zero or more"))
        }
        if let allowedValues, type != .flag { parts.append("one of " + allowedValues.joined(separator: ", ")) }
        if upperCase { parts.append("upper case") }
        if alphanumericOnly { parts.append("letters and digits") }
        return parts.joined(separator: ", ")
    }

    private static func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }
}
