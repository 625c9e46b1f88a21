/// What a pull did, as printed by `ml-connector pull --json` and stored with the run:
/// `{"run_id","staged_dir","records":{resource:count},"requests","rate_limited","retries",
/// "tokens","forbidden":[{"project_id","endpoint"}],"failed":[…],"duration_s","payments":{"requests",
/// "commitments_asked","commitments_known","sweeps":{scope:reason},"unpaid_requisition","changed_requisition"}}`.
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

    /// The payment listings of a pull: `contract_payments` is listed per commitment, so only
    /// commitments that can have new payments are asked, and every commitment at a sweep.
    public struct Payments: Sendable, Codable, Equatable {
        /// Payment list requests made (pages, retries not counted).
        public var requests: Int
        /// Commitments asked for their payments.
        public var commitmentsAsked: Int
        /// Commitments the ledger knows in the pulled projects.
        public var commitmentsKnown: Int
        /// Projects whose every commitment was listed (a sweep), and why.
        public var sweeps: [String: String]
        /// Commitments asked between sweeps because an approved requisition is not fully paid.
        public var unpaidRequisition: Int
        /// Commitments asked between sweeps because a requisition changed since the last listing.
        public var changedRequisition: Int
        /// Commitments with an approved requisition not fully paid that were not asked: listed
        /// less than `procore.payments_recheck` ago and unchanged since.
        public var recheckLater: Int

        public init(requests: Int = 0, commitmentsAsked: Int = 0, commitmentsKnown: Int = 0, sweeps: [String: String] = [:],
                    unpaidRequisition: Int = 0, changedRequisition: Int = 0, recheckLater: Int = 0) {
            self.requests = requests
            self.commitmentsAsked = commitmentsAsked
            self.commitmentsKnown = commitmentsKnown
            self.sweeps = sweeps
            self.unpaidRequisition = unpaidRequisition
            self.changedRequisition = changedRequisition
            self.recheckLater = recheckLater
        }

        enum CodingKeys: String, CodingKey {
            case requests, sweeps, commitmentsAsked = "commitments_asked", commitmentsKnown = "commitments_known"
            case unpaidRequisition = "unpaid_requisition", changedRequisition = "changed_requisition"
            case recheckLater = "recheck_later"
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
    /// Payment requests and why (nil when payments were not pulled).
    public var payments: Payments? = nil

    /// True when every scope completed.
    public var isComplete: Bool { forbidden.isEmpty && failed.isEmpty }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", stagedDirectory = "staged_dir", status, full, records, received, requests
        case rateLimited = "rate_limited", retries, tokens, forbidden, failed, durationSeconds = "duration_s", payments
    }
}
