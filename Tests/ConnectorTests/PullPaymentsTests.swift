import ConnectorTesting
import Foundation
import HTTP
import Ledger
import Procore
import Sandbox
import Testing
@testable import Connector

/// The request half of Procore's contract (Tests/SandboxTests/Contract/procore-contract.json,
/// generated from Procore's endpoint schemas by scripts/gen-procore-contract.py).
struct ClientRequestContract: Decodable {
    struct Parameter: Decodable {
        var name: String
        var `in`: String
        var required: Bool
        var t: String
    }
    struct Request: Decodable {
        var operation: String
        var path: String
        var parameters: [Parameter]
    }
    var requests: [Request]

    static func load() throws -> ClientRequestContract {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SandboxTests/Contract/procore-contract.json")
        return try JSONDecoder().decode(ClientRequestContract.self, from: Data(contentsOf: url))
    }

    /// Every way the request `url` breaks its endpoint's spec: unknown endpoint, a required
    /// query parameter missing or empty, a path or integer parameter that is not an integer.
    func problems(_ url: String) -> [String] {
        guard let components = URLComponents(string: url) else { return ["\(url): not a URL"] }
        let path = components.path
        let segments = path.split(separator: "/")
        guard let request = requests.first(where: { r in
            let t = r.path.split(separator: "/")
            return t.count == segments.count && zip(t, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }) else { return ["GET \(path): no endpoint of the contract has this path"] }
        var query: [String: [String]] = [:]
        for item in components.queryItems ?? [] { query[item.name, default: []].append(item.value ?? "") }
        var out: [String] = []
        for (t, s) in zip(request.path.split(separator: "/"), segments) where t.hasPrefix("{") && Int64(s) == nil {
            out.append("\(request.operation): path parameter \(t) is '\(s)', not an integer (\(url))")
        }
        for p in request.parameters where p.in == "query" {
            let values = (query[p.name] ?? []) + (query[p.name + "[]"] ?? [])
            if p.required && values.allSatisfy(\.isEmpty) {
                out.append("\(request.operation) requires \(p.name); the client sent \(path)?\(components.query ?? "")")
            }
            if p.t == "integer", let bad = values.first(where: { !$0.isEmpty && Int64($0) == nil }) {
                out.append("\(request.operation): \(p.name)=\(bad) is not an integer")
            }
        }
        return out
    }
}

@Suite("Payments per commitment, and the client's requests against Procore's spec", .serialized)
struct PullPaymentsTests {
    @Test("every request a pull builds carries every parameter its endpoint requires (checked against the contract)")
    func clientRequestsCarryRequiredParameters() async throws {
        let contract = try ClientRequestContract.load()
        let harness = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 2, recordsPerProject: 120))
        defer { Task { await harness.stop() } }
        _ = try await harness.pull()
        // single records too (what webhooks fetch), for every resource with an id to ask
        for resource in ProcoreResource.allCases where !resource.listedPerCommitment {
            for key in try harness.ledger.newestSourceKeys(resource: resource.stagedName, after: 0, through: .max).prefix(1) {
                _ = try? await harness.client.get(resource, id: key.sourceID, projectID: resource.scope == .project ? key.projectID : nil)
            }
        }
        let urls = harness.recorder.requests.filter { $0.contains("/rest/") }
        #expect(urls.count > 50, "the pull sent \(urls.count) API requests")
        #expect(urls.contains { $0.contains("/rest/v1.0/contract_payments?") }, "the pull asked no payments")
        var problems: [String] = []
        for url in urls { problems += contract.problems(url) }
        let distinct = Array(Set(problems)).sorted()
        #expect(distinct.isEmpty, "\(distinct.count) requests break the spec:\n\(distinct.prefix(12).joined(separator: "\n"))")
    }

    @Test("the contract check catches a missing required parameter and a wrong type")
    func contractCheckCatches() throws {
        let contract = try ClientRequestContract.load()
        #expect(contract.problems("http://h/rest/v1.0/contract_payments?project_id=1").contains { $0.contains("contract_id") })
        #expect(contract.problems("http://h/rest/v1.0/contract_payments?project_id=1&contract_id=2").isEmpty)
        #expect(!contract.problems("http://h/rest/v1.0/line_item_types?company_id=1").isEmpty)
        #expect(!contract.problems("http://h/rest/v1.0/purchase_order_contracts/abc?project_id=1").isEmpty)
        #expect(!contract.problems("http://h/rest/v1.0/cost_codes?project_id=x").isEmpty)
        #expect(!contract.problems("http://h/rest/v9/nothing").isEmpty)
    }

    @Test("a pull stages every payment; a no-change pull asks only commitments with approved requisitions not fully paid, once per recheck interval")
    func paymentsOfOpenCommitmentsOnly() async throws {
        let harness = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 3, recordsPerProject: 200))
        defer { Task { await harness.stop() } }
        let dataset = await harness.sandbox.dataset()
        let paymentsEndpoint = "GET /rest/v1.0/contract_payments"

        let first = try await harness.pull()
        #expect(first.forbidden.isEmpty && first.failed.isEmpty, "forbidden: \(first.forbidden) failed: \(first.failed)")
        #expect(first.records["contract_payments"] == dataset.counts["contract_payments"])
        let commitments = dataset.counts["purchase_order_contracts"]! + dataset.counts["work_order_contracts"]!
        let firstPayments = try #require(first.payments)
        #expect(firstPayments.sweeps.count == dataset.projectIDs.count, "the first pull sweeps every project: \(firstPayments.sweeps)")
        #expect(firstPayments.commitmentsAsked == commitments && firstPayments.commitmentsKnown == commitments)
        let statsAfterFirst = await harness.sandbox.stats()
        #expect(statsAfterFirst.requestsByEndpoint[paymentsEndpoint] == firstPayments.requests)
        #expect(firstPayments.requests >= commitments)

        // Open commitments, computed from the staged JSON: an approved requisition whose payments do not add up to its due.
        func cents(_ value: Any?) -> Int64 {
            let text = (value as? String) ?? (value as? NSNumber).map { "\($0)" } ?? "0"
            return NSDecimalNumber(string: text).multiplying(by: 100).int64Value
        }
        var paid: [Int64: Int64] = [:]
        for line in try harness.workspace.lines(run: first.runID, resource: "contract_payments") {
            let record = (try JSONSerialization.jsonObject(with: line) as! [String: Any])["record"] as! [String: Any]
            paid[(record["requisition_id"] as! NSNumber).int64Value, default: 0] += cents(record["amount"])
        }
        var open = Set<Int64>()
        for line in try harness.workspace.lines(run: first.runID, resource: "requisitions") {
            let record = (try JSONSerialization.jsonObject(with: line) as! [String: Any])["record"] as! [String: Any]
            let due = cents((record["summary"] as? [String: Any])?["current_payment_due"])
            let id = (record["id"] as! NSNumber).int64Value
            if ["approved", "approved_as_noted"].contains(record["status"] as? String), due > 0, paid[id, default: 0] < due {
                open.insert((record["commitment_id"] as! NSNumber).int64Value)
            }
        }
        #expect(!open.isEmpty && open.count < commitments, "\(open.count) open of \(commitments) commitments")

        // Right after the listing, the open commitments wait for procore.payments_recheck: nothing is asked.
        let soon = try await harness.pull()
        #expect(soon.isComplete && soon.payments?.commitmentsAsked == 0 && soon.payments?.recheckLater == open.count,
                "asked \(soon.payments?.commitmentsAsked ?? -1), recheck later \(soon.payments?.recheckLater ?? -1), open \(open.count)")
        let statsAfterSoon = await harness.sandbox.stats()
        #expect(statsAfterSoon.requestsByEndpoint[paymentsEndpoint] == statsAfterFirst.requestsByEndpoint[paymentsEndpoint])

        // Once the recheck interval has passed (zero here), every open commitment is asked, and only those.
        let second = try await harness.pull(paymentsRecheck: .zero)
        #expect(second.isComplete, "forbidden: \(second.forbidden) failed: \(second.failed)")
        #expect(second.records["contract_payments"] == 0)
        let payments = try #require(second.payments)
        #expect(payments.sweeps.isEmpty)
        #expect(payments.commitmentsAsked == open.count, "asked \(payments.commitmentsAsked), open \(open.count)")
        #expect(payments.unpaidRequisition == open.count && payments.changedRequisition == 0 && payments.recheckLater == 0)
        let statsAfterSecond = await harness.sandbox.stats()
        let asked = statsAfterSecond.requestsByEndpoint[paymentsEndpoint, default: 0] - statsAfterFirst.requestsByEndpoint[paymentsEndpoint, default: 0]
        #expect(asked == open.count && payments.requests == asked,
                "no-change pull: \(asked) payment requests for \(open.count) open of \(commitments) commitments")
        print("payments: first pull \(firstPayments.requests) requests for \(commitments) commitments; "
              + "no-change pull \(asked) requests (\(open.count) open commitments)")

        // A sweep interval of zero lists every commitment again.
        let swept = try await harness.pull(paymentsSweep: .zero)
        #expect(swept.payments?.commitmentsAsked == commitments && swept.payments?.sweeps.count == dataset.projectIDs.count)
        #expect(swept.records["contract_payments"] == 0)
    }

    @Test("the rule: changed now, open once per recheck interval, between sweeps; every commitment at a sweep")
    func plannerRule() throws {
        typealias R = PaymentPlanFacts.Requisition
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func ago(_ seconds: TimeInterval) -> String { Timestamp.string(from: now.addingTimeInterval(-seconds), milliseconds: true) }
        let facts = PaymentPlanFacts(
            commitments: [1: [10, 11, 12, 13, 14, 15], 2: [20]],
            requisitions: [
                R(id: 100, projectID: 1, commitmentID: 10, approved: true, dueCents: 50_000, paidCents: 50_000, changed: false),
                R(id: 101, projectID: 1, commitmentID: 11, approved: true, dueCents: 30_010, paidCents: 30_000, changed: false),
                R(id: 102, projectID: 1, commitmentID: 12, approved: false, dueCents: 90_000, paidCents: 0, changed: false),
                R(id: 103, projectID: 1, commitmentID: 13, approved: false, dueCents: 90_000, paidCents: 0, changed: true),
                R(id: 104, projectID: 1, commitmentID: 14, approved: true, dueCents: 0, paidCents: 0, changed: false),
                R(id: 105, projectID: 1, commitmentID: 15, approved: true, dueCents: 1_000, paidCents: 0, changed: false),
                R(id: 200, projectID: 2, commitmentID: 20, approved: true, dueCents: 5_000, paidCents: 0, changed: false),
            ],
            // 11 was listed two hours ago, 15 ten minutes ago
            lastListed: [11: ago(7200), 15: ago(600)], sequenceHigh: 77)
        let items = PaymentPlanner.items(facts: facts, projectIDs: [1, 2], companyID: 9, lastSweep: [1: ago(3600), 2: ago(25 * 3600)],
                                         full: false, sweepInterval: .seconds(24 * 3600), recheckInterval: .seconds(3600), now: now)
        let one = try #require(items.first { $0.projectID == 1 }?.payments)
        // 10 is paid in full, 11 is 0.10 short and due for a recheck, 12 is a draft, 13 changed,
        // 14 owes nothing, 15 is short but was listed ten minutes ago
        #expect(one.contractIDs == [11, 13] && !one.sweep && one.unpaid == 1 && one.changed == 1 && one.knownCommitments == 6)
        #expect(one.recheckLater == 1 && one.throughSeq == 77)
        let two = try #require(items.first { $0.projectID == 2 }?.payments)
        #expect(two.sweep && two.contractIDs == [20] && two.sweepReason?.contains("older than procore.payments_sweep") == true)
        let eager = PaymentPlanner.items(facts: facts, projectIDs: [1], companyID: 9, lastSweep: [1: ago(3600)], full: false,
                                         sweepInterval: .seconds(24 * 3600), recheckInterval: .zero, now: now)
        #expect(eager.first?.payments?.contractIDs == [11, 13, 15] && eager.first?.payments?.recheckLater == 0)
        let full = PaymentPlanner.items(facts: facts, projectIDs: [1], companyID: 9, lastSweep: [1: ago(3600)], full: true,
                                        sweepInterval: .seconds(24 * 3600), recheckInterval: .seconds(3600), now: now)
        #expect(full.first?.payments?.contractIDs == [10, 11, 12, 13, 14, 15] && full.first?.payments?.sweepReason == "--full")
        let never = PaymentPlanner.items(facts: facts, projectIDs: [1], companyID: 9, lastSweep: [:], full: false,
                                         sweepInterval: .seconds(24 * 3600), recheckInterval: .seconds(3600), now: now)
        #expect(never.first?.payments?.sweepReason == "no sweep yet")
    }

    @Test("the ledger keeps open requisitions as versions arrive: paid in full, short by a cent, a pending payment, a change after a listing")
    func ledgerPaymentFacts() throws {
        let ledger = try Ledger.inMemory()
        func version(_ resource: String, _ id: Int64, _ fact: SourcePaymentFact, updated: String = "2026-01-01T00:00:00Z") -> NewSourceVersion {
            NewSourceVersion(resource: resource, companyID: 9, projectID: 1, sourceID: id, sourceUpdatedAt: updated,
                             contentSHA256: "\(resource)-\(id)-\(updated)", line: Data("{}".utf8), paymentFact: fact)
        }
        try ledger.insertSourceVersions([
            version("purchase_order_contracts", 10, .init(kind: .commitment, commitmentID: 10, active: true)),
            version("work_order_contracts", 11, .init(kind: .commitment, commitmentID: 11, active: true)),
            version("work_order_contracts", 12, .init(kind: .commitment, commitmentID: 12, active: false)),
            version("requisitions", 100, .init(kind: .requisition, commitmentID: 10, active: true, cents: 50_000)),
            version("requisitions", 101, .init(kind: .requisition, commitmentID: 11, active: true, cents: 30_010)),
            version("contract_payments", 1, .init(kind: .payment, commitmentID: 10, requisitionID: 100, active: true, cents: 20_000)),
            version("contract_payments", 2, .init(kind: .payment, commitmentID: 10, requisitionID: 100, active: true, cents: 30_000)),
            version("contract_payments", 3, .init(kind: .payment, commitmentID: 11, requisitionID: 101, active: true, cents: 30_000)),
        ], origin: "pull", runID: nil)
        let run = try ledger.beginRun(kind: "pull")
        var facts = try ledger.paymentPlanFacts(runID: run)
        #expect(facts.commitments == [1: [10, 11]], "the deleted commitment 12 is not known")
        #expect(facts.requisitions.map(\.id) == [101] && facts.requisitions.first?.unpaid == true
                && facts.requisitions.first?.paidCents == 30_000, "only 101 is open (0.10 short): \(facts.requisitions)")

        // This pull received the last 0.10: 101 is settled, counted as the plan sees it.
        try ledger.notePendingVersions(runID: run, scope: "project:1", [
            version("contract_payments", 4, .init(kind: .payment, commitmentID: 11, requisitionID: 101, active: true, cents: 10)),
        ])
        facts = try ledger.paymentPlanFacts(runID: run)
        #expect(facts.requisitions.map(\.id) == [101] && facts.requisitions.first?.unpaid == false)
        // Committed with a listing of both commitments: nothing is open, nothing changed.
        try ledger.commitPull(runID: run, completed: [
            CompletedPullScope(resource: "contract_payments", scope: "project:1", updatedThrough: nil, replaceHashes: false,
                               paymentListing: PaymentListingMark(projectID: 1, commitmentIDs: [10, 11], throughSeq: facts.sequenceHigh)),
        ])
        let next = try ledger.beginRun(kind: "pull")
        facts = try ledger.paymentPlanFacts(runID: next)
        #expect(facts.requisitions.isEmpty && Set(facts.lastListed.keys) == [10, 11], "\(facts.requisitions)")

        // A requisition stored after the listing by another run (a webhook's pull) is a change.
        try ledger.insertSourceVersions([
            version("requisitions", 100, .init(kind: .requisition, commitmentID: 10, active: true, cents: 50_000),
                    updated: "2026-02-01T00:00:00Z"),
        ], origin: "pull", runID: nil)
        facts = try ledger.paymentPlanFacts(runID: next)
        #expect(facts.requisitions.map(\.id) == [100] && facts.requisitions.first?.changed == true
                && facts.requisitions.first?.unpaid == false)
    }

    @Test("a payments scope that fails is reported and swept again next time; its versions are dropped")
    func failedPaymentsScopeIsPulledAgain() async throws {
        let source = InMemoryProcoreSource()
        source.projectIDs = [1]
        let item = { (id: Int64) in InMemoryProcoreSource.Item(id: id, updatedAt: "2026-01-01T00:00:00Z", body: "{\"x\":1}") }
        source.set(.purchaseOrderContracts, project: 1, [item(10), item(11)])
        source.mutate { fake in
            fake.items["contract_payments|1|c10"] = [item(500)]
            fake.failures["contract_payments|1|c11"] = .http(status: 500, endpoint: "/rest/v1.0/contract_payments", project: 1, message: "boom")
        }
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        func pull() async throws -> PullSummary {
            try await Puller(source: source, ledger: ledger, stagingRoot: workspace.stagingRoot, companyID: 99,
                             options: PullOptions(resources: [.purchaseOrderContracts, .contractPayments], maxConcurrency: 2)).run()
        }
        let first = try await pull()
        #expect(first.failed.map(\.resource) == ["contract_payments"] && first.status == "partial")
        #expect(try ledger.latestSourceVersion(resource: "contract_payments", sourceID: 500) == nil)
        #expect(try ledger.cursor(resource: "contract_payments", scope: "project:1") == nil)

        source.mutate { $0.failures = [:] }
        let second = try await pull()
        #expect(second.isComplete)
        #expect(second.payments?.sweeps["project:1"] == "no sweep yet" && second.payments?.commitmentsAsked == 2)
        #expect(second.records["contract_payments"] == 1)
        #expect(try ledger.latestSourceVersion(resource: "contract_payments", sourceID: 500) != nil)
        #expect(try ledger.cursor(resource: "contract_payments", scope: "project:1") != nil)
        let paymentCalls = source.listCalls.filter { $0.hasPrefix("contract_payments") }
        #expect(paymentCalls.filter { $0 == "contract_payments|1|c11" }.count == 2)
    }
}
