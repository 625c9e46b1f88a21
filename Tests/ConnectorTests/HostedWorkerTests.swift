@testable import Connector
@testable import Demo
import Foundation
import Hosting
import Ledger
import Sage100
import Sandbox
import Synchronization
import Testing

/// Demo companies (each its own Procore sandbox, Sage simulator and folder) under one tenants
/// file with a SQLite lease store, removed afterwards.
struct HostedHarness {
    let folder: String
    let environments: [String: DemoEnvironment]
    let tenants: TenantsFile

    static func start(companies: Int, leaseSeconds: Int = 30) async throws -> HostedHarness {
        let folder = NSTemporaryDirectory() + "hosted-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var environments: [String: DemoEnvironment] = [:]
        var yml = "leases:\n  store: leases.sqlite\n  seconds: \(leaseSeconds)\ntenants:\n"
        for index in 1...companies {
            let name = "company-\(index)"
            let env = try await DemoEnvironment.start(directory: folder + "/" + name, options: .init(
                projects: 2, recordsPerProject: 30, seed: UInt64(40 + index)))
            environments[name] = env
            yml += "  - name: \(name)\n    config: \(name)/connector.yml\n"
        }
        let path = folder + "/tenants.yml"
        try Data(yml.utf8).write(to: URL(fileURLWithPath: path))
        return HostedHarness(folder: folder, environments: environments, tenants: try TenantsFile.load(path: path))
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for env in environments.values { environment.merge(env.secrets) { $1 } }
        return environment
    }

    func worker(_ name: String, store: any LeaseStore, events: HostedEventLog) -> HostedWorker {
        HostedWorker(identity: name, tenants: tenants, store: store, concurrency: 2, tick: .milliseconds(50),
                     environment: environment, onEvent: { events.append(name, $0) })
    }

