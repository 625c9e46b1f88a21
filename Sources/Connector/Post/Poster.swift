import Foundation
import JSON
import Ledger
import Sage100

/// Posts the outbox batches to the Sage 100 agent, exactly once in effect.
///
/// A run ``plan()``s these steps and performs them in order, holding the ledger's post lock
/// (one post at a time; the agent client adds one writer per company):
/// 1. ``PostStep/recover``: records left in `posting` by a process that died mid-send move to
///    `uncertain`, their open attempts closed as `interrupted`.
/// 2. ``PostStep/settle``: every `uncertain` record is looked up with the agent
///    (`GET …/postings?idempotency_key=`) BEFORE anything is sent: found means `posted` (Sage
///    key, identity map), not found means it is sent again with its batch. If the agent cannot
///    be asked, nothing is sent and the run stops.
/// 3. ``PostStep/post(batchID:)`` per batch (`ready`, `posting` or `partial`), in the order
///    vendors, purchase orders, AP invoices, GL entries, manual checks, sales orders (eBusiness
///    envelopes, settled by SalesOrderNo instead of an idempotency key: see `Poster+EBusiness.swift`): the batch file is
///    checked against its manifest; records whose vendor (or paid invoice) is not in Sage yet
///    wait in `batched`; the rest are sent in chunks, each chunk first moved to `posting` with
///    an attempt row (committed), then sent, then its answers recorded: posted and duplicate ->
///    `posted`, rejected -> `rejected` with Sage's messages, locked after the client's retries
///    or not sent -> `uncertain` (the next run settles and resends them).
///
/// Killing the process at any instant leaves one of these states, each resolved by the next run:
/// - records `batched`, batch `ready`/`partial`/`posting`: sent by the next run;
/// - records `posting` (killed after step 3 marked them, before or after the agent wrote them,
///   or while the answers were being recorded): moved to `uncertain` and settled — found ->
///   `posted`, not found -> sent again;
/// - records `uncertain`: settled the same way;
/// - batch `posting` with every record final: its state is recomputed when the batch comes up.
/// Since every send carries the record's idempotency key, a resend of something Sage already
/// has answers `duplicate` and is recorded as posted: nothing is ever written twice.
public struct Poster: Sendable {
    public let ledger: Ledger
    public let agent: any SageAgent
    public let options: PostOptions
    public let onEvent: (@Sendable (PostEvent) -> Void)?

    /// The order kinds are posted in: what a document refers to goes first.
    public static let kindOrder: [SageDocumentKind] = [.vendors, .purchaseOrders, .purchaseOrderChanges, .apInvoices, .glEntries, .manualChecks, .salesOrders]

    /// - Parameters:
    ///   - agent: the agent client for the company to post to; batches of other companies are left alone.
    ///   - onEvent: progress for the command line.
    public init(ledger: Ledger, agent: any SageAgent, options: PostOptions,
                onEvent: (@Sendable (PostEvent) -> Void)? = nil) {
        self.ledger = ledger
        self.agent = agent
        self.options = options
        self.onEvent = onEvent
    }

    var company: String { agent.companyCode }

    /// Recover, settle, then post every postable batch of this company.
    public func run() async throws -> PostSummary {
        try await perform(nil)
    }

    /// The steps ``run()`` takes now: recover, settle, then one per postable batch in posting order.
    public func plan() throws -> [PostStep] {
        let batches = try ledger.postingBatches(in: [.ready, .posting, .partial])
            .filter { $0.companyCode == company && (options.batchIDs?.contains($0.id) ?? true) }
        let ordered = batches.sorted { a, b in
            let ia = Self.rank(a.kind), ib = Self.rank(b.kind)
            if ia != ib { return ia < ib }
            if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
            return a.id < b.id
        }
        return [.recover, .settle] + ordered.map { .post(batchID: $0.id) }
    }

