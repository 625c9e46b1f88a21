import Foundation

/// What a transform did: per Sage kind counts, the batches written, every invalid record with
/// its reasons, every value shortened or adjusted to fit Sage, drift and deferred records.
public struct TransformSummary: Sendable, Codable, Equatable {
    /// Counts for one Sage document kind.
    public struct KindCounts: Sendable, Codable, Equatable {
        /// Documents that passed every check (batched unless the transform was blocked).
        public var valid = 0
        /// Documents with at least one problem (see ``TransformSummary/invalid``).
        public var invalid = 0
        /// Versions already in the ledger and already on their way (or posted): nothing to do.
        public var unchanged = 0
        /// Older unposted versions replaced by a newer one.
        public var superseded = 0
        /// Posted records whose source changed afterwards (never re-sent).
        public var drift = 0
        /// New versions left alone because the previous one is being posted right now.
        public var deferred = 0
        /// Staged records that are not for Sage (yet): not approved, deleted, inactive.
        public var notEligible = 0
        /// Vendors that already exist in Sage (matched, not re-sent).
        public var matched = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case valid, invalid, unchanged, superseded, drift, deferred, matched
            case notEligible = "not_eligible"
        }
    }

    /// One batch folder written to the outbox.
    public struct Batch: Sendable, Codable, Equatable {
        public var id: String
        public var kind: String
        public var path: String
        public var count: Int
        /// Decimal string, two decimals.
        public var controlTotal: String
        /// `ready` or `pending_approval`.
        public var state: String

        enum CodingKeys: String, CodingKey {
            case id, kind, path, count, state
            case controlTotal = "control_total"
        }
    }

    /// A record that cannot go to Sage, with every reason.
    public struct InvalidRecord: Sendable, Codable, Equatable {
        public var resource: String
        public var sourceID: Int64
        public var recordID: Int64?
        public var kind: String
        /// "requisition 1280646 (Acme Drywall, invoice 123)".
        public var label: String
        public var reasons: [String]

        enum CodingKeys: String, CodingKey {
            case resource, kind, label, reasons
            case sourceID = "source_id", recordID = "record_id"
        }
    }

    /// A source record that asks nothing of Sage, with the reason (a void or refund in Procore:
    /// Sage 100 has no negative manual check). Not invalid: nothing is wrong with it.
    public struct NothingToPost: Sendable, Codable, Equatable {
        public var resource: String
        public var sourceID: Int64
        public var label: String
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case resource, label, reason
            case sourceID = "source_id"
        }
    }

    /// A value changed to fit Sage (cut to a field's length, or replaced), never silently.
    public struct AdjustedValue: Sendable, Codable, Equatable {
        /// The Procore record, e.g. "vendor 5551234 (Acme Drywall …)".
        public var record: String
        /// Sage field name.
        public var field: String
        public var original: String
        public var written: String
        public var reason: String
    }

    /// A record the transform left for a person or for a later run.
    public struct HeldRecord: Sendable, Codable, Equatable {
        public var resource: String
        public var sourceID: Int64
        public var recordID: Int64
        public var state: String
        public var message: String

        enum CodingKeys: String, CodingKey {
            case resource, state, message
            case sourceID = "source_id", recordID = "record_id"
        }
    }

    public var runID: String
    /// The staging run folder transformed.
    public var stagingRun: String
    public var company: String
    public var startedAt: String
    public var finishedAt: String
    /// By Sage kind (`vendors`, `purchase-orders`, `ap-invoices`, `gl-entries`, `manual-checks`).
    public var counts: [String: KindCounts]
    public var batches: [Batch]
    public var invalid: [InvalidRecord]
    public var adjusted: [AdjustedValue]
    public var drift: [HeldRecord]
    public var deferred: [HeldRecord]
    /// Records with nothing to post, each with its reason (counted as not eligible).
    public var nothingToPost: [NothingToPost] = []
    /// Staged lines that could not be read at all.
    public var unreadable: [String]
    /// Staged records left for a later step (owner payment applications), by resource.
    public var leftForLater: [String: Int]
    /// Reference-only staged records seen (projects, cost codes, …), by resource.
    public var reference: [String: Int]
    /// True when `allOrNothing` stopped every batch because something was invalid.
    public var blocked: Bool
    /// The ledger's source versions this transform read: sequence numbers from, through.
    public var versionsFrom: Int64 = 0
    public var versionsThrough: Int64 = 0
    /// True when the mapping, the options or Sage's reference data changed since the last
    /// transform, so every invalid record was checked again.
    public var contextChanged: Bool = false
    /// Invalid records checked again (their reasons may be gone).
    public var rechecked: Int = 0

    /// True when a person must look at something (invalid, drift, unreadable, blocked).
    public var needsAttention: Bool { !invalid.isEmpty || !drift.isEmpty || !unreadable.isEmpty || blocked }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", stagingRun = "staging_run", company, startedAt = "started_at", finishedAt = "finished_at"
        case counts, batches, invalid, adjusted, drift, deferred, unreadable
        case nothingToPost = "nothing_to_post"
        case leftForLater = "left_for_later", reference, blocked
        case versionsFrom = "versions_from", versionsThrough = "versions_through"
        case contextChanged = "context_changed", rechecked
    }

    init(runID: String, stagingRun: String, company: String, startedAt: String) {
        self.runID = runID
        self.stagingRun = stagingRun
        self.company = company
        self.startedAt = startedAt
        finishedAt = startedAt
        counts = [:]
        batches = []
        invalid = []
        adjusted = []
        drift = []
        deferred = []
        unreadable = []
        leftForLater = [:]
        reference = [:]
        blocked = false
    }

    /// The counts of `kind`.
    public func counts(_ kind: String) -> KindCounts { counts[kind] ?? KindCounts() }
}
