import Synchronization
import Testing
@testable import Sage100

@Suite("One writer per company")
struct AgentWriterLockTests {
    final class Gauge: Sendable {
        let state = Mutex((current: 0, peak: 0, order: [Int]()))
        func enter(_ id: Int) { state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current); $0.order.append(id) } }
        func leave() { state.withLock { $0.current -= 1 } }
        var peak: Int { state.withLock { $0.peak } }
        var order: [Int] { state.withLock { $0.order } }
    }

    @Test("holders of one company's lock never overlap")
    func sameCompanySerialised() async throws {
        let locks = SageCompanyWriterLocks()
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 0..<12 {
                group.addTask {
                    try await locks.withLock(for: "agent|ABC") {
                        gauge.enter(id)
                        try await Task.sleep(for: .milliseconds(5))
                        gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(gauge.peak == 1)
        #expect(gauge.order.count == 12)
        #expect(await !locks.isHeld("agent|ABC"))
    }

    @Test("different companies write at the same time")
    func differentCompaniesOverlap() async throws {
        let locks = SageCompanyWriterLocks()
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (id, company) in ["ABC", "XYZ", "DEF"].enumerated() {
                group.addTask {
                    try await locks.withLock(for: "agent|\(company)") {
                        gauge.enter(id)
                        // Wait until all three are inside at once (proves they overlap).
                        for _ in 0..<400 where gauge.peak < 3 { try await Task.sleep(for: .milliseconds(5)) }
                        gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(gauge.peak == 3)
    }

    @Test("a thrown error releases the lock")
    func errorReleases() async throws {
        struct Boom: Error {}
        let locks = SageCompanyWriterLocks()
        await #expect(throws: Boom.self) {
            try await locks.withLock(for: "k") { throw Boom() }
        }
        #expect(await !locks.isHeld("k"))
        let value = try await locks.withLock(for: "k") { 41 + 1 }
        #expect(value == 42)
    }

    @Test("a cancelled waiter leaves the queue without taking the lock")
    func cancelledWaiter() async throws {
        let locks = SageCompanyWriterLocks()
        let gauge = Gauge()
        let release = Mutex(false)
        let holder = Task {
            try await locks.withLock(for: "k") {
                gauge.enter(1)
                while !release.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(2)) }
                gauge.leave()
            }
        }
        while gauge.order.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
        let waiter = Task { try await locks.withLock(for: "k") { gauge.enter(2); gauge.leave() } }
        try await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        release.withLock { $0 = true }
        try await holder.value
        #expect(gauge.order == [1])
        #expect(await !locks.isHeld("k"))
    }
}
