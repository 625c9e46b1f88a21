import Foundation

/// A Sage 100 calendar date, written `YYYYMMDD` as Sage stores and imports it.
///
/// Encodes to and decodes from the 8-digit string (`"20250131"`); the value is always a real
/// calendar date (month 1-12, day valid for the month, leap years honoured).
public struct SageDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Four-digit year (1900-2099 as Sage 100 accepts).
    public let year: Int
    /// Month, 1-12.
    public let month: Int
    /// Day of month, 1-31 depending on the month.
    public let day: Int

    /// Creates a date, throwing `SageDateError` when the parts are not a real calendar date.
    public init(year: Int, month: Int, day: Int) throws {
        guard (1900...2099).contains(year) else {
            throw SageDateError.outOfRange(text: String(format: "%04d%02d%02d", year, month, day),
                                           reason: "year \(year) is outside 1900-2099")
        }
        guard (1...12).contains(month) else {
            throw SageDateError.outOfRange(text: String(format: "%04d%02d%02d", year, month, day),
                                           reason: "month \(month) is not 1-12")
        }
        let maxDay = SageDate.daysInMonth(year: year, month: month)
        guard (1...maxDay).contains(day) else {
            throw SageDateError.outOfRange(text: String(format: "%04d%02d%02d", year, month, day),
                                           reason: "day \(day) is not 1-\(maxDay) for that month")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYYMMDD` (exactly 8 ASCII digits). Also accepts ISO `YYYY-MM-DD`, the form
    /// Procore uses, so callers can hand over a Procore date unchanged.
    public init(parsing text: String) throws {
        let digits: Substring
        let bytes = Array(text.utf8)
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            digits = Substring(text.replacingOccurrences(of: "-", with: ""))
        } else {
            digits = Substring(text)
        }
        guard digits.utf8.count == 8, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw SageDateError.malformed(text: text)
        }
        let all = Array(digits.utf8).map { Int($0) - 48 }
        let y = all[0] * 1000 + all[1] * 100 + all[2] * 10 + all[3]
        let m = all[4] * 10 + all[5]
        let d = all[6] * 10 + all[7]
        try self.init(year: y, month: m, day: d)
    }

    /// The date on the given calendar day of `date` in `timeZone`.
    public init(_ date: Date, timeZone: TimeZone) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        try self.init(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }

    /// `YYYYMMDD`.
    public var yyyymmdd: String {
        // Digits by hand: `String(format:)` goes through CoreFoundation, and every document
        // the transform writes carries dates.
        var bytes = [UInt8](repeating: 0x30, count: 8)
        var y = year
        for i in stride(from: 3, through: 0, by: -1) { bytes[i] = 0x30 + UInt8(y % 10); y /= 10 }
        bytes[4] = 0x30 + UInt8(month / 10); bytes[5] = 0x30 + UInt8(month % 10)
        bytes[6] = 0x30 + UInt8(day / 10); bytes[7] = 0x30 + UInt8(day % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { yyyymmdd }

    public static func < (lhs: SageDate, rhs: SageDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as SageDateError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(yyyymmdd)
    }

    /// Days in `month` of `year` (Gregorian).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        default: return 0
        }
    }
}

/// Why a text is not a Sage date.
public enum SageDateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not 8 digits (or ISO `YYYY-MM-DD`).
    case malformed(text: String)
    /// Digits, but not a real calendar date.
    case outOfRange(text: String, reason: String)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "'\(SageText.shown(text))' is not a Sage date; write it as YYYYMMDD, e.g. 20250131"
        case .outOfRange(let text, let reason):
            return "'\(text)' is not a valid date: \(reason)"
        }
    }
}
