import Foundation

/// Exact money, and the one parser and formatter of decimal amounts the connector has.
///
/// A `Decimal` (base 10, never `Double`) that encodes in JSON as a plain decimal string with two
/// places (`"-1234.50"`), so no reader parses it through a float. Procore's amounts, the
/// ledger's, the agent's wire, eBusiness envelopes, VI files and the reports all read amounts
/// with ``parse(_:maxScale:maxDigits:)`` and write them with ``text(_:scale:)``.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The exact value.
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }

    public static let zero = Money(0)

    public static func + (a: Self, b: Self) -> Self { Self(a.value + b.value) }
    public static func - (a: Self, b: Self) -> Self { Self(a.value - b.value) }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    public var isZero: Bool { value == 0 }

    /// Plain text with two decimals and no grouping: `-1234.50` (CSV, JSON, the agent's wire).
    public var plain: String { Self.plain(value) }

    /// Two decimals with thousands separators: `-1,234,567.89` (HTML, messages).
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

    // MARK: the parser

    /// Parses plain decimal text exactly: an optional `-` or `+`, digits, and an optional `.`
    /// followed by digits (`"1234.50"`, `"-0.01"`, `"7"`). Nil for anything else: blanks,
    /// exponents, thousands separators, `NaN`, more than `maxScale` decimals or more than
    /// `maxDigits` digits in all.
    public static func parse(_ text: some StringProtocol, maxScale: Int = 38, maxDigits: Int = 38) -> Decimal? {
        var digitsBefore = 0, digitsAfter = 0, seenPoint = false, first = true, signed = false
        for byte in text.utf8 {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first, UInt8(ascii: "+") where first:
                signed = true
            case UInt8(ascii: "."):
                if seenPoint { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint { digitsAfter += 1 } else { digitsBefore += 1 }
            default:
                return nil
            }
        }
        guard digitsBefore > 0, !seenPoint || digitsAfter > 0, digitsAfter <= maxScale,
              digitsBefore + digitsAfter <= maxDigits else { return nil }
        let body = signed && text.utf8.first == UInt8(ascii: "+") ? String(text.dropFirst()) : String(text)
        return Decimal(string: body, locale: Locale(identifier: "en_US_POSIX"))
    }

    // MARK: the formatter

    /// `value` rounded half away from zero to `scale` decimals.
    public static func rounded(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// `value` rounded half away from zero to exactly `scale` decimals, no grouping, no
    /// exponent, `-` only when the rounded value is not zero: `text(-0.004, scale: 2)` is `0.00`.
    public static func text(_ value: Decimal, scale: Int) -> String {
        let rounded = rounded(value, scale: scale)
        let negative = rounded < 0
        var magnitude = negative ? -rounded : rounded
        let digits = NSDecimalString(&magnitude, Locale(identifier: "en_US_POSIX"))
        var (whole, fraction) = (digits, "")
        if let point = digits.firstIndex(of: ".") {
            whole = String(digits[..<point])
            fraction = String(digits[digits.index(after: point)...])
        }
        if whole.isEmpty { whole = "0" }
        if fraction.count < scale { fraction += String(repeating: "0", count: scale - fraction.count) }
        let body = scale > 0 ? "\(whole).\(fraction)" : whole
        return negative ? "-" + body : body
    }

    /// Two decimals, no grouping: `-1234.50`.
    public static func plain(_ value: Decimal) -> String { text(value, scale: 2) }

    /// Two decimals with thousands separators: `-1,234,567.89`.
    public static func grouped(_ value: Decimal) -> String {
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