    /// Performs `steps` (nil: ``plan()``) as one `post` run in the ledger and returns its summary.
    /// Recover and settle always run first, whatever `steps` says: nothing is sent before every
    /// uncertain record is settled. A step that fails stops the run: the summary's `stopped`
    /// says why (exit code 1). Throws only when the run cannot start (another post holds the
    /// lock, ledger unusable).
    public func perform(_ steps: [PostStep]?) async throws -> PostSummary {
        let lock = try PostLock.acquire(ledgerPath: ledger.path, removeOnRelease: ledger.isInMemory)
        defer { withExtendedLifetime(lock) {} }
        let clock = ContinuousClock()
        let start = clock.now
        let runID: RunID
        do {
            runID = try ledger.beginRun(kind: "post", parent: options.parentRun)
            try ledger.markInterruptedRuns(kind: "post", except: runID)
        } catch {
            throw PostError.ledger("\(error)")
        }
        let work = PostWork(summary: PostSummary(runID: runID, company: company,
                                                 startedAt: Timestamp.string(from: Date(), milliseconds: true)))
        do {
            let planned = try steps ?? plan()
            let batchSteps = planned.filter { if case .post = $0 { return true } else { return false } }
            try await execute(.recover, runID: runID, work: work)
            let anyUncertain = try !ledger.records(in: .uncertain, limit: 1).isEmpty
            if !batchSteps.isEmpty || anyUncertain {
                try await preflight()
            }
            for step in [PostStep.settle] + batchSteps {
                try await execute(step, runID: runID, work: work)
            }
        } catch {
            let reason = (error as? PostStop)?.reason ?? "\(error)"
            work.summary.stopped = reason
            onEvent?(.stopped(reason: reason))
        }
        work.summary.kinds = Self.kindOrder.compactMap { work.kinds[$0] }
        work.summary.finishedAt = Timestamp.string(from: Date(), milliseconds: true)
        work.summary.durationMilliseconds = Self.milliseconds(clock.now - start)
        let status: RunStatus = work.summary.stopped != nil ? .failed : (work.summary.needsAttention ? .partial : .completed)
        let json = try? String(decoding: JSONEncoder.sorted.encode(work.summary), as: UTF8.self)
        try? ledger.finishRun(runID, status: status, summaryJSON: json)
        return work.summary
    }

    // MARK: - Steps

    func execute(_ step: PostStep, runID: RunID, work: PostWork) async throws {
        switch step {
        case .recover:
            let moved = try ledger.recoverInterruptedPostings(runID: runID)
            work.summary.recovered += moved.count
            if !moved.isEmpty { onEvent?(.recovered(records: moved.count)) }
            try options.checkpoint?(.recovered(records: moved.count))
        case .settle:
            try await settle(runID: runID, work: work)
        case .post(let batchID):
            try await post(batchID: batchID, runID: runID, work: work)
        }
    }

    /// Asks the agent for its status before anything is marked or sent: an agent that is down,
    /// refuses the credentials or does not serve the company stops the post with the ledger untouched.
    func preflight() async throws {
        let status: AgentStatus
        do {
            status = try await agent.status()
        } catch {
            throw PostStop(reason: "the Sage agent did not answer its status, so nothing was sent: \(error)")
        }
        guard status.companies.contains(where: { $0.code.uppercased() == company }) else {
            let served = status.companies.map(\.code).joined(separator: ", ")
            throw PostStop(reason: "the Sage agent does not serve company \(company) (it serves: \(served.isEmpty ? "none" : served)); "
                + "check sage.company in the configuration. Nothing was sent.")
        }
    }

