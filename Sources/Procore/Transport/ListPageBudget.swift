/// Bounds the bytes of list pages one client holds at once, across every listing in flight.
///
/// A list page stays in memory (as its records) from its arrival until its handler returns,
/// and a page's size is `per_page` times the size of one record: with several listings in
/// flight, all on full pages of large records, memory would follow the page size times the
/// listings. Here a page is fetched only while the pages held, plus the expected size of the
/// pages being fetched, stay within `limit`. The expected size is the largest page of that
/// resource seen so far; before any, half the limit. A page is always admitted when nothing
/// else is held or fetched, so one page larger than the limit still goes through, alone.
/// Waiters are served in arrival order.
actor ListPageBudget {
    /// The bytes of list pages held and expected at once.
    let limit: Int
    private var held = 0
    private var reserved = 0
    private var largest: [String: Int] = [:]
    private var waiters: [(key: String, continuation: CheckedContinuation<Int, Never>)] = []

    init(limit: Int) { self.limit = max(0, limit) }

    /// Waits until a page of `key` (a resource) may be fetched; returns the reservation to hand
    /// back to ``received(_:bytes:key:)`` or ``abandoned(_:)``.
    func admit(_ key: String) async -> Int {
        if waiters.isEmpty, let reservation = admission(key) {
            reserved += reservation
            return reservation
        }
        return await withCheckedContinuation { waiters.append((key, $0)) }
    }

    /// The page arrived: it is now held as `bytes` until ``release(_:)``.
    func received(_ reservation: Int, bytes: Int, key: String) {
        reserved -= reservation
        held += bytes
        largest[key] = max(largest[key] ?? 0, bytes)
        wake()
    }

    /// The fetch failed: nothing is held.
    func abandoned(_ reservation: Int) {
        reserved -= reservation
        wake()
    }

    /// The page was handled and its records let go.
    func release(_ bytes: Int) {
        held -= bytes
        wake()
    }

    /// Bytes of pages held now (for tests).
    var heldBytes: Int { held }

    private func admission(_ key: String) -> Int? {
        let expected = max(1, largest[key] ?? limit / 2)
        if held == 0 && reserved == 0 { return expected }
        return held + reserved + expected <= limit ? expected : nil
    }

    private func wake() {
        while let first = waiters.first, let reservation = admission(first.key) {
            waiters.removeFirst()
            reserved += reservation
            first.continuation.resume(returning: reservation)
        }
    }
}
