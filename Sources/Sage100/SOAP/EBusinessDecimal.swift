import Foundation
import Money

/// Exact decimal text for eBusiness amounts: written with exactly 2 decimals, read from
/// text without going through floating point.
enum EBusinessDecimal {
    /// "1234.5" -> "1234.50". Throws when the value has more than 2 decimals (never rounds
    /// silently).
    static func format(_ value: Decimal, record: String, field: String) throws -> String {
        guard Money.rounded(value) == value else {
            throw EBusinessError.invalidInput(
                record: record, field: field,
                message: "\(value) has more than 2 decimals; round it in the source before sending")
        }
        return Money.plain(value)
    }

    /// Parses "-1234.50" exactly. Accepts an optional sign, digits, and an optional fraction.
    static func parse(_ text: String, record: String, field: String) throws -> Decimal {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Money.parse(trimmed)
        else {
            throw EBusinessError.malformedEnvelope("\(record): \(field) is '\(text)', not a decimal number")
        }
        return value
    }

    /// Rounds to cents, half away from zero.
    static func cents(_ value: Decimal) -> Decimal { Money.rounded(value) }
}
