import Procore

/// Collects the pages a listing hands to its callback (which may run concurrently).
public actor RecordCollector {
    public private(set) var records: [ProcoreRecord] = []
    public private(set) var pages: [ProcorePage] = []

    public init() {}

    public func add(_ records: [ProcoreRecord]) { self.records += records }
    public func add(page: ProcorePage) {
        pages.append(page)
        records += page.records
    }
}
