import Foundation
import Hosting
import Synchronization
import Testing

/// The one behaviour suite every lease store passes: in memory, SQLite and PostgreSQL.
@Suite("Lease store behaviour")
struct LeaseStoreBehaviourTests {
    @Test("a free company is taken at generation 1; another worker is refused while it lasts; its owner extends it",
          arguments: LeaseStoreKind.available)
    func takeAndRefuse(kind: LeaseStoreKind) async throws {
        let (store, cleanUp) = try await kind.make()
        defer { cleanUp() }
        let company = uniqueCompany()
        let lease = try #require(try await store.acquire(company: company, owner: "worker-a", for: .seconds(60)))
        #expect(lease.generation == 1 && lease.owner == "worker-a" && lease.company == company)
        #expect(try await store.acquire(company: company, owner: "worker-b", for: .seconds(60)) == nil)
        #expect(try await store.holder(of: company) == lease)
        let again = try #require(try await store.acquire(company: company, owner: "worker-a", for: .seconds(120)))
        #expect(again.generation == 1 && again.expiresAt > lease.expiresAt)
        #expect(try await store.events(for: company).map(\.kind) == [.acquired])
        await store.close()
    }

    @Test("a lease that ran out passes to another worker at the next generation; the old owner can neither renew nor post",
          arguments: LeaseStoreKind.available)
    func takeover(kind: LeaseStoreKind) async throws {
        let (store, cleanUp) = try await kind.make()
        defer { cleanUp() }
        let company = uniqueCompany()
        // A lease of no length has run out the moment it is taken.
        let old = try #require(try await store.acquire(company: company, owner: "worker-a", for: .zero))
        #expect(old.abandonedBy == nil)
        #expect(try await store.holder(of: company) == nil)
        #expect(try await store.abandoned().contains(company), "run out without a release: abandoned")
        let new = try #require(try await store.acquire(company: company, owner: "worker-b", for: .seconds(60)))
        #expect(new.generation == old.generation + 1 && new.owner == "worker-b")
        #expect(new.abandonedBy == "worker-a", "the new owner learns it takes over a cut-off cycle")
        #expect(try await store.abandoned().contains(company) == false)

        await #expect(throws: LeaseError.lost(company: company, owner: "worker-a", generation: old.generation)) {
            try await store.renew(old, for: .seconds(60))
        }
        let posts = Overlap()
        await #expect(throws: LeaseError.lost(company: company, owner: "worker-a", generation: old.generation)) {
            try await store.withPostLock(old) { posts.enter(); posts.leave() }
        }
        #expect(posts.entered == 0, "a lost lease never posts")
        try await store.withPostLock(new) { posts.enter(); posts.leave() }
        #expect(posts.entered == 1)
        // Releasing the old lease changes nothing: it is no longer worker-a's.
        try await store.release(old)
        #expect(try await store.holder(of: company) == new)
        let events = try await store.events(for: company)
        #expect(events.map(\.owner) == ["worker-a", "worker-b"])
        #expect(events.map(\.generation) == [1, 2])
        await store.close()
    }

    @Test("renewing extends the lease; releasing frees it at once and the next taker starts a new generation",
          arguments: LeaseStoreKind.available)
    func renewAndRelease(kind: LeaseStoreKind) async throws {
        let (store, cleanUp) = try await kind.make()
        defer { cleanUp() }
        let company = uniqueCompany()
        let lease = try #require(try await store.acquire(company: company, owner: "worker-a", for: .seconds(1)))
        let renewed = try await store.renew(lease, for: .seconds(600))
        #expect(renewed.generation == lease.generation && renewed.expiresAt >= lease.expiresAt + 599_000)
        try await store.release(renewed)
        #expect(try await store.holder(of: company) == nil)
        #expect(try await store.abandoned().contains(company) == false, "a released company is not abandoned")
        let next = try #require(try await store.acquire(company: company, owner: "worker-b", for: .seconds(60)))
        #expect(next.generation == 2 && next.abandonedBy == nil, "a released company is taken cleanly, as a new generation")
        await #expect(throws: LeaseError.self) { try await store.renew(renewed, for: .seconds(60)) }
        let events = try await store.events(for: company)
        #expect(events.map(\.kind) == [.acquired, .released, .acquired])
        #expect(events.map(\.owner) == ["worker-a", "worker-a", "worker-b"])
        #expect(events.map(\.generation) == [1, 1, 2])
        await store.close()
    }

    @Test("workers racing for one company: exactly one wins", arguments: LeaseStoreKind.available)
    func race(kind: LeaseStoreKind) async throws {
        let (store, cleanUp) = try await kind.make()
        defer { cleanUp() }
        let company = uniqueCompany()
        let winners = try await withThrowingTaskGroup(of: CompanyLease?.self) { group in
            for worker in 0..<8 {
                group.addTask { try await store.acquire(company: company, owner: "worker-\(worker)", for: .seconds(60)) }
            }
            return try await group.reduce(into: [CompanyLease]()) { if let lease = $1 { $0.append(lease) } }
        }
        #expect(winners.count == 1)
        #expect(try await store.holder(of: company) == winners.first)
        #expect(try await store.events(for: company).count == 1)
        await store.close()
    }

    @Test("posts to one company never overlap; posts to two companies do", arguments: LeaseStoreKind.available)
    func postLock(kind: LeaseStoreKind) async throws {
        let (store, cleanUp) = try await kind.make()
        defer { cleanUp() }
        let first = try #require(try await store.acquire(company: uniqueCompany("first"), owner: "worker-a", for: .seconds(600)))
        let posts = Overlap()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await store.withPostLock(first) {
                        posts.enter()
                        for _ in 0..<20 { await Task.yield() }
                        posts.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(posts.entered == 6)
        #expect(posts.mostAtOnce == 1)

        // While the first company's post lock is held, the second company's post runs and
        // lets the first one finish: were they serialized, this would never return.
        let second = try #require(try await store.acquire(company: uniqueCompany("second"), owner: "worker-a", for: .seconds(600)))
        let gate = Gate()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.withPostLock(first) { await gate.wait() } }
            group.addTask {
                await gate.waitUntilWaiting()
                try await store.withPostLock(second) { gate.open() }
            }
            try await group.waitForAll()
        }
        await store.close()
    }
}

/// Counts bodies running at once.
final class Overlap: Sendable {
    private let state = Mutex((inside: 0, most: 0, entered: 0))

    func enter() {
        state.withLock { s in
            s.inside += 1
            s.entered += 1
            s.most = Swift.max(s.most, s.inside)
        }
    }

    func leave() { state.withLock { $0.inside -= 1 } }
    var entered: Int { state.withLock { $0.entered } }
    var mostAtOnce: Int { state.withLock { $0.most } }
}

/// One task waits until another opens the gate; the other can first wait until it is waiting.
final class Gate: Sendable {
    private struct State {
        var open = false
        var waiter: CheckedContinuation<Void, Never>?
        var watchers: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (resumeNow, watchers) = state.withLock { s -> (Bool, [CheckedContinuation<Void, Never>]) in
                if s.open { return (true, []) }
                s.waiter = continuation
                defer { s.watchers = [] }
                return (false, s.watchers)
            }
            watchers.forEach { $0.resume() }
            if resumeNow { continuation.resume() }
        }
    }

    func waitUntilWaiting() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = state.withLock { s -> Bool in
                if s.waiter != nil || s.open { return true }
                s.watchers.append(continuation)
                return false
            }
            if waiting { continuation.resume() }
        }
    }

    func open() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.open = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }
}
