import Foundation

/// Exact money for the reconciliation report: a `Decimal` that encodes in JSON as a plain
/// decimal string with two places ("-1234.50"), so no reader parses it through a float.
public struct ReconciliationMoney: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The exact value.
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }

    public static let zero = ReconciliationMoney(0)

    public static func + (a: Self, b: Self) -> Self { Self(a.value + b.value) }
    public static func - (a: Self, b: Self) -> Self { Self(a.value - b.value) }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    public var isZero: Bool { value == 0 }

    /// Plain text with two decimals and no grouping: `-1234.50` (CSV, JSON).
    public var plain: String { Self.plain(value) }

    /// Two decimals with thousands separators: `-1,234,567.89` (HTML).
    public var grouped: String { Self.grouped(value) }

    /// Grouped with the currency symbol: `$1,234,567.89`, `-$12.00`.
    public func currency(_ symbol: String) -> String {
        value < 0 ? "-" + symbol + Self.grouped(-value) : symbol + Self.grouped(value)
    }

    public var description: String { plain }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text.prefix(40))' is not a decimal amount such as \"1234.50\"")
        }
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(plain)
    }

    /// Parses a plain decimal string ("-1234.5"); nil for anything else.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }),
              let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        return value
    }

    /// Rounds half away from zero to cents and writes `-1234.50`.
    static func plain(_ value: Decimal) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        var text = NSDecimalString(&rounded, Locale(identifier: "en_US_POSIX"))
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { parts.append("") }
        let cents = (parts[1] + "00").prefix(2)
        let whole = parts[0].isEmpty ? "0" : parts[0]
        let isZero = whole.allSatisfy { $0 == "0" } && cents.allSatisfy { $0 == "0" }
        return (negative && !isZero ? "-" : "") + whole + "." + cents
    }

    static func grouped(_ value: Decimal) -> String {
        var text = plain(value)
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".")
        let whole = Array(parts[0])
        var groupedWhole = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { groupedWhole.append(",") }
            groupedWhole.append(digit)
        }
        return (negative ? "-" : "") + groupedWhole + "." + parts[1]
    }
}
