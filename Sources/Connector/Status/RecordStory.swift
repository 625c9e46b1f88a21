import Money
import Foundation
import Ledger
import Procore

/// The whole story of one source record (`ml-connector ledger show`): every version seen
/// (updated_at, content sha256), its states over time from the audit trail, the Sage key,
/// every posting attempt, every error and every correction dropped into the inbox.
public struct RecordStory: Sendable, Codable, Equatable {
    /// One version of the source record (one ledger record).
    public struct Version: Sendable, Codable, Equatable {
        public var recordID: Int64
        public var sourceUpdatedAt: String?
        public var contentSHA256: String
        public var state: String
        public var idempotencyKey: String
        public var targetKey: String?
        public var batchID: String?
        public var runID: String?
        public var createdAt: String

        enum CodingKeys: String, CodingKey {
            case state
            case recordID = "record_id", sourceUpdatedAt = "source_updated_at", contentSHA256 = "content_sha256"
            case idempotencyKey = "idempotency_key", targetKey = "target_key", batchID = "batch_id", runID = "run_id"
            case createdAt = "created_at"
        }
    }

    /// One audit row about the record, in order.
    public struct Event: Sendable, Codable, Equatable {
        public var at: String
        public var recordID: Int64?
        public var action: String
        public var actor: String
        public var runID: String?
        /// A one-line reading of the row.
        public var text: String
        /// The audit row's detail as written (JSON).
        public var detail: String?

        enum CodingKeys: String, CodingKey {
            case at, action, actor, text, detail, recordID = "record_id", runID = "run_id"
        }
    }

    /// One send to the Sage agent (the ledger's `attempts` row).
    public typealias Attempt = PostingAttempt

    /// An error a version met.
    public struct RecordError: Sendable, Codable, Equatable {
        public var recordID: Int64
        public var text: String

        enum CodingKeys: String, CodingKey { case text, recordID = "record_id" }
    }

    /// A correction from the inbox: applied (staged for the transform) or refused.
    public struct Correction: Sendable, Codable, Equatable {
        public var at: String
        /// `applied` or `refused`.
        public var result: String
        public var inboxFile: String?
        public var line: Int?
        /// The record it corrects and the errors that record had.
        public var fixesRecordID: Int64?
        public var fixesErrors: [String]
        /// sha256 of the corrected content (the new version).
        public var contentSHA256: String?
        /// Where the corrected line was staged.
        public var staging: String?
        /// Why it was refused.
        public var reason: String?

        enum CodingKeys: String, CodingKey {
            case at, result, line, staging, reason
            case inboxFile = "inbox_file", fixesRecordID = "fixes_record_id", fixesErrors = "fixes_errors"
            case contentSHA256 = "content_sha256"
        }
    }

    public var resource: String
    public var sourceID: Int64
    public var idempotencyKey: String?
    /// The state of the live (newest not superseded) version.
    public var currentState: String?
    /// The Sage key, once any version was posted.
    public var targetKey: String?
    public var versions: [Version]
    public var events: [Event]
    public var attempts: [Attempt]
    public var errors: [RecordError]
    public var corrections: [Correction]
    /// What the newest version is worth to Sage (its document amount once built, else the
    /// amount it holds back), exact decimal text.
    public var amount: String?
    public var vendorName: String?
    public var jobNo: String?
    /// Where the newest version was received: its run and the staging export it is a line of.
    public var stagedIn: String?
    /// The newest version as received (its raw JSON line, cut at 2,000 characters).
    public var sourceLine: String?

    enum CodingKeys: String, CodingKey {
        case resource, versions, events, attempts, errors, corrections, amount
        case sourceID = "source_id", idempotencyKey = "idempotency_key", currentState = "current_state"
        case targetKey = "target_key", vendorName = "vendor_name", jobNo = "job_no", stagedIn = "staged_in"
        case sourceLine = "source_line"
    }

