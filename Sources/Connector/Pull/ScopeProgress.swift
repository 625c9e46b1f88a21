/// Counters of one listing, updated from the page callback.
actor ScopeProgress {
    private(set) var received = 0
    private(set) var staged = 0
    private(set) var pages = 0
    /// `Total` reported with the first page of the current pass.
    private(set) var firstTotal: Int?
    /// Distinct records received in the current pass.
    private(set) var passReceived = 0

    func add(page: Int, received fresh: Int, seenInPass: Int, staged newStaged: Int, total: Int?) {
        if page == 1 { firstTotal = total }
        received += fresh
        passReceived += seenInPass
        staged += newStaged
        pages += 1
    }

    func startPass() {
        firstTotal = nil
        passReceived = 0
    }
}
