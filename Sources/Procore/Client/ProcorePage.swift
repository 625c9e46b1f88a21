/// One page of a list, handed to the caller as soon as it arrives.
public struct ProcorePage: Sendable {
    /// What was listed.
    public var resource: ProcoreResource
    /// The project scope, nil for company resources.
    public var projectID: Int64?
    /// The page's records, raw bytes as received.
    public var records: [ProcoreRecord]
    /// 1-based page number.
    public var page: Int
    /// The `Total` header: records across all pages, when the endpoint reports it.
    public var total: Int?

    public init(resource: ProcoreResource, projectID: Int64?, records: [ProcoreRecord], page: Int, total: Int?) {
        self.resource = resource
        self.projectID = projectID
        self.records = records
        self.page = page
        self.total = total
    }
}
