import Synchronization

/// The process-wide "one writer per company" rule.
///
/// Sage 100 locks records during COM writes; two connector writers on one company only
/// collide with each other. Every post takes the company's lock first, so two posts to the
/// same company (on the same agent) never overlap, while different companies proceed in
/// parallel. Waiters are served first come, first served, and a cancelled waiter leaves the queue.
public final class SageCompanyWriterLocks: Sendable {
    /// The registry every ``SageAgentClient`` in this process uses.
    public static let shared = SageCompanyWriterLocks()

    private let registry = Registry()

    public init() {}

    /// Runs `body` while holding the writer lock for `key`, waiting for earlier holders first.
    public func withLock<T>(for key: String, isolation: isolated (any Actor)? = #isolation,
                            _ body: () async throws -> T) async throws -> T {
        let ticket = Ticket()
        try await withTaskCancellationHandler {
            try await registry.acquire(key, ticket: ticket)
        } onCancel: { [registry] in
            ticket.markCancelled()
            Task { await registry.cancel(key, ticket: ticket) }
        }
        do {
            let result = try await body()
            await registry.release(key)
            return result
        } catch {
            await registry.release(key)
            throw error
        }
    }

    /// True while some task holds the lock for `key` (for diagnostics and tests).
    public func isHeld(_ key: String) async -> Bool {
        await registry.isHeld(key)
    }

    /// One acquisition attempt; remembers a cancellation that arrives before it is queued.
    final class Ticket: Sendable {
        private let cancelled = Mutex(false)
        func markCancelled() { cancelled.withLock { $0 = true } }
        var isCancelled: Bool { cancelled.withLock { $0 } }
    }

    actor Registry {
        private struct Waiter {
            let ticket: Ticket
            let continuation: CheckedContinuation<Void, any Error>
        }
        private var held: Set<String> = []
        private var queues: [String: [Waiter]] = [:]

        func acquire(_ key: String, ticket: Ticket) async throws {
            if ticket.isCancelled { throw CancellationError() }
            if !held.contains(key) {
                held.insert(key)
                return
            }
            try await withCheckedThrowingContinuation { continuation in
                queues[key, default: []].append(Waiter(ticket: ticket, continuation: continuation))
            }
        }

        func release(_ key: String) {
            if var queue = queues[key], !queue.isEmpty {
                let next = queue.removeFirst()
                queues[key] = queue.isEmpty ? nil : queue
                next.continuation.resume()  // ownership passes to the next waiter
            } else {
                held.remove(key)
            }
        }

        func cancel(_ key: String, ticket: Ticket) {
            // Not queued: either already granted (the body sees the cancellation) or not yet
            // arrived (acquire sees the ticket's flag and throws).
            if var queue = queues[key], let index = queue.firstIndex(where: { $0.ticket === ticket }) {
                let waiter = queue.remove(at: index)
                queues[key] = queue.isEmpty ? nil : queue
                waiter.continuation.resume(throwing: CancellationError())
            }
        }

        func isHeld(_ key: String) -> Bool { held.contains(key) }
    }
}