    /// The story of (`resource`, `sourceID`); nil when the ledger knows nothing of it.
    public static func build(ledger: Ledger, resource: String, sourceID: Int64) throws -> RecordStory? {
        let records = try ledger.records(resource: resource, sourceID: sourceID)
        var subjects = records.map { "record:\($0.id)" } + ["source:\(resource):\(sourceID)"]
        let key = records.last?.idempotencyKey
        if let key {
            let parts = key.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 4 { subjects.append("identity:\(parts[0]):\(resource):\(sourceID)") }
        }
        let audit = try ledger.audit(subjects: subjects)
        guard !records.isEmpty || !audit.isEmpty else { return nil }
        var attempts: [Attempt] = []
        for record in records {
            attempts += try ledger.postingAttempts(recordID: record.id)
        }
        // Ledger order (the attempt id), not the clock strings.
        attempts.sort { $0.id < $1.id }
        var corrections: [Correction] = []
        let events = audit.map { entry -> Event in
            let detail = entry.detailJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
            let recordID = entry.subject.hasPrefix("record:") ? Int64(entry.subject.dropFirst(7)) : nil
            if entry.action == "record.correction" || entry.action == "record.correction_refused" {
                let applied = entry.action == "record.correction"
                corrections.append(Correction(
                    at: entry.at, result: applied ? "applied" : "refused", inboxFile: detail["name"] as? String,
                    line: (detail["line"] as? NSNumber)?.intValue,
                    fixesRecordID: (detail["fixes_record_id"] as? NSNumber)?.int64Value ?? (applied ? nil : recordID),
                    fixesErrors: detail["fixes_errors"] as? [String] ?? [], contentSHA256: detail["content_sha256"] as? String,
                    staging: detail["staging"] as? String, reason: detail["reason"] as? String))
            }
            return Event(at: entry.at, recordID: recordID, action: entry.action, actor: entry.actor, runID: entry.runID,
                         text: describe(entry.action, detail), detail: entry.detailJSON)
        }
        let live = records.last { $0.state != .superseded }
        // What it is worth, for whom: the built document's amounts, else what it holds back.
        var amount = live?.hold?.amount
        var vendorName = live?.hold?.vendorName
        var jobNo = live?.hold?.jobNo
        if let live {
            let amounts = try ledger.recordAmounts(recordID: live.id)
            if !amounts.isEmpty {
                amount = Reconciler.documentAmount(amounts, kind: amounts[0].kind)
                jobNo = jobNo ?? amounts.lazy.compactMap(\.jobNo).first
                if vendorName == nil, let number = amounts.lazy.compactMap(\.vendorNo).first { vendorName = "Sage vendor \(number)" }
            }
        }
        var stagedIn: String?
        var sourceLine: String?
        if let latest = try ledger.latestSourceLine(resource: resource, sourceID: sourceID) {
            let text = String(decoding: latest.line, as: UTF8.self)
            sourceLine = text.count > 2_000 ? String(text.prefix(2_000)) + "…" : text
            stagedIn = latest.runID.map { "run \($0) (export staging/\($0)/\(resource).jsonl)" }
        }
        return RecordStory(
            resource: resource, sourceID: sourceID, idempotencyKey: key, currentState: (live ?? records.last)?.state.rawValue,
            targetKey: records.last(where: { $0.targetKey != nil })?.targetKey,
            versions: records.map {
                Version(recordID: $0.id, sourceUpdatedAt: $0.sourceUpdatedAt, contentSHA256: $0.contentSHA256,
                        state: $0.state.rawValue, idempotencyKey: $0.idempotencyKey, targetKey: $0.targetKey,
                        batchID: $0.batchID, runID: $0.runID, createdAt: $0.createdAt)
            },
            events: events, attempts: attempts,
            errors: records.flatMap { record in record.errors.map { RecordError(recordID: record.id, text: $0) } },
            corrections: corrections, amount: amount.map(Money.exactText), vendorName: vendorName, jobNo: jobNo,
            stagedIn: stagedIn, sourceLine: sourceLine)
    }