    func stop() async {
        for env in environments.values { await env.stop() }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// What the workers reported, in order.
final class HostedEventLog: Sendable {
    private let events = Mutex<[(String, HostedEvent)]>([])
    func append(_ worker: String, _ event: HostedEvent) { events.withLock { $0.append((worker, event)) } }
    var all: [(String, HostedEvent)] { events.withLock { $0 } }

    func took(_ company: String) -> [(worker: String, abandonedBy: String?)] {
        all.compactMap { worker, event in
            guard case .took(let taken, _, let abandonedBy) = event, taken == company else { return nil }
            return (worker, abandonedBy)
        }
    }

    func jobs(_ company: String) -> [String] {
        all.compactMap { _, event in
            guard case .jobFinished(let done, let job, _, _, _) = event, done == company else { return nil }
            return job
        }
    }
}

@Suite("Hosted workers over leases", .serialized)
struct HostedWorkerTests {
    @Test("two workers serve three companies: each company's cycle runs once, under one worker, every key posted once, no import overlaps")
    func twoWorkersThreeCompanies() async throws {
        let h = try await HostedHarness.start(companies: 3)
        defer { Task { await h.stop() } }
        let store = try await SQLLeaseStore.open(h.tenants.store)
        let events = HostedEventLog()
        let a = h.worker("worker-a", store: store, events: events)
        let b = h.worker("worker-b", store: store, events: events)
        async let first: Void = a.run(untilIdle: true)
        async let second: Void = b.run(untilIdle: true)
        _ = await (first, second)

        for (name, env) in h.environments {
            let taken = events.took(name)
            #expect(taken.count == 1, "\(name) taken once: \(taken)")
            #expect(events.jobs(name).filter { $0 == "full" }.count == 1, "\(name): one pay cycle")
            let postings = try env.agent.postings()
            #expect(postings.count > 10, "\(name) posted")
            #expect(Set(postings.map(\.idempotencyKey)).count == postings.count, "\(name): no key posted twice")
            #expect(env.agent.stats().overlappingImports == 0)
            let ledger = try Ledger.open(path: try env.configuration().ledgerPath)
            #expect(try ledger.records(in: .uncertain).isEmpty && ledger.records(in: .posting).isEmpty)
            #expect(try await store.holder(of: name) == nil, "released")
            #expect(try await store.events(for: name).map(\.kind) == [.acquired, .released])
        }
        await store.close()
        await h.stop()
    }

    @Test("a lease another deployment abandoned in the same store is not this file's work: the worker goes idle and never takes it",
          .timeLimit(.minutes(2)))
    func othersAbandonedLeasesIgnored() async throws {
        let h = try await HostedHarness.start(companies: 1)
        defer { Task { await h.stop() } }
        let store = InMemoryLeaseStore()
        _ = try await store.acquire(company: "other-deployment", owner: "gone", for: .seconds(3))
        store.advance(by: .seconds(10))
        #expect(try await store.abandoned() == ["other-deployment"])
        let events = HostedEventLog()
        await h.worker("worker-a", store: store, events: events).run(untilIdle: true)
        #expect(events.took("company-1").count == 1)
        #expect(events.took("other-deployment").isEmpty)
        #expect(events.all.contains { if case .idle = $0.1 { true } else { false } }, "the worker went idle")
        await h.stop()
    }

    @Test("a company whose worker died mid-post is taken over: its uncertain records are settled with the agent, nothing is posted twice")
    func takeover() async throws {
        let h = try await HostedHarness.start(companies: 1)
        defer { Task { await h.stop() } }
        let name = "company-1"
        let env = try #require(h.environments[name])
        let store = try await SQLLeaseStore.open(h.tenants.store)

        // The worker that dies: it holds the lease (and never renews or releases it), and its
        // first post loses the connection after Sage committed, leaving records uncertain.
        _ = try #require(try await store.acquire(company: name, owner: "dead-worker", for: .zero))
        let configuration = try env.configuration()
        var dying = PayCycle(configuration: configuration)
        dying.agent = CutOffAgent(base: try dying.makeAgent())
        _ = await dying.run()
        let ledger = try Ledger.open(path: configuration.ledgerPath)
        let uncertain = try ledger.records(in: .uncertain)
        #expect(!uncertain.isEmpty, "the cut-off post left records uncertain")
        #expect(try await store.abandoned().contains(name))

        let events = HostedEventLog()
        await h.worker("worker-b", store: store, events: events).run(untilIdle: true)

        let taken = events.took(name)
        #expect(taken.count == 1 && taken.first?.abandonedBy == "dead-worker", "\(taken)")
        #expect(events.jobs(name).first == "takeover")
        #expect(try ledger.records(in: .uncertain).isEmpty && ledger.records(in: .posting).isEmpty)
        for record in uncertain {
            #expect(try ledger.record(id: record.id)?.state == .posted, "\(record.idempotencyKey) settled as posted")
        }
        let postings = try env.agent.postings()
        #expect(Set(postings.map(\.idempotencyKey)).count == postings.count, "no key posted twice")
        #expect(env.agent.stats().overlappingImports == 0)
        let audit = try await store.events(for: name)
        #expect(audit.map(\.owner) == ["dead-worker", "worker-b", "worker-b"])
        #expect(audit.map(\.generation) == [1, 2, 2])
        await store.close()
        await h.stop()
    }

    @Test("a tenant whose configuration names another tenant's ledger is refused and never served; the other is served")
    func sharedLedgerRefused() async throws {
        let h = try await HostedHarness.start(companies: 2)
        defer { Task { await h.stop() } }
        let first = try #require(h.environments["company-1"]), second = try #require(h.environments["company-2"])
        let path = second.configPath
        let yml = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "path: ml-connector.sqlite", with: "path: \(try first.configuration().ledgerPath)")
        try Data(yml.utf8).write(to: URL(fileURLWithPath: path))
        let store = try await SQLLeaseStore.open(h.tenants.store)
        let events = HostedEventLog()
        await h.worker("worker-a", store: store, events: events).run(untilIdle: true)

        let refusals = events.all.compactMap { _, event -> (String, String)? in
            guard case .tenantFailed(let company, let message) = event else { return nil }
            return (company, message)
        }
        #expect(refusals.map(\.0) == ["company-2"])
        #expect(refusals.first?.1.contains("company-1's too") == true, "\(refusals)")
        #expect(events.took("company-2").isEmpty && events.took("company-1").count == 1)
        #expect(try second.agent.postings().isEmpty, "nothing of company-2 was posted")
        #expect(try !first.agent.postings().isEmpty)
        await store.close()
        await h.stop()
    }

    @Test("a worker whose lease passed to another writes nothing more to that company's Sage")
    func lostLeaseWritesNothing() async throws {
        let store = InMemoryLeaseStore()
        let lease = try #require(try await store.acquire(company: "acme", owner: "worker-a", for: .seconds(30)))
        let base = WriteCountingAgent()
        let agent = LeasedSageAgent(base: base, store: store, company: "acme")
        agent.lease = lease
        _ = try await agent.post(kind: .apInvoices, batchID: "b1", records: [], onEvent: nil)
        #expect(base.posts == 1)
        store.advance(by: .seconds(31))
        _ = try #require(try await store.acquire(company: "acme", owner: "worker-b", for: .seconds(30)))
        await #expect(throws: LeaseError.lost(company: "acme", owner: "worker-a", generation: 1)) {
            _ = try await agent.post(kind: .apInvoices, batchID: "b2", records: [], onEvent: nil)
        }
        await #expect(throws: LeaseError.self) { _ = try await agent.ebusiness(envelope: [], soapAction: nil) }
        #expect(base.posts == 1, "nothing reached the agent after the lease was lost")
        agent.lease = nil
        await #expect(throws: LeaseError.self) { _ = try await agent.post(kind: .apInvoices, batchID: "b3", records: [], onEvent: nil) }
        #expect(base.posts == 1)
    }
}

