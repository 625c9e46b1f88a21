import Foundation
import HTTP
import Sandbox
import Synchronization
import Testing
@testable import Procore

/// The bound on list pages held at once across listings (peak memory of a pull).
@Suite("List page budget")
struct ListPageBudgetTests {
    @Test("a page is admitted alone even when larger than the limit; the next waits for its release")
    func aloneThenWait() async throws {
        let budget = ListPageBudget(limit: 1000)
        let first = await budget.admit("requisitions")
        await budget.received(first, bytes: 5000, key: "requisitions")
        #expect(await budget.heldBytes == 5000)

        let admitted = Atomic<Int>(0)
        let waiter = Task {
            let reservation = await budget.admit("requisitions")
            admitted.add(1, ordering: .relaxed)
            await budget.abandoned(reservation)
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(admitted.load(ordering: .relaxed) == 0, "a second page must wait while 5000 bytes are held over a 1000-byte limit")
        await budget.release(5000)
        await waiter.value
        #expect(admitted.load(ordering: .relaxed) == 1)
        #expect(await budget.heldBytes == 0)
    }

    @Test("pages of a resource whose size is known share the limit; an unknown one expects half of it")
    func expectedSizes() async throws {
        let budget = ListPageBudget(limit: 1000)
        // Unknown resource: expects 500, admitted alone.
        let a = await budget.admit("vendors")
        // A second unknown page fits beside it (500 + 500 <= 1000).
        let b = await budget.admit("vendors")
        #expect(a == 500 && b == 500)
        await budget.received(a, bytes: 300, key: "vendors")
        await budget.received(b, bytes: 300, key: "vendors")
        // Now vendors pages are expected at 300: 600 held + 300 fits, a fourth would not.
        let c = await budget.admit("vendors")
        #expect(c == 300)
        let fourth = Task { await budget.admit("vendors") }
        try await Task.sleep(for: .milliseconds(100))
        await budget.abandoned(c)
        // 600 held + 300 expected fits again once c is gone.
        let d = await fourth.value
        #expect(d == 300)
        await budget.abandoned(d)
        await budget.release(600)
        #expect(await budget.heldBytes == 0)
    }

    @Test("concurrent listings through a tiny budget handle one page at a time, every record arrives, nested listings do not wait")
    func clientHoldsOnePageAtATime() async throws {
        let sandbox = try await ProcoreSandbox.start(ProcoreSandboxConfiguration(projects: 3, recordsPerProject: 150))
        defer { Task { await sandbox.stop() } }
        let dataset = await sandbox.dataset()
        let configuration = ProcoreConfiguration(
            environment: .custom(apiBaseURL: sandbox.baseURL, authBaseURL: sandbox.baseURL),
            companyID: sandbox.configuration.companyID, clientID: sandbox.configuration.clientID,
            clientSecret: sandbox.configuration.clientSecret, perPage: 5, maxConcurrentRequests: 4,
            requestTimeout: .seconds(20), listPageBudget: 1)
        let client = ProcoreClient(configuration: configuration, http: CurlHTTPClient(configuration: HTTPClientConfiguration(
            connectTimeout: .seconds(5), timeout: .seconds(20), maxConcurrentRequests: 4)))

        let seen = HandlerCounts()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for project in dataset.projectIDs {
                group.addTask {
                    try await client.list(.requisitions, projectID: project, updatedBetween: nil) { page in
                        let first = seen.enter(page.records.map(\.id))
                        if first {
                            // A listing inside a page's handler must not wait for the page it is in.
                            try await client.list(.vendors, projectID: nil, updatedBetween: nil) { inner in
                                seen.addNested(inner.records.count)
                            }
                        }
                        try await Task.sleep(for: .milliseconds(5))
                        seen.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        let counts = seen.state.withLock { $0 }
        #expect(counts.most == 1)
        #expect(counts.ids.count == dataset.counts["requisitions"])
        #expect(counts.pages > dataset.projectIDs.count, "several pages per project at 5 per page")
        #expect(counts.nested == dataset.counts["vendors"])
    }

    @Test("the allocator keeps large buffers in their own mappings (glibc)")
    func largeBuffersReturned() {
        #if canImport(Glibc)
        #expect(LargeBufferAllocation.returnToSystemWhenFreed())
        #endif
    }

    @Test("a negative list_page_budget is refused, naming the field")
    func negativeBudget() {
        let configuration = ProcoreConfiguration(companyID: 1, clientID: "a", clientSecret: "b", listPageBudget: -1)
        #expect {
            try configuration.validate()
        } throws: { error in
            "\(error)".contains("list_page_budget")
        }
    }
}

/// What the page handlers of concurrent listings saw.
private final class HandlerCounts: Sendable {
    struct State {
        var now = 0
        var most = 0
        var pages = 0
        var nested = 0
        var ids: Set<Int64> = []
    }
    let state = Mutex(State())

    /// A handler starts; returns true for the very first page.
    func enter(_ ids: [Int64]) -> Bool {
        state.withLock {
            $0.now += 1
            $0.most = max($0.most, $0.now)
            $0.pages += 1
            $0.ids.formUnion(ids)
            return $0.pages == 1
        }
    }

    func leave() { state.withLock { $0.now -= 1 } }
    func addNested(_ count: Int) { state.withLock { $0.nested += count } }
}