    /// One line for an audit row.
    static func describe(_ action: String, _ detail: [String: Any]) -> String {
        func text(_ key: String) -> String? {
            if let value = detail[key] as? String { return value }
            if let value = detail[key] as? NSNumber { return value.stringValue }
            return nil
        }
        switch action {
        case "record.staged":
            return "entered the ledger (staged)"
        case "record.state":
            var line = "\(text("from") ?? "?") -> \(text("to") ?? "?")"
            if let batch = text("batch_id") ?? text("batch") { line += " (batch \(batch))" }
            if let key = text("target_key") { line += " Sage key \(key)" }
            if let outcome = text("outcome") { line += " [\(outcome)]" }
            if let error = text("error") { line += ": \(error)" }
            if let errors = detail["errors"] as? [String], !errors.isEmpty { line += ": " + errors.joined(separator: "; ") }
            return line
        case "record.correction":
            return "corrected by inbox file \(text("name") ?? "?") line \(text("line") ?? "?"); staged in \(text("staging") ?? "?")"
        case "record.correction_refused":
            return "correction in inbox file \(text("name") ?? "?") line \(text("line") ?? "?") refused: \(text("reason") ?? "")"
        case "record.restaged":
            return "staged again: \(text("reason") ?? "")"
        case "identity.put":
            return "paired with Sage key \(text("sage_key") ?? "?")"
        case "identity.mismatch":
            return "Sage answered key \(text("sage_key") ?? "?") but the identity map holds another pairing"
        default:
            return action
        }
    }
}

/// The story of one outbox batch: its states over time and its records.
public struct BatchStory: Sendable, Codable, Equatable {
    /// One record of the batch.
    public struct Member: Sendable, Codable, Equatable {
        public var recordID: Int64
        public var resource: String
        public var sourceID: Int64
        public var state: String
        public var targetKey: String?
        public var lastError: String?

        enum CodingKeys: String, CodingKey {
            case resource, state
            case recordID = "record_id", sourceID = "source_id", targetKey = "target_key", lastError = "last_error"
        }
    }

    public var batch: PostingBatchRow
    public var events: [RecordStory.Event]
    public var records: [Member]

    /// The story of batch `id`; nil when there is no such batch.
    public static func build(ledger: Ledger, batchID id: String) throws -> BatchStory? {
        guard let batch = try ledger.postingBatch(id: id) else { return nil }
        let events = try ledger.audit(subjects: ["batch:\(id)"]).map { entry -> RecordStory.Event in
            let detail = entry.detailJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
            var text = entry.action
            if entry.action == "batch.state" || entry.action == "batch.create" || entry.action.hasPrefix("batch.") {
                let parts = ["from", "to", "state", "by", "reason", "note", "records", "control_total"].compactMap { key -> String? in
                    if let value = detail[key] as? String { return "\(key) \(value)" }
                    if let value = detail[key] as? NSNumber { return "\(key) \(value.stringValue)" }
                    return nil
                }
                if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
            }
            return RecordStory.Event(at: entry.at, recordID: nil, action: entry.action, actor: entry.actor, runID: entry.runID,
                                     text: text, detail: entry.detailJSON)
        }
        let members = try ledger.records(batchID: id).map {
            Member(recordID: $0.id, resource: $0.resource, sourceID: $0.sourceID, state: $0.state.rawValue,
                   targetKey: $0.targetKey, lastError: $0.errors.last)
        }
        return BatchStory(batch: batch, events: events, records: members)
    }
}

/// What `ml-connector ledger show <query>` found: a record's story or a batch's.
public struct LedgerShow: Sendable, Codable, Equatable {
    public var query: String
    public var record: RecordStory?
    public var batch: BatchStory?
    /// Other records the same number names (a check number repeated across bank accounts).
    public var alsoMatching: [String] = []

