import Foundation

/// Exact decimal text for eBusiness amounts: written with exactly 2 decimals, read from
/// text without going through floating point.
enum EBusinessDecimal {
    /// "1234.5" -> "1234.50". Throws when the value has more than 2 decimals (never rounds
    /// silently).
    static func format(_ value: Decimal, record: String, field: String) throws -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        guard rounded == value else {
            throw EBusinessError.invalidInput(
                record: record, field: field,
                message: "\(value) has more than 2 decimals; round it in the source before sending")
        }
        var text = rounded.description
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { parts.append("") }
        let fraction = parts[1] + String(repeating: "0", count: max(0, 2 - parts[1].count))
        return (negative ? "-" : "") + parts[0] + "." + fraction
    }

    /// Parses "-1234.50" exactly. Accepts an optional sign, digits, and an optional fraction.
    static func parse(_ text: String, record: String, field: String) throws -> Decimal {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var body = Substring(trimmed)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        let digitsOnly = { (s: Substring) in s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !body.isEmpty, pieces.count <= 2, !pieces[0].isEmpty, digitsOnly(pieces[0]),
            pieces.count == 1 || (!pieces[1].isEmpty && digitsOnly(pieces[1])),
            let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
        else {
            throw EBusinessError.malformedEnvelope("\(record): \(field) is '\(text)', not a decimal number")
        }
        return value
    }

    /// Rounds to cents, half away from zero.
    static func cents(_ value: Decimal) -> Decimal {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        return rounded
    }
}
