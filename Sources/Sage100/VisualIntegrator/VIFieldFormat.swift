/// How a value is written in a Visual Integrator column.
public enum VIFieldFormat: String, Sendable, Hashable, CaseIterable {
    /// Text as is (Windows-1252, RFC 4180 quoting when needed).
    case text
    /// `YYYYMMDD`, empty when there is no date.
    case date
    /// Exactly 2 decimals, `.` decimal point, leading `-` when negative, no thousands separators.
    case amount
    /// Up to 6 decimals, trailing zeros dropped (`10`, `2.5`, `0.333333`).
    case quantity
    /// `Y` or `N`.
    case flag

    /// The format a field of the given type is written in.
    public init(_ type: SageFieldType) {
        switch type {
        case .text, .code, .time: self = .text
        case .date: self = .date
        case .flag: self = .flag
        case .numeric(_, let scale, _): self = scale <= 2 ? .amount : .quantity
        }
    }

    /// The name used in docs/formats.md.
    public var documentedName: String {
        switch self {
        case .text: return "text"
        case .date: return "YYYYMMDD"
        case .amount: return "amount (2 decimals)"
        case .quantity: return "quantity (up to 6 decimals)"
        case .flag: return "Y/N"
        }
    }
}
