import Foundation
import Ledger
import Procore
import Sage100

/// The transform stage: source versions in the ledger -> ledger records (valid | invalid) ->
/// outbox batches.
///
/// It reads what changed since the last transform: the newest version of each record received
/// (by a pull, a webhook pull or an inbox correction) after the sequence number the last
/// transform stopped at, plus the invalid records whose reasons may be gone (every one when the
/// mapping, the options or Sage's reference data changed; otherwise those that looked up a
/// record that has a new version), plus records a killed transform left unbatched. References
/// are looked up through the ledger's indexes (``SourceIndex``), so the cost follows what
/// changed, never the company's history; `staging/` is never read.
///
/// For each version (see `docs/pipeline.md`): a version already in the ledger changes nothing;
/// a new version supersedes an unposted older one, or moves a posted one to `drift` (never
/// re-sent). Each document is built, mapped and checked against Sage's field limits; every
/// problem becomes a reason on the record (naming the record, the field and the fix). Valid
/// documents are written per kind to `outbox/<run-id>-<kind>/` (VI CSV, agent JSON, manifest
/// last; a kind with more than `options.batchSize` documents continues in `<run-id>-<kind>-2`,
/// …) and moved to `batched` in the same transaction as the batch row, the identity-map pairs,
/// the source amounts and what each document must wait for in Sage.
public struct Transformer: Sendable {
    public var ledger: Ledger
    public var mapping: MappingConfiguration
    public var reference: ReferenceData
    /// Sage company code (e.g. `ABC`).
    public var company: String
    /// The outbox root; batches go to `<outboxRoot>/<batch-id>/`.
    public var outboxRoot: String
    public var options: TransformOptions
    /// The `run` this transform is a stage of: its batches are named after it and belong to it
    /// (one run, one id, one report). Nil: the transform is its own run.
    public var parentRun: RunID?

    public init(ledger: Ledger, mapping: MappingConfiguration, reference: ReferenceData,
                company: String, outboxRoot: String, options: TransformOptions = .init(), parentRun: RunID? = nil) {
        self.parentRun = parentRun
        self.ledger = ledger
        self.mapping = mapping
        self.reference = reference
        self.company = company
        self.outboxRoot = outboxRoot
        self.options = options
    }

    /// Staged resources that become Sage documents, in processing order (a payment needs the
    /// invoice of its requisition; documents need their vendors).
    public static let documentResources = ["purchase_order_contracts", "work_order_contracts", "requisitions",
                                           "commitment_change_orders", "contract_payments", "payment_applications"]

    /// The Sage kind a staged resource becomes under `ownerBilling` (owner payment applications
    /// become sales orders or journal entries), if any.
    public static func kind(of resource: String, ownerBilling: OwnerBilling,
                            changeOrders: ChangeOrderPosting = .purchaseOrder) -> SageDocumentKind? {
        if resource == "payment_applications" && ownerBilling == .salesOrder { return .salesOrders }
        if resource == "commitment_change_orders" { return changeOrders == .purchaseOrder ? .purchaseOrderChanges : .glEntries }
        return kind(of: resource)
    }

    /// The Sage kind a staged resource becomes, if any (owner payment applications: journal entries).
    public static func kind(of resource: String) -> SageDocumentKind? {
        switch resource {
        case "vendors": return .vendors
        case "purchase_order_contracts", "work_order_contracts": return .purchaseOrders
        case "requisitions": return .apInvoices
        case "commitment_change_orders": return .purchaseOrderChanges
        case "payment_applications": return .glEntries
        case "contract_payments": return .manualChecks
        default: return nil
        }
    }

    /// `<company>:<kind>:<resource>:<procore id>`, the same for every version of a source record.
    public static func idempotencyKey(company: String, kind: SageDocumentKind, resource: String, sourceID: Int64) -> String {
        "\(company):\(kind.rawValue):\(resource):\(sourceID)"
    }

    /// Ledger names of what the last transform read through, and of the context (mapping,
    /// options, reference data) its invalid records were checked against.
    static let throughKey = "transform-through-seq"
    static let contextKey = "transform-context"
    /// The Sage vendors the last transform resolved against.
    static let vendorsKey = "transform-sage-vendors"
    /// Records whose new version waited because the previous one was being posted.
    static let deferredKey = "transform-deferred"

