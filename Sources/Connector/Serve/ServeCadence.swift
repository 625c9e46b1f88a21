import Foundation

/// When a job of `ml-connector serve` runs: every so often (`15m`, `1h`, `90s`), or at times
/// of day on chosen weekdays (`06:00,12:00,18:00`, `mon-fri 18:30`, `sat 07:00`), in the
/// machine's time zone.
///
/// A job is due when its latest tick is later than its last run, so ticks missed while
/// `serve` was down run once at start-up, not once per missed tick.
public enum ServeCadence: Sendable, Equatable, CustomStringConvertible {
    /// Every this many seconds after the last run.
    case every(seconds: Int)
    /// At these minutes after midnight (sorted), on these weekdays (1 = Sunday … 7 = Saturday).
    case at(minutes: [Int], weekdays: Set<Int>)

    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    static let everyDay = Set(1...7)

    /// Why a cadence text cannot be read.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var problem: String
        public var description: String {
            "'\(text)' \(problem); write an interval such as 15m, 1h or 90s, or times of day such as "
                + "06:00,12:00,18:00, optionally after weekdays: mon-fri 18:30, sat,sun 07:00, daily 05:00"
        }
    }

    /// Reads `15m`, `1h`, `90s`, `2d`, `06:00,12:00`, `mon-fri 18:30`, `daily 05:00`.
    public static func parse(_ raw: String) throws(ParseError) -> ServeCadence {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        func fail(_ problem: String) -> ParseError { ParseError(text: raw, problem: problem) }
        guard !text.isEmpty else { throw fail("is empty") }
        if let unit = text.last, "smhd".contains(unit), let count = Int(text.dropLast()) {
            guard count > 0 else { throw fail("is not a positive interval") }
            let seconds = count * ["s": 1, "m": 60, "h": 3600, "d": 86_400][String(unit)]!
            guard seconds >= 10 else { throw fail("is shorter than 10 seconds") }
            return .every(seconds: seconds)
        }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count) else { throw fail("has more than weekdays and times") }
        let weekdays = parts.count == 2 ? try days(String(parts[0]), raw: raw) : everyDay
        var minutes: [Int] = []
        for time in parts.last!.split(separator: ",") {
            let hm = time.split(separator: ":")
            guard hm.count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else {
                throw fail("has '\(time)', which is not a time of day HH:MM")
            }
            minutes.append(h * 60 + m)
        }
        return .at(minutes: Array(Set(minutes)).sorted(), weekdays: weekdays)
    }

    private static func days(_ text: String, raw: String) throws(ParseError) -> Set<Int> {
        if text == "daily" { return everyDay }
        var result = Set<Int>()
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-").map(String.init)
            guard (1...2).contains(ends.count), let first = weekdayNames.firstIndex(of: ends[0]),
                  let last = weekdayNames.firstIndex(of: ends.last!) else {
                throw ParseError(text: raw, problem: "has '\(part)', which is not a weekday (sun mon tue wed thu fri sat), a range such as mon-fri, or daily")
            }
            var day = first
            while true {
                result.insert(day + 1)
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return result
    }

    /// True when the job should run now: it never ran, or a tick came after its last run.
    public func isDue(lastRun: Date?, now: Date, calendar: Calendar = .current) -> Bool {
        guard let lastRun else { return true }
        switch self {
        case .every(let seconds):
            return now.timeIntervalSince(lastRun) >= Double(seconds)
        case .at:
            guard let tick = latestTick(atOrBefore: now, calendar: calendar) else { return false }
            return tick > lastRun
        }
    }

    /// When the job is next due after a run at `lastRun` (for the display and the wait).
    public func nextTick(after lastRun: Date, calendar: Calendar = .current) -> Date {
        switch self {
        case .every(let seconds):
            return lastRun.addingTimeInterval(Double(seconds))
        case .at(let minutes, let weekdays):
            let start = calendar.startOfDay(for: lastRun)
            for offset in 0...8 {
                guard let day = calendar.date(byAdding: .day, value: offset, to: start),
                      weekdays.contains(calendar.component(.weekday, from: day)) else { continue }
                for minute in minutes {
                    if let tick = calendar.date(byAdding: .minute, value: minute, to: day), tick > lastRun { return tick }
                }
            }
            return lastRun.addingTimeInterval(7 * 86_400)
        }
    }

    /// The latest scheduled time at or before `now` within the last eight days.
    func latestTick(atOrBefore now: Date, calendar: Calendar) -> Date? {
        guard case .at(let minutes, let weekdays) = self else { return nil }
        let today = calendar.startOfDay(for: now)
        for offset in 0...8 {
            guard let day = calendar.date(byAdding: .day, value: -offset, to: today),
                  weekdays.contains(calendar.component(.weekday, from: day)) else { continue }
            for minute in minutes.reversed() {
                if let tick = calendar.date(byAdding: .minute, value: minute, to: day), tick <= now { return tick }
            }
        }
        return nil
    }

    public var description: String {
        switch self {
        case .every(let seconds):
            if seconds % 86_400 == 0 { return "every \(seconds / 86_400)d" }
            if seconds % 3600 == 0 { return "every \(seconds / 3600)h" }
            if seconds % 60 == 0 { return "every \(seconds / 60)m" }
            return "every \(seconds)s"
        case .at(let minutes, let weekdays):
            let times = minutes.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) }.joined(separator: ",")
            if weekdays == Self.everyDay { return "daily \(times)" }
            return weekdays.sorted().map { Self.weekdayNames[$0 - 1] }.joined(separator: ",") + " " + times
        }
    }
}
