import Foundation

/// What one pay cycle did, stage by stage, and the exit status (``ExitStatus``, docs/pipeline.md):
/// 0 everything reconciled; 1 fatal; 2 configuration; 3 partial pull; 4 exceptions need a person;
/// 5 busy (another run holds a lock). Printed by `ml-connector run --json`.
public struct PayCycleSummary: Sendable, Codable, Equatable {
    /// The reference data the transform checked against.
    public struct ReferenceCounts: Sendable, Codable, Equatable {
        public var company: String
        public var accounts: Int
        public var vendors: Int
        /// `agent` (read now), `cache` (the agent could not be read; the ledger's copy was used),
        /// or, for `serve`'s reference job, `agent: N GL account(s) and M vendor(s) changed since …`.
        public var source: String
        public var fetchedAt: String?

        enum CodingKeys: String, CodingKey {
            case company, accounts, vendors, source, fetchedAt = "fetched_at"
        }
    }

    /// One reconciliation report written by the cycle.
    public struct Report: Sendable, Codable, Equatable {
        public var runID: String
        public var reconciled: Bool
        public var headline: String
        public var exceptions: Int
        public var html: String
        public var csv: String
        public var json: String

        enum CodingKeys: String, CodingKey {
            case runID = "run_id", reconciled, headline, exceptions, html, csv, json
        }
    }

    /// This run's id: its batches are `<run id>-<kind>`, its report `outbox/<run id>/`, and
    /// its stage runs are recorded under it in the ledger.
    public var runID: String?
    public var startedAt: String
    public var finishedAt: String
    /// How each stage ended, by stage name.
    public var stages: [String: PayCycleStageResult]
    public var replay: ReplaySummary?
    public var pull: PullSummary?
    public var reference: ReferenceCounts?
    /// The cycle's transform (one; a list so a summary can carry none when it stopped early).
    public var transforms: [TransformSummary]
    public var post: PostSummary?
    /// Sage 100 checks sent back to Procore as contract payments (with `payments: sage`).
    public var exchange: PaymentExchangeSummary?
    /// Posted records linked back to Procore (with `mapping.link_back`).
    public var links: OriginLinkSummary?
    public var reports: [Report]
    /// Staging export folders removed because they were older than `staging.keep_days`.
    public var prunedStaging: [String] = []
    /// True when the cycle found nothing to send and nothing was sent.
    public var nothingNew: Bool
    /// The one line a person reads first.
    public var headline: String
    /// The ``ExitStatus`` raw value (docs/pipeline.md).
    public var exitCode: Int32

    /// ``exitCode`` as an ``ExitStatus``.
    public var exitStatus: ExitStatus { ExitStatus(rawValue: exitCode) ?? .fatal }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", startedAt = "started_at", finishedAt = "finished_at", stages, replay, pull, reference, transforms, post, exchange, links
        case reports, prunedStaging = "pruned_staging", nothingNew = "nothing_new", headline, exitCode = "exit_code"
    }

    public init(startedAt: String) {
        self.startedAt = startedAt
        finishedAt = startedAt
        stages = [:]
        transforms = []
        reports = []
        nothingNew = false
        headline = ""
        exitCode = 0
    }

    /// The result of `stage`, if it ran.
    public func result(_ stage: PayCycleStage) -> PayCycleStageResult? { stages[stage.rawValue] }

    /// Every record the transforms found invalid, with reasons.
    /// (A record checked by two transforms of the cycle is listed once, with its last reasons.)
    public var invalid: [TransformSummary.InvalidRecord] {
        var order: [String] = []
        var latest: [String: TransformSummary.InvalidRecord] = [:]
        for record in transforms.flatMap(\.invalid) {
            let key = "\(record.resource):\(record.sourceID)"
            if latest[key] == nil { order.append(key) }
            latest[key] = record
        }
        return order.compactMap { latest[$0] }
    }

    /// Every record Sage rejected in this cycle.
    public var rejected: [PostRecordIssue] { post?.rejected ?? [] }
}
