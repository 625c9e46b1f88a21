/// What a pull did, as printed by `ml-connector pull --json` and stored with the run:
/// `{"run_id","staged_dir","records":{resource:count},"requests","rate_limited","retries",
/// "tokens","forbidden":[{"project_id","endpoint"}],"failed":[…],"duration_s"}`.
public struct PullSummary: Sendable, Codable, Equatable {
    /// A project (or the company) the service account may not read for one endpoint.
    public struct Forbidden: Sendable, Codable, Equatable, Hashable {
        public var resource: String
        public var projectID: Int64?
        public var endpoint: String

        enum CodingKeys: String, CodingKey {
            case resource, endpoint, projectID = "project_id"
        }
    }

    /// A (resource, scope) that failed for another reason.
    public struct Failed: Sendable, Codable, Equatable {
        public var resource: String
        public var scope: String
        public var projectID: Int64?
        public var endpoint: String?
        public var message: String

        enum CodingKeys: String, CodingKey {
            case resource, scope, endpoint, message, projectID = "project_id"
        }
    }

    public var runID: String
    /// The run's staging folder (absolute).
    public var stagedDirectory: String
    /// `complete` or `partial` (some scopes forbidden or failed).
    public var status: String
    public var full: Bool
    /// Records staged (new or changed) per resource.
    public var records: [String: Int]
    /// Records received per resource (staged or unchanged).
    public var received: [String: Int]
    /// API requests (token requests not included).
    public var requests: Int
    /// 429 answers.
    public var rateLimited: Int
    public var retries: Int
    /// Access tokens obtained.
    public var tokens: Int
    public var forbidden: [Forbidden]
    public var failed: [Failed]
    public var durationSeconds: Double

    /// True when every scope completed.
    public var isComplete: Bool { forbidden.isEmpty && failed.isEmpty }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", stagedDirectory = "staged_dir", status, full, records, received, requests
        case rateLimited = "rate_limited", retries, tokens, forbidden, failed, durationSeconds = "duration_s"
    }
}
