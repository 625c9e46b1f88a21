import Money
import Foundation
import Ledger

/// What the connector has been doing and what needs a person: the last runs, batches waiting
/// for approval, records by state and the failed records grouped by reason, with examples.
/// Built from the ledger alone (`ml-connector status`); ``text`` renders it for a terminal.
public struct StatusReport: Sendable, Codable, Equatable {
    /// One run of a stage.
    public struct Run: Sendable, Codable, Equatable {
        public var id: String
        /// `pull`, `transform`, `post`, `reconcile`, `replay`, `run`.
        public var kind: String
        public var startedAt: String
        public var finishedAt: String?
        /// `running`, `completed`, `partial`, `failed`, `interrupted`.
        public var status: String
        /// The run's summary, as the stage wrote it (JSON text).
        public var summary: String?
        /// The summary's top-level counts in one line, e.g. `applied=2 rejected=1`.
        public var headline: String

        enum CodingKeys: String, CodingKey {
            case id, kind, status, summary, headline, startedAt = "started_at", finishedAt = "finished_at"
        }
    }

    /// A batch waiting for a person.
    public struct Batch: Sendable, Codable, Equatable {
        public var id: String
        public var kind: String
        public var company: String
        public var createdAt: String
        public var records: Int
        /// Exact control total (decimal text).
        public var controlTotal: String?

        enum CodingKeys: String, CodingKey {
            case id, kind, company, records, createdAt = "created_at", controlTotal = "control_total"
        }
    }

    /// One failed record shown as an example.
    public struct Example: Sendable, Codable, Equatable {
        public var recordID: Int64
        public var resource: String
        public var sourceID: Int64
        public var idempotencyKey: String
        public var targetKey: String?
        public var batchID: String?
        /// The latest error.
        public var error: String?
        public var updatedAt: String

        enum CodingKeys: String, CodingKey {
            case resource, error
            case recordID = "record_id", sourceID = "source_id", idempotencyKey = "idempotency_key"
            case targetKey = "target_key", batchID = "batch_id", updatedAt = "updated_at"
        }
    }

    /// A cause (the latest error without the record's own label, ids and amounts) and how many
    /// records of a group carry it.
    public struct ErrorCount: Sendable, Codable, Equatable {
        public var error: String
        public var count: Int
        /// Dollars the records hold back (those with a known amount), exact decimal text.
        public var heldAmount: String? = nil
        /// When the oldest of them was first refused (ISO 8601 UTC).
        public var since: String? = nil
        /// Records refused only because one of these was (counted under this cause).
        public var blocked: Int = 0

        enum CodingKeys: String, CodingKey {
            case error, count, since, blocked
            case heldAmount = "held_amount"
        }
    }

    /// Failed records of one reason.
    public struct FailureGroup: Sendable, Codable, Equatable {
        /// `invalid`, `rejected`, `uncertain` or `drift`.
        public var reason: String
        public var count: Int
        /// What a person does about records of this reason.
        public var action: String
        /// The most frequent latest errors, most frequent first.
        public var commonErrors: [ErrorCount]
        public var examples: [Example]

        enum CodingKeys: String, CodingKey {
            case reason, count, action, examples, commonErrors = "common_errors"
        }
    }

    public var generatedAt: String
    public var runs: [Run]
    public var pendingApproval: [Batch]
    /// Record counts by state name (states with none left out).
    public var recordsByState: [String: Int]
    /// Only reasons with at least one record, in the order invalid, rejected, uncertain, drift.
    public var failures: [FailureGroup]
    /// Inbox files refused most recently (name and why).
    public var rejectedInboxFiles: [String]

    enum CodingKeys: String, CodingKey {
        case runs, failures
        case generatedAt = "generated_at", pendingApproval = "pending_approval", recordsByState = "records_by_state"
        case rejectedInboxFiles = "rejected_inbox_files"
    }

    /// True when something waits for a person (exit code 4).
    public var needsAttention: Bool { !failures.isEmpty || !pendingApproval.isEmpty }

