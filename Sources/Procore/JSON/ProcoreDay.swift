import Foundation

/// A calendar date without a time zone, as Procore sends `format: date` fields ("2026-03-31").
public struct ProcoreDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, also the date part of an ISO 8601 date-time.
    public init?(iso text: String) {
        let u = Array(text.utf8)
        guard u.count >= 10, u[4] == 0x2D, u[7] == 0x2D,
              let y = ProcoreTimestamp.number(u, 0, 4), let m = ProcoreTimestamp.number(u, 5, 2),
              let d = ProcoreTimestamp.number(u, 8, 2),
              (1...12).contains(m), (1...ProcoreTimestamp.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        if u.count > 10 && u[10] != 0x54 && u[10] != 0x74 && u[10] != 0x20 { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let day = ProcoreDay(iso: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\"\(text.prefix(40))\" is not a date (expected YYYY-MM-DD)")
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: ProcoreDay, b: ProcoreDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// ISO 8601 timestamp parsing for Procore's `date-time` fields, without locale or calendar state.
public enum ProcoreTimestamp {
    /// Parses `2026-01-02T03:04:05Z`, with optional fractional seconds and `Z` or `±hh:mm`
    /// offsets; a bare date means midnight UTC.
    public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard let day = ProcoreDay(iso: text) else { return nil }
        var seconds = Double(daysFromCivil(day.year, day.month, day.day)) * 86_400
        if u.count == 10 { return Date(timeIntervalSince1970: seconds) }
        guard u.count >= 19, u[13] == 0x3A, u[16] == 0x3A,
              let h = number(u, 11, 2), let mi = number(u, 14, 2), let s = number(u, 17, 2),
              h < 24, mi < 60, s < 61 else { return nil }
        seconds += Double(h * 3600 + mi * 60 + s)
        var i = 19
        if i < u.count, u[i] == 0x2E || u[i] == 0x2C {
            i += 1
            var fraction = 0.0, scale = 0.1
            let start = i
            while i < u.count, (0x30...0x39).contains(u[i]) {
                fraction += Double(u[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
            seconds += fraction
        }
        if i == u.count { return Date(timeIntervalSince1970: seconds) }  // no zone: UTC
        if u[i] == 0x5A || u[i] == 0x7A { return i + 1 == u.count ? Date(timeIntervalSince1970: seconds) : nil }
        guard u[i] == 0x2B || u[i] == 0x2D, let oh = number(u, i + 1, 2) else { return nil }
        var om = 0
        if u.count == i + 6, u[i + 3] == 0x3A, let m = number(u, i + 4, 2) { om = m }
        else if u.count == i + 5, let m = number(u, i + 3, 2) { om = m }
        else if u.count != i + 3 { return nil }
        let offset = Double(oh * 3600 + om * 60) * (u[i] == 0x2D ? -1 : 1)
        return Date(timeIntervalSince1970: seconds - offset)
    }

    static func number(_ u: [UInt8], _ at: Int, _ n: Int) -> Int? {
        guard at + n <= u.count else { return nil }
        var v = 0
        for k in at..<(at + n) {
            guard (0x30...0x39).contains(u[k]) else { return nil }
            v = v * 10 + Int(u[k] - 0x30)
        }
        return v
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