/// The real agent, except that its first post loses the connection after Sage committed it:
/// every record of that request comes back uncertain (what the client reports when the answer
/// never arrives).
private final class CutOffAgent: ForwardingSageAgent {
    let base: any SageAgent
    private let cut = Mutex(false)
    init(base: any SageAgent) { self.base = base }

    func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
              onEvent: (@Sendable (SageAgentEvent) -> Void)?) async throws -> SagePostOutcome {
        let outcome = try await base.post(kind: kind, batchID: batchID, records: records, onEvent: onEvent)
        guard cut.withLock({ done in defer { done = true }; return !done }) else { return outcome }
        throw SageAgentError.interrupted(cause: .transport(.cancelled(url: "http://agent")), partial: SagePostOutcome(
            kind: kind, batchID: batchID, records: records.map { SagePostRecordOutcome(idempotencyKey: $0.idempotencyKey, status: .uncertain) }))
    }
}

/// A Sage agent that only counts writes.
private final class WriteCountingAgent: SageAgent {
    private let count = Mutex(0)
    var posts: Int { count.withLock { $0 } }
    let companyCode = "ABC"
    let maxRecordsPerRequest = 100

    func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
              onEvent: (@Sendable (SageAgentEvent) -> Void)?) async throws -> SagePostOutcome {
        count.withLock { $0 += 1 }
        return SagePostOutcome(kind: kind, batchID: batchID, records: [])
    }
    func ebusiness(envelope: [UInt8], soapAction: String?) async throws -> [UInt8] {
        count.withLock { $0 += 1 }
        return []
    }
    func status() async throws -> AgentStatus { throw CancellationError() }
    func posting(idempotencyKey: String) async throws -> PostingLookup { throw CancellationError() }
    func vendors(updatedSince: SageUpdatedSince?) async throws -> [APVendor] { [] }
    func glAccounts(updatedSince: SageUpdatedSince?) async throws -> [GLAccount] { [] }
    func accountStructureDetails() async throws -> AgentAccountStructure { throw CancellationError() }
    func postedDocuments(_ kind: SageDocumentKind, batch: String?) async throws -> [AgentPostedDocument] { [] }
    func jobDocuments(jobNo: String) async throws -> [AgentPostedDocument] { [] }
    func checkPayments(updatedSince: SageUpdatedSince?) async throws -> [AgentCheckPayment] { [] }
    func jobCosts(updatedSince: SageUpdatedSince?) async throws -> [AgentJobCost] { [] }
}
