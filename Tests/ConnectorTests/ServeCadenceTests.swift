import Foundation
import Testing
@testable import Connector

/// Cadences of `serve` jobs: parsing what a person writes in `schedule:`, when a job is due
/// (missed ticks once, not once per tick), and when it is next due.
@Suite("serve cadences")
struct ServeCadenceTests {
    var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "America/Denver")!
        return c
    }

    func date(_ text: String) -> Date {
        // "2026-12-07 06:00" in the calendar's zone
        let f = DateFormatter()
        f.calendar = calendar
        f.timeZone = calendar.timeZone
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.date(from: text)!
    }

    @Test("intervals, times of day and weekdays parse; the description reads back the same")
    func parses() throws {
        #expect(try ServeCadence.parse("15m") == .every(seconds: 900))
        #expect(try ServeCadence.parse("1h") == .every(seconds: 3600))
        #expect(try ServeCadence.parse(" 90s ") == .every(seconds: 90))
        #expect(try ServeCadence.parse("18:00,06:00,12:00") == .at(minutes: [360, 720, 1080], weekdays: Set(1...7)))
        #expect(try ServeCadence.parse("mon-fri 18:30") == .at(minutes: [1110], weekdays: [2, 3, 4, 5, 6]))
        #expect(try ServeCadence.parse("fri-mon 07:00") == .at(minutes: [420], weekdays: [6, 7, 1, 2]))
        #expect(try ServeCadence.parse("sat,sun 07:00").description == "sun,sat 07:00")
        #expect(try ServeCadence.parse("daily 05:00").description == "daily 05:00")
        #expect(try ServeCadence.parse("15m").description == "every 15m")
    }

    @Test("what cannot be a cadence is refused saying what to write", arguments: ["", "0m", "5s", "25:00", "6:0", "someday 06:00", "mon-fri", "15 minutes", "06:00 07:00 08:00"])
    func refuses(_ text: String) {
        do {
            let cadence = try ServeCadence.parse(text)
            Issue.record("'\(text)' parsed as \(cadence)")
        } catch {
            #expect(error.description.contains("15m"), "\(error)")
        }
    }

    @Test("an interval is due once it has passed since the last run; a job that never ran is due")
    func intervalDue() throws {
        let cadence = try ServeCadence.parse("15m")
        let last = date("2026-12-07 06:00")
        #expect(cadence.isDue(lastRun: nil, now: last))
        #expect(!cadence.isDue(lastRun: last, now: date("2026-12-07 06:14")))
        #expect(cadence.isDue(lastRun: last, now: date("2026-12-07 06:15")))
        #expect(cadence.nextTick(after: last) == date("2026-12-07 06:15"))
    }

    @Test("times of day: due when a tick passed since the last run; a weekend of missed ticks is one run")
    func timesDue() throws {
        let cadence = try ServeCadence.parse("mon-fri 06:00,18:00")
        // Ran Friday 18:00; down all weekend; started Monday 07:00: due (Monday 06:00 passed), once.
        let friday = date("2026-12-04 18:00")
        #expect(!cadence.isDue(lastRun: friday, now: date("2026-12-05 12:00"), calendar: calendar), "no tick on Saturday")
        #expect(cadence.isDue(lastRun: friday, now: date("2026-12-07 07:00"), calendar: calendar))
        let ranMonday = date("2026-12-07 07:00")
        #expect(!cadence.isDue(lastRun: ranMonday, now: date("2026-12-07 17:59"), calendar: calendar))
        #expect(cadence.isDue(lastRun: ranMonday, now: date("2026-12-07 18:00"), calendar: calendar))
        #expect(cadence.nextTick(after: ranMonday, calendar: calendar) == date("2026-12-07 18:00"))
        #expect(cadence.nextTick(after: friday, calendar: calendar) == date("2026-12-07 06:00"), "the next tick skips the weekend")
    }

    @Test("a schedule: section sets cadences, turns jobs off and is refused naming the key when wrong")
    func configuration() throws {
        let folder = NSTemporaryDirectory() + "serve-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates").path
        try FileManager.default.copyItem(atPath: templates + "/cost-codes.csv", toPath: folder + "/cost-codes.csv")
        let base = try String(contentsOfFile: templates + "/connector.yml", encoding: .utf8)
        let path = folder + "/connector.yml"
        try (base + "\nschedule:\n  listen: 127.0.0.1:0\n  requisitions: \"mon-fri 07:30\"\n  payments: off\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try RunConfiguration.load(path: path, requireSecrets: false)
        let jobs = Dictionary(uniqueKeysWithValues: configuration.schedule.jobs.map { ($0.name, $0) })
        #expect(jobs["payments"] == nil)
        #expect(jobs["requisitions"]?.cadence == .at(minutes: [450], weekdays: [2, 3, 4, 5, 6]))
        #expect(jobs["commitments"]?.cadence == .every(seconds: 900), "unset jobs keep their defaults")
        #expect(configuration.schedule.port == 0)

        try (base + "\nschedule:\n  requisitions: sometimes\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try RunConfiguration.load(path: path, requireSecrets: false)
            Issue.record("a wrong cadence loaded")
        } catch {
            #expect("\(error)".contains("schedule.requisitions"), "\(error)")
        }
    }
}
