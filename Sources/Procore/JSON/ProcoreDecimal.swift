import Foundation

/// Exact decimal parsing of Procore money and quantities, from JSON number text or decimal
/// strings ("15000.0", "-12.5", "1e3"). Never goes through `Double`.
public enum ProcoreDecimal {
    /// Why a text is not an exact decimal.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "\"\(text.prefix(60))\" is not a decimal number: \(reason)" }
    }

    /// Most significant digits a `Decimal` holds exactly.
    public static let maxSignificantDigits = 38

    /// Parses `text` exactly.
    ///
    /// Accepts an optional sign, digits with an optional fraction (`12`, `12.50`, `.5`, `5.`),
    /// and an optional exponent (`1e3`, `2.5E-2`). Surrounding spaces are ignored. Rejects
    /// empty text, thousands separators, currency signs, `NaN`, infinities, and values with
    /// more than 38 significant digits (instead of rounding them).
    public static func parse(_ text: String) throws(ParseError) -> Decimal {
        if let value = plain(text) { return value }
        return try full(text)
    }

    /// The full reading: every form ``parse(_:)`` accepts, or why the text is not a number.
    static func full(_ text: String) throws(ParseError) -> Decimal {
        var bytes = Array(text.utf8)[...]
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes.removeFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 { bytes.removeLast() }
        func fail(_ reason: String) -> ParseError { ParseError(text: text, reason: reason) }
        guard !bytes.isEmpty else { throw fail("it is empty") }

        var negative = false
        if let s = bytes.first, s == 0x2D || s == 0x2B {
            negative = s == 0x2D
            bytes.removeFirst()
        }
        var digits: [UInt8] = []   // significant digits, leading zeros dropped
        var exponent = 0           // value = digits * 10^exponent
        var sawDigit = false
        var sawPoint = false
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if (0x30...0x39).contains(b) {
                sawDigit = true
                if !(digits.isEmpty && b == 0x30) { digits.append(b - 0x30) }
                if sawPoint { exponent -= 1 }
            } else if b == 0x2E {
                guard !sawPoint else { throw fail("it has two decimal points") }
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard sawDigit else { throw fail("it has no digits") }
        if i < bytes.endIndex {
            guard bytes[i] == 0x65 || bytes[i] == 0x45 else {
                throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[i])))'")
            }
            i += 1
            var expNegative = false
            if i < bytes.endIndex, bytes[i] == 0x2D || bytes[i] == 0x2B {
                expNegative = bytes[i] == 0x2D
                i += 1
            }
            guard i < bytes.endIndex else { throw fail("the exponent has no digits") }
            var e = 0
            while i < bytes.endIndex {
                let b = bytes[i]
                guard (0x30...0x39).contains(b) else {
                    throw fail("unexpected character '\(Character(Unicode.Scalar(b)))' in the exponent")
                }
                e = min(e * 10 + Int(b - 0x30), 100_000)
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        // Trailing zeros of the significand move into the exponent.
        while digits.count > 1, digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return Decimal(0) }
        guard digits.count <= maxSignificantDigits else {
            throw fail("it has \(digits.count) significant digits; at most \(maxSignificantDigits) are kept exactly")
        }
        guard (-128...127).contains(exponent) else { throw fail("it is out of range") }

        // Build the significand from chunks of up to 18 digits: exact integer Decimal arithmetic.
        var significand = Decimal(0)
        var index = 0
        while index < digits.count {
            let end = min(index + 18, digits.count)
            var chunk: UInt64 = 0
            for d in digits[index..<end] { chunk = chunk * 10 + UInt64(d) }
            var scale = Decimal(1)
            for _ in index..<end { scale *= 10 }
            significand = significand * scale + Decimal(chunk)
            index = end
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: significand)
    }
    /// The common case without allocating: an optional sign, digits and an optional fraction
    /// (`-1234.50`), at most 18 significant digits, nothing else. Nil for anything else, which
    /// ``parse(_:)`` then reads in full (and explains when it is not a number). Gives the same
    /// value as the full reading: trailing zeros move into the exponent.
    static func plain(_ text: String) -> Decimal? {
        var negative = false
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        var sawPoint = false
        var first = true
        for byte in text.utf8 {
            if first {
                first = false
                if byte == 0x2D { negative = true; continue }
                if byte == 0x2B { continue }
            }
            if byte >= 0x30 && byte <= 0x39 {
                sawDigit = true
                if mantissa != 0 || byte != 0x30 {
                    significant += 1
                    guard significant <= 18 else { return nil }
                    mantissa = mantissa * 10 + UInt64(byte - 0x30)
                }
                if sawPoint { exponent -= 1 }
            } else if byte == 0x2E && !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        if mantissa == 0 { return Decimal(0) }
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        guard exponent >= -128 && exponent <= 127 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
    }
}
