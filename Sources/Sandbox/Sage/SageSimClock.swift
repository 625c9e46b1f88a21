import Foundation

/// Sage's way of stamping a write: `DateUpdated` YYYYMMDD and `TimeUpdated` decimal hours as
/// text ("13.5" = 13:30:00), taken from the agent's clock (UTC here).
struct SageSimStamp: Sendable, Equatable {
    var date: String
    var time: String
    /// ISO 8601 UTC of the same instant, for `posted_at`.
    var iso: String
    var instant: Date

    init(_ instant: Date = Date()) {
        self.instant = instant
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: instant)
        date = String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
        // Seconds of the day as an exact decimal, divided into hours, 5 decimals (~0.04 s).
        let millis = Decimal(c.hour! * 3_600_000 + c.minute! * 60_000 + c.second! * 1000 + c.nanosecond! / 1_000_000)
        var hours = millis / Decimal(3_600_000)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &hours, 5, .down)
        time = SageSimStamp.trimmed(rounded)
        iso = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// "13.50000" -> "13.5", "9.00000" -> "9".
    static func trimmed(_ value: Decimal) -> String {
        var text = SageSimDecimalText.plain(value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

/// Plain decimal text without exponent.
/// this keeps it so).
enum SageSimDecimalText {
    static func plain(_ value: Decimal) -> String {
        var v = value
        return NSDecimalString(&v, Locale(identifier: "en_US_POSIX"))
    }
}
