/// Bounds how many tasks run a section at once; waiters are served in arrival order. The one
/// async semaphore of the project: the libcurl client bounds transfers with it, the Procore
/// client its requests in flight.
public actor AsyncSemaphore {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// At least one permit.
    public init(limit: Int) { available = max(1, limit) }

    /// Takes a permit, waiting for one when none is free.
    public func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Returns a permit (to the longest waiter, if any).
    public func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
