import Foundation

/// ISO 8601 UTC timestamps as the ledger, the staging files and Procore filters write them:
/// `2026-11-29T00:40:00Z` or, with milliseconds, `2026-11-29T00:40:00.123Z`.
///
/// Strings in this one shape sort chronologically, which is why the ledger stores them as text.
public enum Timestamp {
    /// Formats `date` in UTC, with milliseconds when `milliseconds` is true.
    public static func string(from date: Date, milliseconds: Bool = false) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        var millis = Int(((seconds - Double(whole)) * 1000).rounded(.down))
        if millis >= 1000 { whole += 1; millis -= 1000 }
        var parts = tm()
        gmtime_r(&whole, &parts)
        // Written digit by digit: the ledger stamps every row it writes, and String(format:)
        // costs more than the insert.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = max(0, value)
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); bytes.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        if milliseconds {
            bytes.append(UInt8(ascii: "."))
            digits(millis, 3)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` or a bare date `YYYY-MM-DD` (midnight UTC).
    /// Returns nil for anything else.
    public static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes.count >= 10, bytes[4] == 45, let month = number(5, 2),
              bytes[7] == 45, let day = number(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        var fraction = 0.0
        var offset = 0
        if bytes.count > 10 {
            guard bytes.count >= 20, bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32,
                  let hour = number(11, 2), bytes[13] == 58, let minute = number(14, 2),
                  bytes[16] == 58, let second = number(17, 2),
                  hour < 24, minute < 60, second < 61
            else { return nil }
            parts.tm_hour = Int32(hour)
            parts.tm_min = Int32(minute)
            parts.tm_sec = Int32(second)
            var index = 19
            if bytes[index] == 46 {
                index += 1
                var scale = 0.1
                let start = index
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case 90, 122: // Z z
                guard index == bytes.count - 1 else { return nil }
            case 43, 45: // + -
                guard bytes.count == index + 6, let oh = number(index + 1, 2), bytes[index + 3] == 58,
                      let om = number(index + 4, 2) else { return nil }
                offset = (oh * 3600 + om * 60) * (bytes[index] == 43 ? 1 : -1)
            default:
                return nil
            }
        }
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offset) + fraction)
    }
}
