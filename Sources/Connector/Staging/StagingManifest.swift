/// `staging/<run-id>/manifest.json`: what a pull staged and how it went. Written last; a run
/// folder without it is not a finished run.
public struct StagingManifest: Sendable, Codable, Equatable {
    /// One (resource, scope) pulled.
    public struct Scope: Sendable, Codable, Equatable {
        public var resource: String
        /// `company:<id>` or `project:<id>`.
        public var scope: String
        public var projectID: Int64?
        /// `complete`, `forbidden` or `failed`.
        public var status: String
        /// Records received from Procore (after de-duplication).
        public var received: Int
        /// Records written to the staging file (new or changed).
        public var staged: Int
        public var pages: Int
        /// The `filters[updated_at]` window used; nil for resources pulled whole.
        public var windowFrom: String?
        public var windowTo: String?
        /// True when a page-boundary shift was detected and the listing was repeated.
        public var relisted: Bool
        /// Why the scope did not complete.
        public var message: String?
        public var endpoint: String?

        enum CodingKeys: String, CodingKey {
            case resource, scope, status, received, staged, pages, relisted, message, endpoint
            case projectID = "project_id", windowFrom = "window_from", windowTo = "window_to"
        }
    }

    public var formatVersion: Int = 1
    public var runID: String
    public var companyID: Int64
    public var startedAt: String
    public var finishedAt: String
    public var durationSeconds: Double
    /// True when cursors were ignored (`--full`).
    public var full: Bool
    public var files: [StagedFileSummary]
    public var scopes: [Scope]
    /// Scopes Procore answered 403 for.
    public var forbidden: [PullSummary.Forbidden]
    /// Scopes that failed otherwise (pulled again next time).
    public var failed: [PullSummary.Failed]
    public var requests: Int
    public var rateLimited: Int
    public var unavailable: Int
    public var retries: Int
    public var tokens: Int
    public var pacingWaits: Int
    public var pacingWaitSeconds: Double

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", runID = "run_id", companyID = "company_id"
        case startedAt = "started_at", finishedAt = "finished_at", durationSeconds = "duration_s"
        case full, files, scopes, forbidden, failed, requests, retries, tokens
        case rateLimited = "rate_limited", unavailable, pacingWaits = "pacing_waits", pacingWaitSeconds = "pacing_wait_s"
    }
}