    /// Settles every `uncertain` record of this company with the agent.
    func settle(runID: RunID, work: PostWork) async throws {
        var uncertain: [(LedgerRecord, PostingBatchRow)] = []
        var salesOrders: [(LedgerRecord, PostingBatchRow)] = []
        for record in try ledger.records(in: .uncertain, limit: Int.max) {
            guard let batchID = record.batchID, let batch = try work.batch(batchID, ledger: ledger),
                  batch.companyCode == company else { continue }
            if SageDocumentKind(rawValue: batch.kind)?.isEBusiness == true {
                salesOrders.append((record, batch))  // no idempotency key: settled by SalesOrderNo
            } else {
                uncertain.append((record, batch))
            }
        }
        guard !uncertain.isEmpty || !salesOrders.isEmpty else { return }
        onEvent?(.settling(records: uncertain.count + salesOrders.count))
        try await settleSalesOrders(salesOrders, runID: runID, work: work)
        for (record, batch) in uncertain {
            let lookup: PostingLookup
            do {
                lookup = try await agent.posting(idempotencyKey: record.idempotencyKey)
            } catch {
                throw PostError.settlementFailed(recordID: record.id, idempotencyKey: record.idempotencyKey, cause: "\(error)")
            }
            work.summary.settled += 1
            onEvent?(.settled(idempotencyKey: record.idempotencyKey, found: lookup.found, sageKey: lookup.sageKey))
            if lookup.found {
                let kind = SageDocumentKind(rawValue: batch.kind)
                let importRecord = kind.flatMap { work.files(batch, kind: $0, options: options)?.records[record.idempotencyKey] }
                let identity = kind.flatMap { Self.identity(kind: $0, company: company, record: record,
                                                            document: importRecord?.record, sageKey: lookup.sageKey) }
                try ledger.settlePosted(recordID: record.id, batchID: batch.id, sageKey: lookup.sageKey,
                                        identity: identity, runID: runID)
                work.summary.settledFound += 1
            } else {
                work.settledNotFound.insert(record.id)
            }
            try options.checkpoint?(.settled(recordID: record.id, found: lookup.found))
        }
    }

