import Synchronization

/// The lease store in memory, for unit tests of the workers: the same rules as
/// ``SQLLeaseStore`` (the behaviour suite runs against both) and a clock the test moves.
public final class InMemoryLeaseStore: LeaseStore {
    private struct Row {
        var owner: String
        var previousOwner = ""
        var generation: Int64
        var expiresAt: Int64
    }
    private struct State {
        var now: Int64 = 1_000_000
        var rows: [String: Row] = [:]
        var events: [LeaseEvent] = []
        var posting: Set<String> = []
        var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    }
    private let state = Mutex(State())

    public init() {}

    /// Moves the store's clock on (leases run out without waiting).
    public func advance(by duration: Duration) {
        state.withLock { $0.now += duration.leaseMilliseconds }
    }

    public func acquire(company: String, owner: String, for duration: Duration) async throws -> CompanyLease? {
        precondition(!owner.isEmpty, "a worker's identity is never empty")
        return state.withLock { s in
            let expiresAt = s.now + duration.leaseMilliseconds
            let row: Row
            if let old = s.rows[company] {
                if old.owner == owner {
                    row = Row(owner: owner, previousOwner: old.previousOwner, generation: old.generation, expiresAt: expiresAt)
                } else if old.expiresAt <= s.now {
                    row = Row(owner: owner, previousOwner: old.owner, generation: old.generation + 1, expiresAt: expiresAt)
                } else {
                    return nil
                }
            } else {
                row = Row(owner: owner, generation: 1, expiresAt: expiresAt)
            }
            s.rows[company] = row
            if !s.events.contains(where: { $0.company == company && $0.generation == row.generation && $0.kind == .acquired }) {
                s.events.append(LeaseEvent(company: company, owner: owner, generation: row.generation, kind: .acquired, at: s.now))
            }
            return CompanyLease(company: company, owner: owner, generation: row.generation, expiresAt: expiresAt,
                                abandonedBy: row.previousOwner.isEmpty ? nil : row.previousOwner)
        }
    }

    public func renew(_ lease: CompanyLease, for duration: Duration) async throws -> CompanyLease {
        try state.withLock { s in
            guard var row = s.rows[lease.company], row.owner == lease.owner, row.generation == lease.generation else {
                throw LeaseError.lost(company: lease.company, owner: lease.owner, generation: lease.generation)
            }
            row.expiresAt = s.now + duration.leaseMilliseconds
            s.rows[lease.company] = row
            return CompanyLease(company: lease.company, owner: lease.owner, generation: row.generation, expiresAt: row.expiresAt,
                                abandonedBy: row.previousOwner.isEmpty ? nil : row.previousOwner)
        }
    }

    public func release(_ lease: CompanyLease) async throws {
        state.withLock { s in
            guard var row = s.rows[lease.company], row.owner == lease.owner, row.generation == lease.generation else { return }
            row.owner = ""
            row.expiresAt = s.now
            s.rows[lease.company] = row
            s.events.append(LeaseEvent(company: lease.company, owner: lease.owner, generation: lease.generation, kind: .released, at: s.now))
        }
    }

    public func holder(of company: String) async throws -> CompanyLease? {
        state.withLock { s in
            guard let row = s.rows[company], !row.owner.isEmpty, row.expiresAt > s.now else { return nil }
            return CompanyLease(company: company, owner: row.owner, generation: row.generation, expiresAt: row.expiresAt,
                                abandonedBy: row.previousOwner.isEmpty ? nil : row.previousOwner)
        }
    }

    public func withPostLock<T: Sendable>(_ lease: CompanyLease, _ body: @Sendable () async throws -> T) async throws -> T {
        await lockPosting(lease.company)
        defer { unlockPosting(lease.company) }
        let current = state.withLock { s in
            guard let row = s.rows[lease.company] else { return false }
            return row.owner == lease.owner && row.generation == lease.generation && row.expiresAt > s.now
        }
        guard current else { throw LeaseError.lost(company: lease.company, owner: lease.owner, generation: lease.generation) }
        return try await body()
    }

    public func abandoned() async throws -> [String] {
        state.withLock { s in s.rows.filter { !$0.value.owner.isEmpty && $0.value.expiresAt <= s.now }.keys.sorted() }
    }

    public func events(for company: String) async throws -> [LeaseEvent] {
        state.withLock { $0.events.filter { $0.company == company } }
    }

    public func close() async {}

    private func lockPosting(_ company: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let free = state.withLock { s -> Bool in
                if s.posting.insert(company).inserted { return true }
                s.waiters[company, default: []].append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
    }

    private func unlockPosting(_ company: String) {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard var queue = s.waiters[company], !queue.isEmpty else {
                s.posting.remove(company)
                return nil
            }
            let next = queue.removeFirst()  // the lock passes to the next waiter
            s.waiters[company] = queue.isEmpty ? nil : queue
            return next
        }
        next?.resume()
    }
}
