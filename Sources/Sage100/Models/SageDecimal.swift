import Foundation
import Money

/// Exact decimal text handling for Sage amounts and quantities.
///
/// Money never passes through `Double`: values are parsed from their digits and written back
/// from `Decimal`'s exact digits.
public enum SageDecimal {
    /// Parses plain decimal text: optional `-` or `+`, digits, optional `.` and digits
    /// (e.g. `"1234.50"`, `"-0.01"`). Returns nil for anything else, including exponents,
    /// thousands separators, blanks and more than 30 significant digits.
    public static func parse(_ text: String) -> Decimal? {
        Money.parse(text, maxDigits: 30)
    }

    /// Number of digits after the decimal point in `value`'s exact form (trailing zeros ignored).
    public static func scale(of value: Decimal) -> Int {
        if let digits = Money.Digits(value) { return digits.scale }
        let text = plain(value)
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: point, to: text.endIndex) - 1
    }

    /// Number of digits before the decimal point (0 for values below 1).
    public static func integerDigits(of value: Decimal) -> Int {
        if let digits = Money.Digits(value) { return digits.integerDigits }
        var text = plain(value)
        if text.hasPrefix("-") { text.removeFirst() }
        let intPart = text.split(separator: ".", omittingEmptySubsequences: false).first ?? ""
        let trimmed = intPart.drop { $0 == "0" }
        return trimmed.count
    }

    /// What the validator asks of a number written as text, read from its bytes without
    /// building a `Decimal`: its digits before the point (leading zeros ignored), after the
    /// point (trailing zeros ignored) and whether it is below zero. Nil when `text` is not a
    /// plain decimal ``parse(_:)`` reads, or has more than 18 digits: ask `parse` then. Every
    /// amount of a document is checked, so this is on the transform's path.
    public static func shape(of text: String) -> (integerDigits: Int, scale: Int, negative: Bool)? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> (integerDigits: Int, scale: Int, negative: Bool)? in
            var i = 0
            var minus = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                minus = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var before = 0, significantBefore = 0, after = 0, scale = 0
            var nonZero = false
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                if bytes[i] != UInt8(ascii: "0") { nonZero = true }
                if nonZero { significantBefore += 1 }
                before += 1
                i += 1
            }
            guard before > 0 else { return nil }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                    after += 1
                    if bytes[i] != UInt8(ascii: "0") {
                        nonZero = true
                        scale = after
                    }
                    i += 1
                }
                guard after > 0 else { return nil }
            }
            guard i == bytes.count, before + after <= 18 else { return nil }
            return (significantBefore, scale, minus && nonZero)
        } ?? nil
    }

    /// The exact plain text of `value` (no exponent, `.` as decimal point, no trailing zeros).
    public static func plain(_ value: Decimal) -> String { Money.exactText(value) }

    /// `value` with exactly `scale` decimals, or nil when that would need rounding.
    public static func fixed(_ value: Decimal, scale: Int) -> String? {
        if let digits = Money.Digits(value) {
            guard digits.scale <= scale else { return nil }
            if let text = digits.text(scale: scale) { return text }
        }
        guard self.scale(of: value) <= scale else { return nil }
        var text = plain(value)
        guard scale > 0 else { return text }
        if let point = text.firstIndex(of: ".") {
            let have = text.distance(from: point, to: text.endIndex) - 1
            text += String(repeating: "0", count: scale - have)
        } else {
            text += "." + String(repeating: "0", count: scale)
        }
        return text
    }

    /// `value` rounded half away from zero to `scale` decimals.
    public static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        Money.rounded(value, scale: scale)
    }

    /// Money text: exactly 2 decimals when the value has at most 2, otherwise the exact digits.
    /// Used on the wire so that a bad value is never rounded away before validation sees it.
    public static func moneyText(_ value: Decimal) -> String {
        fixed(value, scale: 2) ?? plain(value)
    }
}

extension KeyedDecodingContainer {
    /// Decodes a decimal sent as a JSON string (`"1234.50"`), per the agent contract.
    func decodeSageDecimal(forKey key: Key) throws -> Decimal {
        let text: String
        do {
            text = try decode(String.self, forKey: key)
        } catch DecodingError.typeMismatch {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "\(key.stringValue) must be a decimal string such as \"1234.50\", not a JSON number")
        }
        guard let value = SageDecimal.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "\(key.stringValue) '\(SageText.shown(text))' is not a decimal number; write it like \"1234.50\"")
        }
        return value
    }

    /// Like `decodeSageDecimal` but an absent key or JSON null gives `defaultValue`.
    func decodeSageDecimal(forKey key: Key, default defaultValue: Decimal) throws -> Decimal {
        guard contains(key), try !decodeNil(forKey: key) else { return defaultValue }
        return try decodeSageDecimal(forKey: key)
    }

    /// A string field; absent or null gives `""`.
    func decodeText(forKey key: Key) throws -> String {
        try decodeIfPresent(String.self, forKey: key) ?? ""
    }

    /// A number Sage assigns when it is left out (`BatchNo`, `LineKey`): absent, null or `""`
    /// give nil.
    func decodeNonEmptyIfPresent(forKey key: Key) throws -> String? {
        let text = try decodeIfPresent(String.self, forKey: key)
        return (text?.isEmpty ?? true) ? nil : text
    }
}

extension KeyedEncodingContainer {
    /// Encodes money as a decimal string with 2 decimals (more digits kept if present).
    mutating func encodeMoney(_ value: Decimal, forKey key: Key) throws {
        try encode(SageDecimal.moneyText(value), forKey: key)
    }

    /// Encodes a quantity or unit cost as its exact plain decimal string.
    mutating func encodeQuantity(_ value: Decimal, forKey key: Key) throws {
        try encode(SageDecimal.plain(value), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// An optional Sage date: absent, null or `""` give nil; otherwise `YYYYMMDD` (or ISO).
    func decodeSageDateIfPresent(forKey key: Key) throws -> SageDate? {
        guard let text = try decodeIfPresent(String.self, forKey: key), !text.isEmpty else { return nil }
        do {
            return try SageDate(parsing: text)
        } catch let error as SageDateError {
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                                                   debugDescription: "\(key.stringValue) \(error.description)")
        }
    }

    /// A required Sage date.
    func decodeSageDate(forKey key: Key) throws -> SageDate {
        guard let date = try decodeSageDateIfPresent(forKey: key) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                                                   debugDescription: "\(key.stringValue) is required (YYYYMMDD)")
        }
        return date
    }

    /// A Y/N flag sent as `"Y"`/`"N"` (or a JSON boolean); absent gives `defaultValue`.
    func decodeFlag(forKey key: Key, default defaultValue: Bool) throws -> Bool {
        guard contains(key), try !decodeNil(forKey: key) else { return defaultValue }
        if let bool = try? decode(Bool.self, forKey: key) { return bool }
        let text = try decode(String.self, forKey: key)
        switch text.uppercased() {
        case "Y": return true
        case "N", "": return false
        default:
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                                                   debugDescription: "\(key.stringValue) '\(SageText.shown(text))' must be Y or N")
        }
    }
}