    /// Sends the sendable records of one batch and records every answer.
    func post(batchID: String, runID: RunID, work: PostWork) async throws {
        guard let batch = try ledger.postingBatch(id: batchID), batch.state.isPostable,
              batch.companyCode == company else { return }
        guard let kind = SageDocumentKind(rawValue: batch.kind) else {
            skip(batch.id, "its kind '\(batch.kind)' is not a document kind this version knows; post it with the version that wrote it", work)
            return
        }
        if kind.isEBusiness {
            try await postSalesOrders(batch: batch, runID: runID, work: work)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        var kindSummary = work.kinds[kind] ?? PostKindSummary(kind: kind.rawValue)
        defer { work.kinds[kind] = kindSummary }

        let waitingBefore = kindSummary.waiting
        var sendable: [LedgerRecord] = []
        let candidates = try ledger.postingCandidates(batchID: batch.id).filter {
            $0.state == .batched || ($0.state == .uncertain && work.settledNotFound.contains($0.id))
        }
        // What each document waits for (its new vendor, the invoice a check pays) is in the
        // ledger, recorded by the transform: no other batch's files are read.
        let blockers = try ledger.postBlockers(recordIDs: candidates.map(\.id))
        // A batch whose every record still waits is not read from disk again.
        let files: PostBatchFiles?
        if candidates.contains(where: { (blockers[$0.id] ?? []).isEmpty }) {
            do {
                files = try PostBatchFiles.load(batch: batch, kind: kind, outboxRoot: options.outboxRoot,
                                                verifyManifest: options.verifyManifest)
            } catch {
                skip(batch.id, "\(error)", work)
                return
            }
        } else {
            files = nil
        }
        for record in candidates {
            if let reasons = blockers[record.id], !reasons.isEmpty {
                wait(record, kind, batch.id, reasons.map {
                    "\(PostMessages.label(kind, record)) waits: the \($0), not in Sage 100 yet. It is sent once that is posted."
                }, runID, work, &kindSummary)
                continue
            }
            guard let files, files.records[record.idempotencyKey] != nil else {
                wait(record, kind, batch.id, ["\(PostMessages.label(kind, record)) is in the ledger's batch but not in \(kind.rawValue).json; run `ml-connector transform` again to rebuild the batch"], runID, work, &kindSummary)
                continue
            }
            sendable.append(record)
        }
        let waitingHere = kindSummary.waiting - waitingBefore
        if !sendable.isEmpty || waitingHere > 0 {
            onEvent?(.batchStarted(batchID: batch.id, kind: kind, sending: sendable.count, waiting: waitingHere))
        }
        if !sendable.isEmpty && batch.state != .posting {
            try ledger.setBatchState(batch.id, to: .posting, runID: runID, actor: options.actor)
        }

        let chunkSize = max(1, options.chunkSize ?? agent.maxRecordsPerRequest)
        var stop: String?
        var index = 0
        while let files, index < sendable.count && stop == nil {
            let chunk = Array(sendable[index..<min(index + chunkSize, sendable.count)])
            index += chunk.count
            stop = try await send(chunk, kind: kind, batch: batch, files: files, runID: runID, work: work,
                                  summary: &kindSummary)
        }

        try finishBatch(batch, kind: kind, sent: sendable.count, waiting: waitingHere, elapsed: clock.now - start,
                        runID: runID, work: work, summary: &kindSummary, stop: stop)
    }

    /// Sets a batch's state after a post from its records (all in Sage: posted; none and
    /// nothing open: ready; else partial), reports it, and throws ``PostStop`` when `stop` says
    /// the post must end here.
    func finishBatch(_ batch: PostingBatchRow, kind: SageDocumentKind, sent: Int, waiting: Int, elapsed: Duration,
                     runID: RunID, work: PostWork, summary: inout PostKindSummary, stop: String?) throws {
        let counts = try ledger.postingStateCounts(batchID: batch.id)
        let records = counts.values.reduce(0, +)
        let inSage = (counts[.posted] ?? 0) + (counts[.drift] ?? 0)
        let open = [RecordState.rejected, .uncertain, .posting].contains { (counts[$0] ?? 0) > 0 }
        let state: LedgerBatchState
        if records > 0 && inSage == records {
            state = .posted
        } else if inSage == 0 && !open {
            state = .ready
        } else {
            state = .partial
        }
        // A batch with nothing to send, nothing waiting and no change (e.g. only rejected records
        // left) is not reported again.
        if sent == 0 && waiting == 0 && state == batch.state { return }
        try ledger.setBatchState(batch.id, to: state, runID: runID, actor: options.actor)
        try options.checkpoint?(.batchFinished(batchID: batch.id, state: state.rawValue))
        onEvent?(.batchFinished(batchID: batch.id, state: state))
        summary.durationMilliseconds += Self.milliseconds(elapsed)
        work.summary.batches.append(PostBatchSummary(id: batch.id, kind: kind.rawValue, state: state.rawValue,
                                                     sent: sent, inSage: inSage, records: records))
        if let stop { throw PostStop(reason: stop) }
    }

    /// One chunk: mark `posting` (committed), send, record the answers. Returns why the post
    /// must stop, or nil.
    func send(_ chunk: [LedgerRecord], kind: SageDocumentKind, batch: PostingBatchRow, files: PostBatchFiles,
              runID: RunID, work: PostWork, summary: inout PostKindSummary) async throws -> String? {
        let ids = chunk.map(\.id)
        let attempts = try ledger.beginPosting(recordIDs: ids, batchID: batch.id, runID: runID)
        try options.checkpoint?(.markedPosting(batchID: batch.id, recordIDs: ids))
        let onEvent = self.onEvent
        let batchID = batch.id
        var hook: (@Sendable (SageAgentEvent) -> Void)?
        if let onEvent {
            hook = { @Sendable event in onEvent(.agent(batchID: batchID, event)) }
        }
        var stop: String?
        var outcome: SagePostOutcome
        do {
            outcome = try await agent.post(kind: kind, batchID: batch.id,
                                           records: chunk.map { files.records[$0.idempotencyKey]! }, onEvent: hook)
        } catch {
            stop = "posting \(kind.displayName) batch \(batch.id) stopped: \(error)"
            if let partial = (error as? SageAgentError)?.partialOutcome {
                outcome = partial
            } else {
                // Nothing was answered: the agent wrote nothing (its client says so).
                outcome = SagePostOutcome(kind: kind, batchID: batch.id, records: chunk.map {
                    SagePostRecordOutcome(idempotencyKey: $0.idempotencyKey, status: .notSent,
                                          messages: [RecordMessage(field: nil, message: "\(error)")])
                })
            }
        }
        try options.checkpoint?(.answered(batchID: batch.id, recordIDs: ids))

        let byKey = Dictionary(uniqueKeysWithValues: chunk.map { ($0.idempotencyKey, $0) })
        var results: [PostingResult] = []
        var finished: [(LedgerRecord, RecordState, String?)] = []
        for answer in outcome.records {
            guard let record = byKey[answer.idempotencyKey] else { continue }
            let result = Self.result(for: answer, record: record, kind: kind, company: company,
                                     document: files.records[record.idempotencyKey]?.record, attemptID: attempts[record.id])
            results.append(result)
            finished.append((record, result.state, result.targetKey))
            switch answer.status {
            case .posted: summary.posted += 1
            case .duplicate: summary.duplicate += 1
            case .rejected:
                summary.rejected += 1
                work.summary.rejected.append(Self.issue(record, kind, batch.id, result.errors))
            case .locked:
                summary.locked += 1
                work.summary.waiting.append(Self.issue(record, kind, batch.id, result.errors))
            case .notSent:
                summary.waiting += 1
                work.summary.waiting.append(Self.issue(record, kind, batch.id, result.errors))
            case .uncertain:
                summary.uncertain += 1
                work.summary.uncertain.append(Self.issue(record, kind, batch.id, result.errors))
            }
        }
        // A record the outcome left out (it should not happen) stays `posting`: the next run settles it.
        summary.lockRetries += outcome.lockRetries
        summary.moduleLockWaits += outcome.moduleLockWaits
        summary.settled += outcome.settled
        summary.requests += outcome.attempts
        work.summary.settled += outcome.settled
        try ledger.finishPosting(results, runID: runID)
        try options.checkpoint?(.recorded(batchID: batch.id, recordIDs: ids))
        for (record, state, key) in finished {
            onEvent?(.recordFinished(batchID: batch.id, idempotencyKey: record.idempotencyKey, state: state, sageKey: key))
        }
        return stop
    }

    // MARK: - Helpers

    /// The ledger change one answer means.
    static func result(for answer: SagePostRecordOutcome, record: LedgerRecord, kind: SageDocumentKind, company: String,
                       document: JSONValue?, attemptID: Int64?) -> PostingResult {
        let label = PostMessages.label(kind, record)
        let sageText = answer.messages.map { m in m.field.map { "\($0): \(m.message)" } ?? m.message }.joined(separator: "; ")
        switch answer.status {
        case .posted, .duplicate:
            return PostingResult(recordID: record.id, attemptID: attemptID, state: .posted, targetKey: answer.sageKey,
                                 outcome: answer.status.rawValue,
                                 message: answer.status == .duplicate ? "already in Sage under this idempotency key" : nil,
                                 identity: identity(kind: kind, company: company, record: record, document: document,
                                                    sageKey: answer.sageKey))
        case .rejected:
            let reasons = PostMessages.rejection(kind, record, messages: answer.messages)
            return PostingResult(recordID: record.id, attemptID: attemptID, state: .rejected, errors: reasons,
                                 outcome: "rejected", message: PostMessages.sanitized(sageText))
        case .locked:
            // Sage said nothing was written: the record goes back to its batch, not to `uncertain`.
            return PostingResult(recordID: record.id, attemptID: attemptID, state: .batched,
                                 errors: ["\(label): Sage 100 kept it locked (Record/file busy) after \(answer.attempts) attempts; nothing was written. It stays in its batch and the next post sends it again; if it keeps happening, post when no one is editing these records in Sage."],
                                 outcome: "locked", message: PostMessages.sanitized(sageText))
        case .uncertain:
            return PostingResult(recordID: record.id, attemptID: attemptID, state: .uncertain,
                                 errors: ["\(label): the agent's answer was lost and it could not be asked whether the record was written (\(PostMessages.sanitized(sageText))). The next post asks the agent first and sends it again only if Sage does not have it."],
                                 outcome: "uncertain", message: PostMessages.sanitized(sageText))
        case .notSent:
            // The agent's client knows nothing was written (the module was locked, the request
            // never left): the record goes back to its batch for the next post.
            return PostingResult(recordID: record.id, attemptID: attemptID, state: .batched,
                                 errors: ["\(label): not written to Sage 100 (\(PostMessages.sanitized(sageText))). It stays in its batch and the next post sends it again."],
                                 outcome: "not_sent", message: PostMessages.sanitized(sageText))
        }
    }

    /// The identity-map pairing of a posted record: resource = the Sage kind, Sage key in the one
    /// format (``SageDocumentKey``) built from the document's fields, falling back to the agent's
    /// key for numbers Sage assigned.
    static func identity(kind: SageDocumentKind, company: String, record: LedgerRecord, document: JSONValue?,
                         sageKey: String?) -> PostingIdentity? {
        func field(_ name: String) -> String? { document?[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        let key: String?
        switch kind {
        case .purchaseOrderChanges:
            key = sageKey
        case .vendors, .apInvoices, .manualChecks:
            key = SageDocumentKey.of(kind, fields: field)
        case .purchaseOrders, .glEntries, .salesOrders:
            key = SageDocumentKey.of(kind, fields: field) ?? sageKey
        }
        guard let key, !key.isEmpty else { return nil }
        return PostingIdentity(company: company, resource: kind.rawValue, procoreID: record.sourceID, sageKey: key)
    }

    static func issue(_ record: LedgerRecord, _ kind: SageDocumentKind, _ batchID: String, _ reasons: [String]) -> PostRecordIssue {
        PostRecordIssue(recordID: record.id, idempotencyKey: record.idempotencyKey, batchID: batchID, kind: kind.rawValue,
                        resource: record.resource, sourceID: record.sourceID, reasons: reasons)
    }

    func wait(_ record: LedgerRecord, _ kind: SageDocumentKind, _ batchID: String, _ reasons: [String], _ runID: RunID,
              _ work: PostWork, _ summary: inout PostKindSummary) {
        summary.waiting += 1
        work.summary.waiting.append(Self.issue(record, kind, batchID, reasons))
        let detail = "{\"batch\":\(Self.json(batchID)),\"reasons\":[" + reasons.map(Self.json).joined(separator: ",") + "]}"
        _ = try? ledger.appendAudit(action: "record.waiting", subject: "record:\(record.id)", detailJSON: detail,
                                    runID: runID, actor: options.actor)
        for reason in reasons { onEvent?(.waiting(idempotencyKey: record.idempotencyKey, reason: reason)) }
    }

    func skip(_ batchID: String, _ reason: String, _ work: PostWork) {
        work.summary.skipped.append(PostBatchSkip(batchID: batchID, reason: reason))
        onEvent?(.batchSkipped(batchID: batchID, reason: reason))
    }

    static func rank(_ kind: String) -> Int {
        SageDocumentKind(rawValue: kind).flatMap { kindOrder.firstIndex(of: $0) } ?? kindOrder.count
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    static func json(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Why a run stopped (already worded for a person).
struct PostStop: Error {
    let reason: String
}

/// The mutable state of one run (used by one task only).
final class PostWork {
    var summary: PostSummary
    var kinds: [SageDocumentKind: PostKindSummary] = [:]
    /// Uncertain records the agent does not have: sent again with their batch.
    var settledNotFound: Set<Int64> = []
    private var batches: [String: PostingBatchRow?] = [:]
    private var loadedFiles: [String: PostBatchFiles?] = [:]

    init(summary: PostSummary) { self.summary = summary }

    func batch(_ id: String, ledger: Ledger) throws -> PostingBatchRow? {
        if let cached = batches[id] { return cached }
        let row = try ledger.postingBatch(id: id)
        batches[id] = row
        return row
    }

    func files(_ batch: PostingBatchRow, kind: SageDocumentKind, options: PostOptions) -> PostBatchFiles? {
        if let cached = loadedFiles[batch.id] { return cached }
        let files = try? PostBatchFiles.load(batch: batch, kind: kind, outboxRoot: options.outboxRoot, verifyManifest: false)
        loadedFiles[batch.id] = files
        return files
    }

}

extension JSONEncoder {
    /// Sorted keys, for summaries stored in the ledger.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