    /// The failure reasons, in report order, with what to do about each.
    public static let reasons: [(RecordState, String)] = [
        (.invalid, "fix the mapping or the record (drop a corrected line or a mapping row into inbox/), then run again"),
        (.rejected, "Sage 100 refused these; read its message, correct the record (inbox/) and run again"),
        (.uncertain, "the send's outcome is unknown; the next post settles them with the Sage agent before sending anything"),
        (.drift, "changed in Procore after posting; compare with Sage 100 and correct Sage 100 by hand (never re-sent)"),
    ]

    /// Reads the report from the ledger: the last `runs` runs, up to `examples` examples per reason.
    public static func build(ledger: Ledger, runs runLimit: Int = 10, examples: Int = 5,
                             now: Date = Date()) throws -> StatusReport {
        let runs = try ledger.runs(limit: runLimit).map { row in
            Run(id: row.id, kind: row.kind, startedAt: row.startedAt, finishedAt: row.finishedAt,
                status: row.status.rawValue, summary: row.summaryJSON, headline: headline(row.summaryJSON))
        }
        let pending = try ledger.postingBatches(in: [.pendingApproval]).map {
            Batch(id: $0.id, kind: $0.kind, company: $0.companyCode, createdAt: $0.createdAt, records: $0.recordCount,
                  controlTotal: $0.controlTotal)
        }
        let counts = try ledger.recordCountsByState()
        var failures: [FailureGroup] = []
        for (state, action) in reasons {
            let count = counts[state] ?? 0
            guard count > 0 else { continue }
            // By cause (the ledger stores it with each message): the message without the
            // record's own label, ids and amounts, so the records one unmapped cost code or one
            // vendor holds back count together.
            let common = try ledger.commonCauses(in: state, limit: 5).map {
                ErrorCount(error: $0.cause, count: $0.count,
                           heldAmount: $0.recordsWithAmount > 0 ? Money($0.heldAmount).plain : nil, since: $0.since,
                           blocked: $0.blocked)
            }
            let records = try ledger.records(in: state, limit: max(0, examples))
            failures.append(FailureGroup(
                reason: state.rawValue, count: count, action: action, commonErrors: common,
                examples: records.map {
                    Example(recordID: $0.id, resource: $0.resource, sourceID: $0.sourceID, idempotencyKey: $0.idempotencyKey,
                            targetKey: $0.targetKey, batchID: $0.batchID, error: $0.errors.last, updatedAt: $0.updatedAt)
                }))
        }
        let rejectedFiles = try ledger.inboxFiles(limit: 200).filter { $0.state == "rejected" }.prefix(10).map {
            "\($0.name): \($0.message ?? "refused")"
        }
        return StatusReport(generatedAt: Timestamp.string(from: now), runs: runs, pendingApproval: pending,
                            recordsByState: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                            failures: failures, rejectedInboxFiles: Array(rejectedFiles))
    }

    /// `key=value` for the top-level numbers, strings and booleans of a summary (exact text,
    /// never re-formatted), and `key: n` for lists.
    static func headline(_ json: String?) -> String {
        guard let json, !json.isEmpty else { return "" }
        let bytes = [UInt8](json.utf8)
        guard let fields = try? TopLevelFields.scan(bytes) else { return "" }
        var parts: [String] = []
        for key in fields.keys.sorted() {
            guard let range = fields[key], let first = bytes[range].first else { continue }
            let raw = String(decoding: bytes[range], as: UTF8.self)
            switch first {
            case UInt8(ascii: "{"):
                continue
            case UInt8(ascii: "["):
                if let list = try? JSONSerialization.jsonObject(with: Data(bytes[range])) as? [Any], !list.isEmpty {
                    parts.append("\(key): \(list.count)")
                }
            case UInt8(ascii: "\""):
                let text = StagedRecordReader.decodeString(Data(bytes[range])) ?? raw
                if key.hasSuffix("_at") || key == "run_id" || text.count > 40 { continue }
                parts.append("\(key)=\(text)")
            default:
                if raw == "0" || raw == "null" || raw == "false" { continue }
                parts.append("\(key)=\(raw)")
            }
        }
        return parts.prefix(10).joined(separator: " ")
    }
}
