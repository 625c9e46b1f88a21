/// A Procore project's Sage side: the Job Cost job number and the account segment values that
/// fill placeholders such as `{division}`.
public struct ProjectMapping: Sendable, Hashable, Codable {
    /// Procore project id.
    public var projectID: Int64
    /// Sage `JobNo` (at most 7 characters), when the project is a Sage job.
    public var jobNo: String?
    /// Placeholder values, e.g. `["division": "04"]`.
    public var segments: [String: String]

    public init(projectID: Int64, jobNo: String? = nil, segments: [String: String] = [:]) {
        self.projectID = projectID
        self.jobNo = jobNo
        self.segments = segments
    }
}
