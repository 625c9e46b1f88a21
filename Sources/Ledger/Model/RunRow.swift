/// One row of the `runs` table.
public struct RunRow: Sendable, Equatable, Codable {
    public var id: RunID
    /// What the run did: `pull`, `transform`, `post`, `reconcile`, `replay`, `run`.
    public var kind: String
    /// ISO 8601 UTC.
    public var startedAt: String
    /// ISO 8601 UTC; nil while running.
    public var finishedAt: String?
    public var status: RunStatus
    /// The run's summary as JSON (for a pull: the `PullSummary`).
    public var summaryJSON: String?
    /// The `run` this stage run belongs to, if any.
    public var parentID: RunID?

    public init(id: RunID, kind: String, startedAt: String, finishedAt: String?, status: RunStatus, summaryJSON: String?,
                parentID: RunID? = nil) {
        self.parentID = parentID
        self.id = id
        self.kind = kind
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.summaryJSON = summaryJSON
    }
}