    /// Finds the story for `query`: a ledger record id (`42` or `record:42`), an idempotency key
    /// (`ABC:ap-invoices:requisitions:1280646`), a `resource:procore-id`
    /// (`requisitions:1280646`) or a batch id (`batch:<id>` or the bare id).
    public static func find(_ query: String, ledger: Ledger) throws -> LedgerShow {
        let text = query.trimmingCharacters(in: .whitespaces)
        func source(of record: LedgerRecord?) throws -> LedgerShow? {
            guard let record, let story = try RecordStory.build(ledger: ledger, resource: record.resource, sourceID: record.sourceID)
            else { return nil }
            return LedgerShow(query: text, record: story, batch: nil)
        }
        // `number:10045` asks for a document number only (a bare number is a ledger record id first).
        if text.hasPrefix("number:") {
            let number = String(text.dropFirst(7))
            if let found = try named(number, query: text, ledger: ledger) { return found }
            throw LedgerShowError.notFound(query: text, what: "no Sage key, invoice, purchase order, check or commitment number \(number)")
        }
        var recordText = text
        if recordText.hasPrefix("record:") { recordText = String(recordText.dropFirst(7)) }
        if let id = Int64(recordText), id > 0 {
            if let found = try source(of: try ledger.record(id: id)) { return found }
            // Not a record id: perhaps an invoice or check number.
            if !text.hasPrefix("record:"), let found = try named(text, query: text, ledger: ledger) { return found }
            throw LedgerShowError.notFound(query: text, what: "no ledger record \(id), and no document number \(id)")
        }
        if text.hasPrefix("batch:") {
            let id = String(text.dropFirst(6))
            if let story = try BatchStory.build(ledger: ledger, batchID: id) { return LedgerShow(query: text, record: nil, batch: story) }
            throw LedgerShowError.notFound(query: text, what: "no batch \(id)")
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, ProcoreResource(rawValue: parts[0]) != nil {
            guard let id = Int64(parts[1]), id > 0 else {
                throw LedgerShowError.notFound(query: text, what: "'\(parts[1])' is not a Procore id")
            }
            if let story = try RecordStory.build(ledger: ledger, resource: parts[0], sourceID: id) {
                return LedgerShow(query: text, record: story, batch: nil)
            }
            throw LedgerShowError.notFound(query: text, what: "the ledger has never seen \(parts[0]) \(id)")
        }
        if parts.count == 4, let found = try source(of: try ledger.records(idempotencyKey: text).last) {
            return found
        }
        if let story = try BatchStory.build(ledger: ledger, batchID: text) {
            return LedgerShow(query: text, record: nil, batch: story)
        }
        // A number from Sage or Procore: a Sage key, an invoice, PO or check number, a commitment number.
        if let found = try named(text, query: text, ledger: ledger) { return found }
        throw LedgerShowError.notFound(query: text, what: "it matches no record id, idempotency key, resource:procore-id, batch, Sage key, invoice, purchase order, check or commitment number")
    }

    /// The record a Sage key or a Sage or Procore document number names (the newest when several
    /// do; the others are listed).
    static func named(_ number: String, query: String, ledger: Ledger) throws -> LedgerShow? {
        let named = try ledger.sourcesNamed(number)
        guard let first = named.first,
              let story = try RecordStory.build(ledger: ledger, resource: first.resource, sourceID: first.sourceID) else { return nil }
        var show = LedgerShow(query: query, record: story, batch: nil)
        show.alsoMatching = named.dropFirst().map { "\($0.resource):\($0.sourceID)" }
        return show
    }

    /// The story as plain text for a terminal.
    public var text: String {
        if let record {
            guard !alsoMatching.isEmpty else { return record.text }
            return record.text + "\nThe same number also names: \(alsoMatching.joined(separator: ", ")) (ml-connector ledger show <resource:id>)\n"
        }
        if let batch { return batch.text }
        return "nothing found for \(query)\n"
    }
}

/// `ledger show` found nothing.
public enum LedgerShowError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(query: String, what: String)

    public var description: String {
        switch self {
        case .notFound(let query, let what):
            return "nothing to show for '\(InboxFileName.shown(query))': \(what). Give a ledger record id (42), an idempotency key (ABC:ap-invoices:requisitions:1280646), resource:procore-id (requisitions:1280646), a batch id, a Sage key or document number (00-P700046-14-001, C0APSW2, number:10045), or Procore's invoice or commitment number (INV-00042, SC-1000-001); ml-connector status lists failed records and batches"
        }
    }
}
