import ConnectorTesting
import Foundation
import HTTP
@testable import Sandbox
import Testing

@Suite("Procore sandbox: server lifecycle and plumbing")
struct ProcoreSandboxServerTests {
    @Test("latency delays every answer")
    func latency() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20, latency: .milliseconds(250))) { h in
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await h.get("/_sandbox/stats", token: nil)
            #expect(clock.now - start >= .milliseconds(250))
        }
    }

    @Test("concurrent clients are served and counted")
    func concurrency() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 100)) { h in
            let token = try await h.token()
            let project = await h.sandbox.dataset().projectIDs[0]
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<24 {
                    group.addTask { try await h.get("/rest/v1.1/requisitions?project_id=\(project)", token: token).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 24))
            #expect(await h.sandbox.stats().requestsByEndpoint["GET /rest/v1.1/requisitions"] == 24)
        }
    }

    @Test("stop releases the port; a busy port is reported clearly")
    func lifecycle() async throws {
        let first = try await ProcoreSandbox.start(.init(projects: 1, recordsPerProject: 20))
        let port = first.port
        #expect(port > 0)
        #expect(first.baseURL == "http://127.0.0.1:\(port)")
        do {
            let clash = try await ProcoreSandbox.start(.init(port: port, projects: 1, recordsPerProject: 20))
            await clash.stop()
            Issue.record("a second sandbox started on busy port \(port)")
        } catch let error as ProcoreSandboxError {
            #expect("\(error)".contains(String(port)))
        }
        await first.stop()
        let again = try await ProcoreSandbox.start(.init(port: port, projects: 1, recordsPerProject: 20))
        #expect(again.port == port)
        let r = try await CurlHTTPClient().send(HTTPRequest(url: again.baseURL + "/_sandbox/stats"))
        #expect(r.status == 200)
        await again.stop()
    }

    @Test("invalid configuration is refused with the field and the allowed range")
    func invalidConfiguration() async throws {
        do {
            let s = try await ProcoreSandbox.start(.init(projects: 0))
            await s.stop()
            Issue.record("projects = 0 was accepted")
        } catch let error as ProcoreSandboxError {
            #expect("\(error)".contains("projects"))
        }
        do {
            let s = try await ProcoreSandbox.start(.init(failRate: 1.5))
            await s.stop()
            Issue.record("failRate = 1.5 was accepted")
        } catch let error as ProcoreSandboxError {
            #expect("\(error)".contains("failRate"))
        }
    }

    @Test("unknown routes answer 404 naming the route")
    func unknownRoute() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20)) { h in
            let token = try await h.token()
            let r = try await h.get("/rest/v1.0/nothing_here", token: token)
            #expect(r.status == 404)
            #expect(r.text.contains("/rest/v1.0/nothing_here"))
        }
    }
}

@Suite("Procore sandbox: money, time and generator units")
struct ProcoreSandboxUnitTests {
    @Test("money text is exact and written the way Procore writes it")
    func money() {
        #expect(ProcoreMoney.string(cents: 1_500_000) == "15000.0")
        #expect(ProcoreMoney.string(cents: 123_456) == "1234.56")
        #expect(ProcoreMoney.string(cents: 123_450) == "1234.5")
        #expect(ProcoreMoney.string(cents: 5) == "0.05")
        #expect(ProcoreMoney.string(cents: -5) == "-0.05")
        #expect(ProcoreMoney.string(cents: -125_000) == "-1250.0")
        #expect(ProcoreMoney.string(cents: 0) == "0.0")
        // 10% retainage, half away from zero
        #expect(ProcoreMoney.apply(12_345, basisPoints: 1000) == 1235)
        #expect(ProcoreMoney.apply(-12_345, basisPoints: 1000) == -1235)
        #expect(ProcoreMoney.apply(12_344, basisPoints: 1000) == 1234)
    }

    @Test("timestamps: format with milliseconds, parse dates, datetimes and offsets")
    func time() throws {
        let ms = ProcoreTime.days(year: 2026, month: 3, day: 5) * ProcoreTime.msPerDay + 14 * 3_600_000 + 22 * 60_000 + 31_123
        #expect(ProcoreTime.timestamp(ms: ms) == "2026-03-05T14:22:31.123Z")
        #expect(ProcoreTime.parse("2026-03-05T14:22:31.123Z")?.ms == ms)
        #expect(ProcoreTime.parse("2026-03-05T16:22:31.123+02:00")?.ms == ms)
        #expect(ProcoreTime.parse("2026-03-05T14:22:31.1234567Z")?.ms == ms)
        let day = try #require(ProcoreTime.parse("2026-03-05"))
        #expect(day.dateOnly && day.ms == ms - (14 * 3_600_000 + 22 * 60_000 + 31_123))
        #expect(ProcoreTime.parse("2026-02-30x") == nil)
        #expect(ProcoreTime.parse("yesterday") == nil)
        #expect(ProcoreTime.parse("2026-03-05T25:00:00Z") == nil)
        #expect(ProcoreTime.date(days: ProcoreTime.days(year: 2024, month: 2, day: 29)) == "2024-02-29")
    }

    @Test("the generator is a pure function of its seed")
    func generatorDeterminism() {
        let a = ProcoreDatasetGenerator(seed: 9, projectCount: 3, recordsPerProject: 150, forbidProjects: 0, companyID: 1).generate()
        let b = ProcoreDatasetGenerator(seed: 9, projectCount: 3, recordsPerProject: 150, forbidProjects: 0, companyID: 1).generate()
        let c = ProcoreDatasetGenerator(seed: 10, projectCount: 3, recordsPerProject: 150, forbidProjects: 0, companyID: 1).generate()
        #expect(a.requisitions.map(\.id) == b.requisitions.map(\.id))
        #expect(a.requisitions.map(\.totals.currentPaymentDue) == b.requisitions.map(\.totals.currentPaymentDue))
        #expect(a.lineItems.map(\.amount) != c.lineItems.map(\.amount))
        // ids ascend along every array, which binary search relies on
        for ids in [a.commitments.map(\.id), a.lineItems.map(\.id), a.requisitions.map(\.id), a.changeOrders.map(\.id),
                    a.packages.map(\.id), a.payments.map(\.id), a.directCosts.map(\.id), a.costCodes.map(\.id), a.projects.map(\.id)] {
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        }
    }

    @Test("JSON text escapes quotes, backslashes and control characters")
    func jsonEscaping() throws {
        var w = ProcoreJSONWriter()
        w.beginObject(); w.string("name", "O'Brien \"Pete\" \\ <Drywall>\n\u{01}"); w.money("m", cents: -1); w.endObject()
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text == #"{"name":"O'Brien \"Pete\" \\ <Drywall>\n\u0001","m":"-0.01"}"#)
        let back = try #require(try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: String])
        #expect(back["name"] == "O'Brien \"Pete\" \\ <Drywall>\n\u{01}")
    }
}
