/// A Sage change-polling point: `DateUpdated` (YYYYMMDD) and optionally `TimeUpdated`
/// (decimal hours as text, "13.5" = 13:30). Written in queries as "20261128" or
/// "20261128T13.5" (`updated_since`, `since`).
public struct SageUpdatedSince: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// YYYYMMDD.
    public var date: String
    /// Decimal hours 0 ..< 24, as text ("13.5"); nil means the start of the day.
    public var hours: String?

    /// Checks the parts: `date` must be a valid YYYYMMDD, `hours` a decimal 0 ..< 24.
    public init?(date: String, hours: String? = nil) {
        guard SageUpdatedSince.isValidDate(date) else { return nil }
        if let hours {
            guard let h = AgentWire.parseDecimal(hours, maxScale: 6), h >= 0, h < 24 else { return nil }
        }
        self.date = date
        self.hours = hours
    }

    /// Parses "YYYYMMDD" or "YYYYMMDDTHH.hh".
    public init?(query: String) {
        let parts = query.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2 {
            self.init(date: parts[0], hours: parts[1])
        } else {
            self.init(date: parts[0])
        }
    }

    /// The query form.
    public var description: String { hours.map { "\(date)T\($0)" } ?? date }

    /// Earlier day first, then earlier hour of the day (an absent hour is the start of the day).
    public static func < (a: SageUpdatedSince, b: SageUpdatedSince) -> Bool {
        if a.date != b.date { return a.date < b.date }
        return (AgentWire.parseDecimal(a.hours ?? "0", maxScale: 6) ?? 0) < (AgentWire.parseDecimal(b.hours ?? "0", maxScale: 6) ?? 0)
    }

    /// True for a real calendar date written YYYYMMDD.
    public static func isValidDate(_ text: String) -> Bool {
        guard text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let y = Int(text.prefix(4)), let m = Int(text.dropFirst(4).prefix(2)), let d = Int(text.suffix(2)),
              y >= 1900, (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }
}
