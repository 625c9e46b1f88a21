/// Timestamps as Procore writes them (ISO 8601 UTC with milliseconds) and the range
/// filters it accepts, without Foundation date formatters (fast and deterministic).
enum ProcoreTime {
    static let msPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 for a civil date (proleptic Gregorian).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Civil date for days since 1970-01-01.
    static func civil(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    private static func pad(_ v: Int, _ width: Int, into s: inout String) {
        let digits = String(v)
        if digits.count < width { s += String(repeating: "0", count: width - digits.count) }
        s += digits
    }

    /// The day number of `2026-03-05`; nil when it is not a calendar date.
    static func days(date text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1 else { return nil }
        let n = days(year: y, month: m, day: d)
        return date(days: n) == text ? n : nil
    }

    /// `2026-03-05` for a day number.
    static func date(days: Int64) -> String {
        let c = civil(days)
        var s = ""
        s.reserveCapacity(10)
        pad(c.year, 4, into: &s); s += "-"; pad(c.month, 2, into: &s); s += "-"; pad(c.day, 2, into: &s)
        return s
    }

    /// `2026-03-05T14:22:31.123Z` for milliseconds since the epoch.
    static func timestamp(ms: Int64) -> String {
        let days = ms >= 0 ? ms / msPerDay : (ms - msPerDay + 1) / msPerDay
        let rem = ms - days * msPerDay
        var s = date(days: days)
        s += "T"
        pad(Int(rem / 3_600_000), 2, into: &s); s += ":"
        pad(Int(rem / 60_000 % 60), 2, into: &s); s += ":"
        pad(Int(rem / 1000 % 60), 2, into: &s); s += "."
        pad(Int(rem % 1000), 3, into: &s); s += "Z"
        return s
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM` (or none: UTC).
    /// Returns epoch milliseconds and whether only a date was given.
    static func parse(_ text: String) -> (ms: Int64, dateOnly: Bool)? {
        let b = Array(text.trimmingSpaces.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), b.count >= 10, b[4] == 45, let mo = num(5, 2), b[7] == 45,
              let d = num(8, 2), (1...12).contains(mo), (1...31).contains(d) else { return nil }
        let dayMs = days(year: y, month: mo, day: d) * msPerDay
        if b.count == 10 { return (dayMs, true) }
        guard b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b.count > 13, b[13] == 58,
              let mi = num(14, 2), h < 24, mi < 60 else { return nil }
        var i = 16
        var sec = 0, frac: Int64 = 0
        if i < b.count, b[i] == 58 {
            guard let s = num(i + 1, 2), s < 61 else { return nil }
            sec = s; i += 3
            if i < b.count, b[i] == 46 || b[i] == 44 {
                i += 1
                var digits = 0
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if digits < 3 { frac = frac * 10 + Int64(b[i] - 48) }
                    digits += 1; i += 1
                }
                guard digits > 0 else { return nil }
                if digits < 3 { for _ in digits..<3 { frac *= 10 } }
            }
        }
        var offsetMin = 0
        if i < b.count {
            if b[i] == 90 || b[i] == 122 { i += 1 }
            else if b[i] == 43 || b[i] == 45 {
                let sign = b[i] == 45 ? -1 : 1
                guard let oh = num(i + 1, 2) else { return nil }
                var j = i + 3
                var om = 0
                if j < b.count, b[j] == 58 { j += 1 }
                if let m = num(j, 2) { om = m; j += 2 }
                offsetMin = sign * (oh * 60 + om)
                i = j
            } else { return nil }
        }
        guard i == b.count else { return nil }
        let ms = dayMs + Int64(h) * 3_600_000 + Int64(mi) * 60_000 + Int64(sec) * 1000 + frac
            - Int64(offsetMin) * 60_000
        return (ms, false)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
