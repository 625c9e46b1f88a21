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

    /// An amount held as whole cents (the ledger's and the exchange's integer form).
    public init(cents: Int64) { self.value = Decimal(cents) / 100 }

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
        if digitsBefore + digitsAfter <= 18 {
            // Fits a 64-bit mantissa: built from the digits, without a locale or a string scan.
            var mantissa: UInt64 = 0
            for byte in text.utf8 where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
            }
            let negative = text.utf8.first == UInt8(ascii: "-") && mantissa != 0
            return Decimal(sign: negative ? .minus : .plus, exponent: -digitsAfter, significand: Decimal(mantissa))
        }
        let body = signed && text.utf8.first == UInt8(ascii: "+") ? String(text.dropFirst()) : String(text)
        return Decimal(string: body, locale: posix)
    }

    static let posix = Locale(identifier: "en_US_POSIX")

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
        if let digits = Digits(value), let text = digits.text(scale: scale) { return text }
        let rounded = rounded(value, scale: scale)
        let negative = rounded < 0
        var magnitude = negative ? -rounded : rounded
        let digits = NSDecimalString(&magnitude, posix)
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

    /// The exact digits of `value`: no exponent, no grouping, no trailing zeros (`-1234.5`,
    /// `0.001`, `12`). What the ledger stores and Sage's quantities carry.
    public static func exactText(_ value: Decimal) -> String {
        if let text = Digits(value)?.plain { return text }
        var copy = value
        var text = NSDecimalString(&copy, posix)
        if text.utf8.contains(UInt8(ascii: ".")) {
            while text.utf8.last == UInt8(ascii: "0") { text.removeLast() }
            if text.utf8.last == UInt8(ascii: ".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
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

    // MARK: exact digits

    /// A decimal's exact digits as `mantissa × 10^exponent` with the sign apart, when the
    /// mantissa fits in 64 bits (every amount a construction company writes). Formatting from
    /// these is integer arithmetic; `Decimal`'s own string conversion is an order of magnitude
    /// slower and sat on every amount the transform writes.
    public struct Digits: Sendable, Equatable {
        public var negative: Bool
        public var mantissa: UInt64
        public var exponent: Int

        static let largestMantissa = Decimal(UInt64(999_999_999_999_999_999))

        /// Nil for NaN and for mantissas of more than 18 digits.
        public init?(_ value: Decimal) {
            guard !value.isNaN else { return nil }
            let significand = value.significand
            guard significand <= Self.largestMantissa else { return nil }
            var mantissa = NSDecimalNumber(decimal: significand).uint64Value
            var exponent = value.exponent
            if mantissa == 0 {
                exponent = 0
            } else {
                while exponent < 0, mantissa % 10 == 0 {
                    mantissa /= 10
                    exponent += 1
                }
            }
            self.negative = value.sign == .minus && mantissa != 0
            self.mantissa = mantissa
            self.exponent = exponent
        }

        /// Digits after the decimal point, trailing zeros ignored.
        public var scale: Int { max(0, -exponent) }

        /// Digits before the decimal point (0 for values below 1).
        public var integerDigits: Int {
            if exponent >= 0 { return mantissa == 0 ? 0 : Self.count(mantissa) + exponent }
            let whole = -exponent > 18 ? 0 : mantissa / Self.power(-exponent)
            return whole == 0 ? 0 : Self.count(whole)
        }

        /// Rounded half away from zero to exactly `scale` decimals (`-` only when not zero), or
        /// nil when the digits would not fit 64 bits.
        public func text(scale: Int) -> String? {
            guard scale >= 0, scale <= 18 else { return nil }
            var units = mantissa  // in 10^-scale
            let shift = exponent + scale
            if shift >= 0 {
                guard shift <= 18 else { return nil }
                let (product, overflow) = units.multipliedReportingOverflow(by: Self.power(shift))
                guard !overflow else { return nil }
                units = product
            } else {
                // Past 10^19 the value is below half a unit: it rounds to zero.
                guard -shift <= 19 else { return Self.format(false, 0, scale: scale) }
                let divisor = Self.power(-shift)
                let (quotient, remainder) = units.quotientAndRemainder(dividingBy: divisor)
                units = remainder >= divisor - remainder ? quotient + 1 : quotient
            }
            return Self.format(negative && units != 0, units, scale: scale)
        }

        /// The exact plain text: no exponent, no trailing zeros (`-1234.5`, `0.001`, `12`), or
        /// nil when the digits would not fit 64 bits.
        public var plain: String? {
            guard exponent > 0 else { return Self.format(negative, mantissa, scale: scale) }
            guard exponent <= 18 else { return nil }
            let (units, overflow) = mantissa.multipliedReportingOverflow(by: Self.power(exponent))
            return overflow ? nil : Self.format(negative, units, scale: 0)
        }

        static func format(_ negative: Bool, _ units: UInt64, scale: Int) -> String {
            var bytes = [UInt8](repeating: 0, count: 22 + scale)
            var position = bytes.count
            var rest = units
            var written = 0
            repeat {
                position -= 1
                bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                written += 1
                if written == scale {
                    position -= 1
                    bytes[position] = UInt8(ascii: ".")
                }
            } while rest > 0 || written <= scale
            if negative {
                position -= 1
                bytes[position] = UInt8(ascii: "-")
            }
            return String(decoding: bytes[position...], as: UTF8.self)
        }

        static func power(_ n: Int) -> UInt64 {
            var result: UInt64 = 1
            for _ in 0..<n { result = result &* 10 }
            return result
        }

        static func count(_ value: UInt64) -> Int {
            var n = 1, rest = value / 10
            while rest > 0 { n += 1; rest /= 10 }
            return n
        }
    }
}