    /// Runs the transform and returns what it did. Throws only when nothing trustworthy can
    /// happen (ledger or outbox failures); bad records never throw.
    public func run() throws -> TransformSummary {
        guard (1...3).contains(company.count),
              company.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw TransformError.invalidCompany(company)
        }
        let lock = try OutboxLock.acquire(outboxRoot: outboxRoot)
        defer { withExtendedLifetime(lock) {} }
        let runID = try ledger.beginRun(kind: "transform", parent: parentRun)
        let session = TransformSession(transformer: self, runID: runID)
        do {
            try session.run()
            session.summary.finishedAt = Timestamp.string(from: Date(), milliseconds: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: (try? encoder.encode(session.summary)) ?? Data(), as: UTF8.self)
            try ledger.finishRun(runID, status: .completed, summaryJSON: json)
            return session.summary
        } catch {
            try? ledger.finishRun(runID, status: .failed, summaryJSON: nil)
            if let error = error as? TransformError { throw error }
            if let error = error as? LedgerError { throw TransformError.ledger(error.description) }
            throw error
        }
    }
}

/// A record whose new version waits because the previous one is being posted.
struct DeferredVersion: Codable, Hashable {
    var resource: String
    var id: Int64

    static func decode(_ text: String?) -> [DeferredVersion] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([DeferredVersion].self, from: Data(text.utf8))) ?? []
    }

    static func encode(_ list: [DeferredVersion]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// A document built for Sage and waiting for its batch.
struct PendingDocument {
    var kind: SageDocumentKind
    var record: any SageRecord
    var ledgerRecord: LedgerRecord
    /// Procore resource and id it was built from.
    var resource: String
    var sourceID: Int64
    var idempotencyKey: String
    var identities: [IdentityPair]
    /// Procore vendors whose identity-map pairs the document relies on.
    var vendorIDs: [Int64]
    var amounts: [RecordAmount]
    var targetKey: String?
    /// Records (other than its vendors) it must wait for in Sage: the invoice a check pays.
    var needs: [BatchCommit.Prerequisite] = []
    /// Its batch output, rendered once when it was checked (nil: rendered with the batch).
    var rendered: RenderedForBatch?
}

/// What a cost code line's account is resolved from.
struct AccountLookup: Hashable {
    var costCode: String
    var costType: String?
    var projectID: Int64?
}

/// What the ledger says about a staged version.
enum Admission {
    /// Build it (a new version, or the same version still `staged`, `valid` or `invalid`).
    case process(LedgerRecord)
    /// Already on its way or done.
    case unchanged(LedgerRecord)
    /// The posted record changed in Procore.
    case drift(LedgerRecord)
    /// The previous version is being posted right now.
    case deferred(LedgerRecord)
}

/// Why a document could not be built: every reason, each a full sentence.
struct BuildFailure: Error {
    var reasons: [String]
    /// The record's full label ("requisition 1280646 (Acme Drywall, invoice 123)"), when known.
    var label: String?
    /// Lookup key of the record whose failure is this one's only reason (a payment's invalid
    /// requisition, a change order's invalid commitment, a document's invalid vendor): the
    /// report counts it under that record's root cause instead of as a cause of its own.
    var blockedBy: String?
    init(_ reasons: [String], label: String? = nil, blockedBy: String? = nil) {
        self.reasons = reasons
        self.label = label
        self.blockedBy = blockedBy
    }
    init(_ reason: String, label: String? = nil, blockedBy: String? = nil) {
        self.reasons = [reason]
        self.label = label
        self.blockedBy = blockedBy
    }

    /// `blocker` when every one of `reasons` came from it (`fromBlocker` of them), else nil.
    static func blocker(_ blocker: String?, fromBlocker: Int, of reasons: [String]) -> String? {
        guard let blocker, fromBlocker > 0, fromBlocker == reasons.count else { return nil }
        return blocker
    }
}

/// Outcome of a vendor a document depends on.
enum VendorOutcome {
    case ready(VendorResolution)
    case failed([String])
}

/// The mutable state of one transform run (single-threaded).
final class TransformSession {
    let t: Transformer
    let runID: RunID
    /// What batches are named after and belong to: the parent `run`, or this transform.
    let batchRunID: RunID
    var summary: TransformSummary
    let accounts: AccountResolver
    var vendors: VendorResolver
    var keys: SageKeyAllocator
    let index: SourceIndex
    /// Lookup keys of records that have a new version in this transform, or that became valid
    /// in it: invalid records that looked one of them up are checked again.
    var changedKeys: Set<String> = []
    /// Sage keys of the documents of this transform, by kind: key -> (source id, label).
    var documentKeys: [SageDocumentKind: [String: (sourceID: Int64, label: String)]] = [:]
    /// Records the last transform deferred (taken again now).
    var deferredBefore: [DeferredVersion] = []
    /// Valid documents waiting for their batch, by kind (at most `options.batchSize` each,
    /// unless `allOrNothing`).
    var pending: [SageDocumentKind: [PendingDocument]] = [:]
    /// Batches written so far per kind (names the next one).
    var batchCounts: [SageDocumentKind: Int] = [:]
    var vendorOutcomes: [Int64: VendorOutcome] = [:]
    /// Accounts resolved in this run by cost code, cost type and project: the mapping and
    /// Sage's accounts do not change during a run, and most lines repeat a few codes.
    var resolvedAccounts: [AccountLookup: Result<GLAccountRef, AccountResolutionError>] = [:]
    /// The Sage-vendor lookup key each Procore vendor's outcome depended on.
    var sageVendorTouch: [Int64: String] = [:]
    /// Vendor identity pairs allocated in this run, by Procore vendor id.
    var vendorPairs: [Int64: IdentityPair] = [:]
    /// Requisitions numbered in this run and valid: id -> (division, vendorNo, invoiceNo).
    var invoices: [Int64: (division: String, vendorNo: String, invoiceNo: String)] = [:]
    /// Requisitions of this run that turned out invalid, for the payments' messages.
    var invalidRequisitions: Set<Int64> = []
    /// What a person can fill in to release the record being built (innermost record last: a
    /// vendor built while a document needs it has a frame of its own).
    var hintFrames: [[FixHint]] = [[]]
    /// Commitments numbered in this run and valid: id -> PurchaseOrderNo.
    var purchaseOrderNumbers: [Int64: String] = [:]
    /// Commitments of this run that turned out invalid, for their change orders' messages.
    var invalidCommitments: Set<Int64> = []
    let writer = VIBatchWriter()

    init(transformer: Transformer, runID: RunID) {
        t = transformer
        self.runID = runID
        batchRunID = transformer.parentRun ?? runID
        index = SourceIndex(ledger: transformer.ledger)
        summary = TransformSummary(runID: runID, stagingRun: "ledger",
                                   company: transformer.company, startedAt: Timestamp.string(from: Date(), milliseconds: true))
        accounts = AccountResolver(configuration: transformer.mapping, structure: transformer.reference.structure,
                                   accounts: transformer.reference.accounts)
        let identities = LedgerIdentityLookup(ledger: transformer.ledger, company: transformer.company)
        vendors = VendorResolver(configuration: transformer.mapping,
                                 sageVendorNumbers: transformer.reference.vendorNumbers(division: transformer.mapping.apDivision),
                                 identities: identities)
        keys = SageKeyAllocator(identities: identities)
    }

    var company: String { t.company }
    var division: String { t.mapping.apDivision }

    /// Reads what changed from the ledger, resource by resource in dependency order (a payment
    /// needs the invoice of its requisition; documents need their vendors), then vendors nobody
    /// referred to, and writes the batches. Versions are read in chunks: nothing holds the run.
    func run() throws {
        let ledger = t.ledger
        let after = Int64(try ledger.pipelineValue(Transformer.throughKey) ?? "0") ?? 0
        let through = try ledger.sourceSequenceHigh()
        let fingerprint = TransformContext.fingerprint(mapping: t.mapping, reference: t.reference, options: t.options)
        let contextChanged = try ledger.pipelineValue(Transformer.contextKey) != fingerprint
        deferredBefore = DeferredVersion.decode(try ledger.pipelineValue(Transformer.deferredKey))
        summary.stagingRun = "ledger versions \(after + 1)-\(through)"
        summary.versionsFrom = after + 1
        summary.versionsThrough = through
        summary.contextChanged = contextChanged
        // Only invalid records look changed keys up: with none, the (possibly large) set of what
        // arrived is not needed.
        let anyInvalid = !(try ledger.records(in: .invalid, limit: 1)).isEmpty
        changedKeys = through > after && anyInvalid ? try ledger.changedSourceKeys(after: after, through: through) : []
        let vendorKeys = TransformContext.sageVendorKeys(t.reference)
        let vendorsBefore = try ledger.pipelineValue(Transformer.vendorsKey).flatMap {
            try? JSONDecoder().decode([String].self, from: Data($0.utf8))
        }
        changedKeys.formUnion(TransformContext.changedVendorKeys(before: vendorsBefore, now: vendorKeys))
        for (resource, count) in try ledger.sourceVersionCounts(after: after, through: through)
        where Transformer.kind(of: resource) == nil {
            summary.reference[resource] = count
        }

        for resource in Transformer.documentResources {
            try forEachVersion(resource, after: after, through: through, recheckAll: contextChanged) { try process($0) }
        }
        // Vendors that need creating even when no document refers to them
        // (mapping.vendors.create_missing), and invalid vendors that may be fixed now.
        try forEachVersion("vendors", after: after, through: through, recheckAll: contextChanged) { staged in
            if vendorOutcomes[staged.record.id] == nil { try processStagedVendor(staged) }
        }
        try writeBatches()
        try ledger.setPipelineValue(Transformer.throughKey, String(through))
        try ledger.setPipelineValue(Transformer.contextKey, fingerprint)
        try ledger.setPipelineValue(Transformer.vendorsKey, String(decoding: try JSONEncoder().encode(vendorKeys), as: UTF8.self))
        try ledger.setPipelineValue(Transformer.deferredKey, DeferredVersion.encode(
            summary.deferred.map { DeferredVersion(resource: $0.resource, id: $0.sourceID) }))
    }

    /// Calls `body` with the newest version of every record of `resource` that needs a look:
    /// received in `(after, through]`, invalid and possibly fixed, or left unbatched by a killed
    /// transform. In a stable order (project, then Procore id), 100 versions at a time.
    func forEachVersion(_ resource: String, after: Int64, through: Int64, recheckAll: Bool,
                        _ body: (StagedRecord) throws -> Void) throws {
        let ledger = t.ledger
        var ids = Set(try ledger.sourceIDs(resource: resource, states: [.staged]))
        ids.formUnion(try ledger.sourceIDs(resource: resource, states: [.valid], unbatchedOnly: true))
        let recheck = recheckAll
            ? try ledger.sourceIDs(resource: resource, states: [.invalid])
            : try ledger.invalidSourceIDs(resource: resource, dependingOn: changedKeys)
        ids.formUnion(recheck)
        summary.rechecked += recheck.count
        ids.formUnion(deferredBefore.filter { $0.resource == resource }.map(\.id))
        let fresh = try ledger.newestSourceKeys(resource: resource, after: after, through: through)
        var seqs = fresh
        if !ids.isEmpty {
            let freshIDs = Set(fresh.map(\.sourceID))
            seqs += try ledger.newestSourceKeys(resource: resource, sourceIDs: ids.filter { !freshIDs.contains($0) }.sorted(),
                                                through: through)
            seqs.sort { ($0.projectID ?? 0, $0.sourceID) < ($1.projectID ?? 0, $1.sourceID) }
        }
        var start = 0
        while start < seqs.count {
            let chunk = seqs[start..<min(start + 100, seqs.count)].map(\.seq)
            start += chunk.count
            // One ledger transaction per chunk: the records' rows commit together, not one
            // durable commit per row.
            try ledger.inBatch {
                for version in try ledger.sourceVersions(seqs: chunk) {
                    switch SourceIndex.parse(version) {
                    case .success(let staged):
                        index.startRecord()
                        try body(staged)
                    case .failure(let error):
                        summary.unreadable.append(error.description)
                    }
                }
            }
        }
    }

    // MARK: - Per record

    func count(_ kind: SageDocumentKind, _ change: (inout TransformSummary.KindCounts) -> Void) {
        change(&summary.counts[kind.rawValue, default: TransformSummary.KindCounts()])
    }

    func key(_ kind: SageDocumentKind, _ staged: StagedRecord) -> String {
        Transformer.idempotencyKey(company: company, kind: kind, resource: staged.resource, sourceID: staged.record.id)
    }

    /// Notes what a person can fill in to release the record being built.
    func hint(_ fix: FixHint) {
        if !hintFrames[hintFrames.count - 1].contains(fix) { hintFrames[hintFrames.count - 1].append(fix) }
    }

    /// One document line of the staging run.
    func process(_ staged: StagedRecord) throws {
        hintFrames.append([])
        defer { hintFrames.removeLast() }
        guard let kind = Transformer.kind(of: staged.resource, ownerBilling: t.mapping.ownerBilling,
                                          changeOrders: t.mapping.changeOrders) else { return }
        let built: Result<DocumentDraft?, BuildFailure>
        switch staged.resource {
        case "purchase_order_contracts", "work_order_contracts": built = buildPurchaseOrder(staged)
        case "requisitions": built = buildInvoice(staged)
        case "commitment_change_orders":
            built = kind == .purchaseOrderChanges ? buildPurchaseOrderChange(staged) : buildJournalEntry(staged)
        case "contract_payments": built = buildManualCheck(staged)
        case "payment_applications":
            built = kind == .salesOrders ? buildPayAppSalesOrder(staged) : buildPayAppJournalEntry(staged)
        default: return
        }
        switch built {
        case .success(nil):
            try retire(staged, kind: kind)
            count(kind) { $0.notEligible += 1 }
        case .success(let draft?):
            try settle(staged, kind: kind, built: .success(draft))
        case .failure(let failure):
            try settle(staged, kind: kind, built: .failure(failure))
        }
    }

    /// Records the outcome of a built (or failed) document in the ledger and the summary.
    @discardableResult
    func settle(_ staged: StagedRecord, kind: SageDocumentKind, built: Result<DocumentDraft, BuildFailure>) throws -> Bool {
        let idempotencyKey = key(kind, staged)
        // Rendered before the ledger is asked: a new version of a posted record is compared by
        // the document it would send.
        var early: Result<RenderedForBatch, BuildFailure>? = nil
        if case .success(let d) = built { early = render(d.record, label: d.label, idempotencyKey: idempotencyKey) }
        var digest: String? = nil
        if case .success(let output)? = early { digest = ContentHash.sha256(Data(output.agentJSON)) }
        let record: LedgerRecord
        switch try admit(staged, key: idempotencyKey, kind: kind, documentDigest: digest) {
        case .unchanged(let existing):
            count(kind) { $0.unchanged += 1 }
            return existing.state != .rejected
        case .drift(let existing):
            count(kind) { $0.drift += 1 }
            summary.drift.append(.init(resource: staged.resource, sourceID: staged.record.id, recordID: existing.id,
                                       state: existing.state.rawValue,
                                       message: "\(labelFor(staged)) changed in Procore after it was posted to Sage 100\(existing.targetKey.map { " as \($0)" } ?? ""); it is not sent again. Compare it with Sage 100 and correct Sage 100 by hand if needed"))
            return true
        case .deferred(let existing):
            count(kind) { $0.deferred += 1 }
            summary.deferred.append(.init(resource: staged.resource, sourceID: staged.record.id, recordID: existing.id,
                                          state: existing.state.rawValue,
                                          message: "\(labelFor(staged)): a newer version was received while the previous one is being posted (\(existing.state.rawValue)); run ml-connector post to settle it; the next transform takes the new version"))
            return false
        case .process(let existing):
            record = existing
        }
        var reasons: [String] = []
        var draft: DocumentDraft?
        var failedLabel: String?
        var blockedBy: String?
        var rendered: RenderedForBatch?
        switch built {
        case .failure(let failure):
            reasons = failure.reasons
            failedLabel = failure.label
            blockedBy = failure.blockedBy
        case .success(let d):
            draft = d
            switch early ?? render(d.record, label: d.label, idempotencyKey: idempotencyKey) {
            case .success(let output): rendered = output
            case .failure(let failure): reasons = failure.reasons
            }
            if reasons.isEmpty, let clash = keyClash(d, kind: kind, sourceID: staged.record.id) { reasons = [clash] }
        }
        if !reasons.isEmpty || draft == nil {
            if record.state == .staged || record.state == .valid {
                var hold = heldFacts(staged, kind: kind)
                hold.blockedBy = blockedBy
                hold.fixJSON = FixHint.encode(hintFrames.last ?? [])
                try t.ledger.settleValidation(recordID: record.id, valid: false, reasons: reasons, runID: runID, hold: hold)
            }
            // What it looked up: a new version of any of these checks it again.
            var keys = index.touched
            keys.insert(Ledger.lookupKey(resource: staged.resource, id: staged.record.id))
            try t.ledger.setDependencies(recordID: record.id, keys: keys)
            if kind == .apInvoices {
                invoices[staged.record.id] = nil
                invalidRequisitions.insert(staged.record.id)
            }
            if kind == .purchaseOrders {
                purchaseOrderNumbers[staged.record.id] = nil
                invalidCommitments.insert(staged.record.id)
            }
            count(kind) { $0.invalid += 1 }
            summary.invalid.append(.init(resource: staged.resource, sourceID: staged.record.id, recordID: record.id,
                                         kind: kind.rawValue, label: draft?.label ?? failedLabel ?? labelFor(staged), reasons: reasons))
            return false
        }
        guard let draft else { return false }
        if record.state != .valid {
            try t.ledger.settleValidation(recordID: record.id, valid: true, reasons: [], runID: runID)
        }
        if record.state == .invalid {
            // Records that failed because this one was invalid (a payment of this requisition)
            // are checked again later in this transform.
            changedKeys.insert(Ledger.lookupKey(resource: staged.resource, id: staged.record.id))
            try t.ledger.setDependencies(recordID: record.id, keys: [])
        }
        var ledgerRecord = record
        ledgerRecord.state = .valid
        count(kind) { $0.valid += 1 }
        summary.adjusted += draft.adjusted
        pending[kind, default: []].append(PendingDocument(
            kind: kind, record: draft.record, ledgerRecord: ledgerRecord, resource: staged.resource,
            sourceID: staged.record.id, idempotencyKey: idempotencyKey,
            identities: draft.identities, vendorIDs: draft.vendorIDs, amounts: draft.amounts, targetKey: draft.targetKey,
            needs: draft.needs, rendered: rendered))
        if !t.options.allOrNothing, pending[kind, default: []].count >= t.options.batchSize {
            try flush(through: kind)
        }
        return true
    }

    /// A document whose Sage key another document of this transform already has would make its
    /// whole batch unwritable (Sage keeps one document per key): it is refused alone, naming
    /// both, and the rest of the batch goes on.
    func keyClash(_ draft: DocumentDraft, kind: SageDocumentKind, sourceID: Int64) -> String? {
        guard let key = draft.record.uniqueKey else { return nil }
        if let first = documentKeys[kind]?[key], first.sourceID != sourceID {
            return "\(draft.label): its Sage key \(key) is already used by \(first.label) in this transform; Sage keeps one document per key, so give one of them another number in Procore and pull again"
        }
        documentKeys[kind, default: [:]][key] = (sourceID, draft.label)
        return nil
    }

    /// The document rendered once for its batch: its Visual Integrator rows (checked against
    /// field limits, cross-field rules, formula prefixes and characters Windows-1252 cannot
    /// hold) and its agent import record. Every problem becomes a reason naming the record.
    func render(_ record: any SageRecord, label: String, idempotencyKey: String) -> Result<RenderedForBatch, BuildFailure> {
        do {
            let rows = try writer.renderDocument(record)
            let agentJSON = try ImportRecord.json(idempotencyKey: idempotencyKey, encoding: record)
            return .success(RenderedForBatch(rows: rows, agentJSON: agentJSON))
        } catch let error as VIWriteError {
            if case .invalidRecords(_, let problems) = error {
                return .failure(BuildFailure(problems.map { "\(label): \($0.description)" }))
            }
            return .failure(BuildFailure("\(label): \(error.description)"))
        } catch {
            return .failure(BuildFailure("\(label): it cannot be encoded for the agent (\(error)); fix the record in Procore and pull again"))
        }
    }

    /// What the ledger already knows about this version; supersedes or drifts older versions.
    /// A new version of a posted record whose document (`documentDigest`) is the one posted
    /// changes nothing in Sage: it is unchanged, not drift.
    func admit(_ staged: StagedRecord, key: String, kind: SageDocumentKind, documentDigest: String? = nil) throws -> Admission {
        let ledger = t.ledger
        if let same = try ledger.record(resource: staged.resource, sourceID: staged.record.id,
                                        sourceUpdatedAt: staged.record.updatedAt, contentSHA256: staged.contentSHA256) {
            switch same.state {
            case .staged, .valid, .invalid: return .process(same)
            default: return .unchanged(same)
            }
        }
        // A change order posted under the other `change_orders` mode keeps that posting: a new
        // version of it is drift, never a second posting of the same commitment.
        if staged.resource == "commitment_change_orders" {
            for other in [SageDocumentKind.purchaseOrderChanges, .glEntries] where other != kind {
                let otherKey = Transformer.idempotencyKey(company: company, kind: other, resource: staged.resource, sourceID: staged.record.id)
                if let posted = try ledger.liveRecord(idempotencyKey: otherKey), posted.state == .posted || posted.state == .drift {
                    let moved = posted.state == .drift ? posted : try ledger.transition(
                        recordID: posted.id, to: .drift,
                        error: "the source changed in Procore after it was posted as a \(other.displayName) (mapping.change_orders has changed since); not sent again",
                        runID: runID)
                    return .drift(moved)
                }
            }
        }
        if let live = try ledger.liveRecord(idempotencyKey: key) {
            switch live.state {
            case .posted:
                if let documentDigest, live.documentSHA256 == documentDigest { return .unchanged(live) }
                let moved = try ledger.transition(recordID: live.id, to: .drift,
                                                  error: "the source changed in Procore after posting (new version updated \(staged.record.updatedAt ?? "at an unknown time")); not sent again",
                                                  runID: runID)
                return .drift(moved)
            case .drift:
                return .drift(live)
            case .posting, .uncertain:
                return .deferred(live)
            case .batched:
                try ledger.transition(recordID: live.id, to: .valid, error: "replaced by a newer Procore version before it was posted; its batch \(live.batchID ?? "") no longer carries it", runID: runID)
                try ledger.transition(recordID: live.id, to: .superseded, runID: runID)
                count(kind) { $0.superseded += 1 }
            case .staged, .valid, .invalid, .rejected:
                try ledger.transition(recordID: live.id, to: .superseded, runID: runID)
                count(kind) { $0.superseded += 1 }
            case .superseded:
                break
            }
        }
        let inserted = try ledger.insertRecord(NewLedgerRecord(
            resource: staged.resource, companyID: staged.companyID, projectID: staged.projectID, sourceID: staged.record.id,
            sourceUpdatedAt: staged.record.updatedAt, contentSHA256: staged.contentSHA256, runID: runID, idempotencyKey: key))
        return .process(inserted)
    }

    /// A staged record that is no longer for Sage (not approved any more, deleted, inactive):
    /// its unposted live version is superseded so it is not sent.
    func retire(_ staged: StagedRecord, kind: SageDocumentKind) throws {
        guard let live = try t.ledger.liveRecord(idempotencyKey: key(kind, staged)) else { return }
        switch live.state {
        case .staged, .valid, .invalid, .rejected:
            try t.ledger.transition(recordID: live.id, to: .superseded, error: "no longer eligible in Procore (status changed)", runID: runID)
            count(kind) { $0.superseded += 1 }
        case .batched:
            try t.ledger.transition(recordID: live.id, to: .valid, error: "no longer eligible in Procore before it was posted", runID: runID)
            try t.ledger.transition(recordID: live.id, to: .superseded, runID: runID)
            count(kind) { $0.superseded += 1 }
        default:
            break
        }
    }

    // MARK: - Labels and small helpers

    /// "requisition 1280646", used before the record decodes.
    func labelFor(_ staged: StagedRecord) -> String {
        let name: String
        switch staged.resource {
        case "purchase_order_contracts": name = "purchase order contract"
        case "work_order_contracts": name = "subcontract"
        case "requisitions": name = "requisition"
        case "commitment_change_orders": name = "commitment change order"
        case "contract_payments": name = "contract payment"
        case "payment_applications": name = "payment application"
        case "vendors": name = "vendor"
        default: name = staged.resource
        }
        return "\(name) \(staged.record.id)"
    }

    /// Decodes a staged record, or a failure naming the record and field.
    func decode<T: Decodable>(_ type: T.Type, _ staged: StagedRecord) -> Result<T, BuildFailure> {
        do {
            return .success(try staged.record.decode(T.self, resource: staged.resource))
        } catch {
            return .failure(BuildFailure("\(labelFor(staged)) (\(staged.location)): \(error.description); fix the record in Procore and pull again"))
        }
    }

    /// Decodes the children `name` of a staged record.
    func children<T: Decodable>(_ name: String, of staged: StagedRecord, as type: T.Type) -> Result<[T], BuildFailure> {
        var items: [T] = []
        var reasons: [String] = []
        for child in staged.children[name] ?? [] {
            do {
                items.append(try child.decode(T.self, resource: "\(staged.resource).\(name)"))
            } catch {
                reasons.append("\(labelFor(staged)) (\(staged.location)): \(name) \(error.description); fix the record in Procore and pull again")
            }
        }
        return reasons.isEmpty ? .success(items) : .failure(BuildFailure(reasons))
    }

    /// A Sage date from a Procore day.
    func sageDate(_ day: ProcoreDay?) -> SageDate? {
        guard let day else { return nil }
        return try? SageDate(year: day.year, month: day.month, day: day.day)
    }

    /// A Sage date from an instant (UTC).
    func sageDate(_ date: Date?) -> SageDate? {
        guard let date else { return nil }
        return try? SageDate(date, timeZone: TimeZone(identifier: "UTC")!)
    }

    var today: SageDate {
        (try? SageDate(t.options.today, timeZone: TimeZone(identifier: "UTC")!)) ?? (try! SageDate(year: 2000, month: 1, day: 1))
    }

    /// `text` cut to `limit` characters; a cut is reported in the summary.
    func fit(_ text: String?, _ limit: Int, field: String, record: String, adjusted: inout [TransformSummary.AdjustedValue]) -> String {
        let value = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard value.count > limit else { return value }
        let cut = String(value.prefix(limit)).trimmingCharacters(in: .whitespaces)
        adjusted.append(.init(record: record, field: field, original: value, written: cut,
                              reason: "\(field) allows \(limit) characters in Sage 100; the value was cut"))
        return cut
    }

    /// The GL account of a cost code line (``AccountResolver/resolve(costCode:costType:projectID:)``),
    /// resolved once per run for each cost code, cost type and project.
    func resolveAccount(costCode: String, costType: String?, projectID: Int64?) -> Result<GLAccountRef, AccountResolutionError> {
        let lookup = AccountLookup(costCode: costCode, costType: costType, projectID: projectID)
        if let known = resolvedAccounts[lookup] {
            if case .failure(.unmapped) = known { hint(.glAccount(costCode: costCode, costType: costType)) }
            return known
        }
        let result = accounts.resolve(costCode: costCode, costType: costType, projectID: projectID)
        resolvedAccounts[lookup] = result
        if case .failure(.unmapped) = result { hint(.glAccount(costCode: costCode, costType: costType)) }
        return result
    }

    /// The Sage job of a project: `mapping.projects.<id>.job_no`, or empty.
    func jobNo(_ projectID: Int64?) -> String {
        guard let projectID else { return "" }
        return accounts.jobNo(projectID: projectID) ?? ""
    }
}

/// A document built from a staged record, before the ledger decides about it.
struct DocumentDraft {
    var record: any SageRecord
    /// "requisition 1280646 (Acme Drywall, invoice 123)".
    var label: String
    var identities: [IdentityPair] = []
    var vendorIDs: [Int64] = []
    var amounts: [RecordAmount] = []
    var targetKey: String?
    var adjusted: [TransformSummary.AdjustedValue] = []
    /// Records (other than its vendors) it must wait for in Sage: the invoice a check pays.
    var needs: [BatchCommit.Prerequisite] = []
}
