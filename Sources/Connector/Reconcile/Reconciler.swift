import Money
import Foundation
import JSON
import Ledger
import Sage100

/// Compares what a run sent (the ledger's source amounts) with what Sage 100 holds (read back
/// from the agent), per kind, document, vendor, job and GL account, to the cent.
///
/// Reading only: the reconciler never changes the ledger or Sage.
public struct Reconciler: Sendable {
    public let ledger: Ledger
    public let source: any ReconciliationSource
    public let options: ReconcileOptions

    public init(ledger: Ledger, source: any ReconciliationSource, options: ReconcileOptions) {
        self.ledger = ledger
        self.source = source
        self.options = options
    }

    /// Reconciles `runID`, or the newest run that wrote batches when nil.
    /// - Throws: ``ReconcileError`` when the agent cannot be read (nothing can be proved then),
    ///   `LedgerError` when the run is unknown.
    public func reconcile(runID: RunID? = nil) async throws -> ReconciliationReport {
        guard let run = try runID ?? ledger.latestRunWithBatches() else { throw ReconcileError.nothingToReconcile }
        let snapshot = try ledger.reconcileSnapshot(runID: run, includeRecords: false)
        var notes: [String] = []

        // Reference data: formatted accounts, descriptions, vendor names. Optional.
        var accountByKey: [String: String] = [:]
        var accountNames: [String: String] = [:]
        do {
            for account in try await source.reconciliationAccounts() {
                accountByKey[account.accountKey] = account.account
                accountNames[account.account] = account.accountDesc
            }
        } catch {
            notes.append("GL accounts could not be read from the agent (\(error)); accounts are shown as Sage holds them and per-account totals may not line up")
        }
        var vendorNames: [String: String] = [:]
        do {
            vendorNames = try await source.reconciliationVendorNames()
        } catch {
            notes.append("vendor names could not be read from the agent (\(error)); vendors are shown by number")
        }
        let accountOf: (String) -> String = { accountByKey[$0] ?? $0 }

        // One batch at a time: its records and what Sage holds for it, so memory stays the size
        // of one batch however big the run.
        var builder = ReportBuilder(vendorNames: vendorNames, accountNames: accountNames)
        var claimed: Set<String> = []   // "<batch>|<sage key>" of documents matched to a record
        var reported: Set<Int64> = []
        var runRecords: Set<Int64> = []
        var elsewhere: [String: [AgentPostedDocument]] = [:]
        /// Documents no record of their own batch claimed: reported at the end unless a record of
        /// a later batch turns out to be posted as one of them.
        var unclaimed: [(batch: PostingBatchRow, kind: SageDocumentKind, document: AgentPostedDocument)] = []

        for batch in snapshot.batches {
            let kindText = batch.kind
            let kind = SageDocumentKind(rawValue: kindText)
            var documents: [AgentPostedDocument] = []
            if kind == .salesOrders {
                documents = try await readSalesOrders(batchID: batch.id)
            } else if let kind, kind != .vendors {
                documents = try await read(kind: kind, batchID: batch.id)
            }
            let index = DocumentIndex(documents)
            var claimedHere: Set<String> = []
            for item in try ledger.reconcileRecords(batchID: batch.id) {
                let record = item.record
                runRecords.insert(record.id)
                if record.state == .valid || record.state == .invalid || record.state == .staged {
                    // Left the batch (a person rejected it): not meant to be in Sage from this run.
                    builder.exceptions.append(exception(.notPosted, item, kind: kindText, reason: "record is back in '\(record.state.rawValue)' after batch \(batch.id) was \(batch.state.rawValue): \(record.errors.last ?? "no reason recorded")",
                                                        fix: "correct the record; the next transform batches it again and the next post sends it"))
                    reported.insert(record.id)
                    continue
                }
                let sourceLines = item.amounts.filter { $0.line == "distribution" }.map {
                    ReconcileLine(vendorNo: nonEmpty($0.vendorNo), jobNo: nonEmpty($0.jobNo), account: nonEmpty($0.account).map(accountOf), amount: $0.amount)
                }
                let sourceAmount = Self.documentAmount(item.amounts, kind: kindText)
                builder.addSource(kind: kindText, amount: sourceAmount, lines: sourceLines)

                if record.state == .posted || record.state == .drift, let since = record.heldSince {
                    builder.resolved.append(ReconciliationReport.Resolved(
                        record: "\(record.resource) \(record.sourceID) (record \(record.id))", kind: kindText,
                        sageKey: record.targetKey, amount: kind == .vendors ? nil : Money(sourceAmount), heldSince: since,
                        cause: try ledger.heldCause(of: record) ?? "no reason recorded"))
                }
                guard let kind, kind != .vendors else {
                    if record.state == .posted || record.state == .drift { builder.countPosted(kind: kindText) }
                    try addStateException(item, kind: kindText, document: nil, batchState: batch.state, builder: &builder, reported: &reported)
                    continue
                }
                var document = find(record, in: index)
                if document != nil {
                    claimedHere.insert(document!.sageKey)
                } else if record.state == .posted || record.state == .drift || record.state == .uncertain {
                    document = try await lookElsewhere(record, kind: kind, batchID: batch.id, cache: &elsewhere)
                }
                if let document {
                    claimed.insert((document.batchID ?? batch.id) + "|" + document.sageKey)
                    let posted = try PostedDocumentLines.controlAmount(document)
                    var lines = try PostedDocumentLines.lines(document, kind: kind, accountOf: accountOf)
                    let jobs = Set(sourceLines.compactMap(\.jobNo))
                    if jobs.count == 1 { for i in lines.indices where lines[i].jobNo == nil { lines[i].jobNo = jobs.first } }
                    builder.addPosted(kind: kindText, amount: posted, lines: lines)
                    if kind == .glEntries {
                        let hits = Set(lines.compactMap(\.account).filter { options.costAccounts.contains($0) }).sorted()
                        if !hits.isEmpty {
                            builder.exceptions.append(exception(
                                .costAccountPosting, item, kind: kindText, sageKey: document.sageKey, source: sourceAmount, posted: posted,
                                reason: "GL journal entry \(document.sageKey) posts to \(hits.joined(separator: ", ")), where the mapping charges job cost; only AP invoices may post cost, so this would count it twice",
                                fix: "reverse the entry in Sage 100; for change orders use mapping.change_orders: purchase_order, or journal_entry with memo accounts that are not cost accounts"))
                            reported.insert(record.id)
                        }
                    }
                    if posted != sourceAmount, record.state == .posted || record.state == .drift {
                        builder.exceptions.append(exception(
                            .amountMismatch, item, kind: kindText, sageKey: document.sageKey,
                            source: sourceAmount, posted: posted,
                            reason: "Sage holds \(Money(posted).grouped) for \(kind.displayName) \(document.sageKey); the source amount is \(Money(sourceAmount).grouped) (difference \(Money(posted - sourceAmount).grouped))",
                            fix: "check whether the document was edited in Sage 100 after posting; correct it in Sage (the connector never re-posts a posted document)"))
                        reported.insert(record.id)
                    }
                } else if record.state == .posted {
                    builder.exceptions.append(exception(
                        .missingInSage, item, kind: kindText, sageKey: record.targetKey, source: sourceAmount,
                        reason: "the ledger says \(kind.displayName) \(record.targetKey ?? "(no key)") was posted in batch \(batch.id), but the agent has no such document",
                        fix: "look for the document in Sage 100 (deleted or purged?); if it is gone, enter it in Sage by hand from outbox/\(batch.id)/ and note it in the audit trail"))
                    reported.insert(record.id)
                }
                try addStateException(item, kind: kindText, document: document, batchState: batch.state, builder: &builder,
                                      reported: &reported, newer: snapshot.newerVersions[record.id])
            }
            // Documents Sage holds for this batch that no record of it claimed.
            if let kind {
                for document in documents where document.batchID == nil || document.batchID == batch.id {
                    guard !claimedHere.contains(document.sageKey) else { continue }
                    unclaimed.append((batch, kind, document))
                }
            }
            documents = []
            FreedMemory.release()
        }

        for (batch, kind, document) in unclaimed where !claimed.contains(batch.id + "|" + document.sageKey) {
            let posted = try PostedDocumentLines.controlAmount(document)
            builder.addPosted(kind: batch.kind, amount: posted,
                              lines: try PostedDocumentLines.lines(document, kind: kind, accountOf: accountOf), counted: true)
            builder.exceptions.append(ReconciliationException(
                kind: .unexpectedInSage, idempotencyKey: document.idempotencyKey, documentKind: batch.kind, batchID: batch.id,
                sageKey: document.sageKey, vendorNo: PostedDocumentLines.text(document.record["VendorNo"]),
                vendorName: PostedDocumentLines.text(document.record["VendorNo"]).flatMap { vendorNames[$0] },
                postedAmount: Money(posted),
                reason: "Sage holds \(kind.displayName) \(document.sageKey) in batch \(batch.id) (key \(document.idempotencyKey ?? "none")) but no ledger record of the run is posted as it",
                fix: "run `ml-connector post` to settle uncertain records; if it stays, find who posted it and reverse it in Sage 100 if it is a duplicate"))
        }

        // The run's own open records one by one; those of earlier runs by cause.
        if options.includeOpenExceptions {
            for item in snapshot.openRecords where !reported.contains(item.record.id) {
                let kind = item.amounts.first?.kind ?? Self.kind(of: item.record)
                try addStateException(item, kind: kind, document: nil, batchState: nil, builder: &builder, reported: &reported,
                                      newer: snapshot.newerVersions[item.record.id])
            }
        } else {
            for item in snapshot.openRecords where item.record.state == .drift && !reported.contains(item.record.id)
                && runRecords.contains(item.record.id) {
                try addStateException(item, kind: item.amounts.first?.kind ?? "", document: nil, batchState: nil,
                                      builder: &builder, reported: &reported, newer: snapshot.newerVersions[item.record.id])
            }
        }

        let batches = snapshot.batches.map {
            ReconciliationReport.BatchLine(id: $0.id, kind: $0.kind, state: $0.state.rawValue, records: $0.recordCount,
                                           controlTotal: $0.controlTotal)
        }
        var report = builder.report(runID: run, company: options.company,
                                    generatedAt: Timestamp.string(from: options.now), batches: batches, notes: notes)
        (report.renumbered, report.nothingToPost) = try fromTransforms(run)
        if options.includeOpenExceptions {
            report.carriedOver = CarriedOverGroups.rows(snapshot.carriedOver)
        }
        return report
    }

    /// From the run's transform summaries: the Sage keys they chose other than Procore's numbers
    /// (every adjusted value is listed there), so finance sees both numbers side by side, and
    /// the records that asked nothing of Sage (a requisition of 0.00, a refund) with the reason.
    private func fromTransforms(_ run: RunID) throws -> ([ReconciliationReport.Renumbered], [ReconciliationReport.NothingToPost]) {
        struct Stored: Decodable {
            var adjusted: [TransformSummary.AdjustedValue]?
            var nothingToPost: [TransformSummary.NothingToPost]?
            enum CodingKeys: String, CodingKey {
                case adjusted
                case nothingToPost = "nothing_to_post"
            }
        }
        let keyFields: Set<String> = ["CheckNo", "InvoiceNo", "PurchaseOrderNo"]
        var transforms = try ledger.stageRuns(of: run).filter { $0.kind == "transform" }
        if let own = try ledger.run(run), own.kind == "transform" { transforms.append(own) }
        var out: [ReconciliationReport.Renumbered] = []
        var nothing: [ReconciliationReport.NothingToPost] = []
        for transform in transforms {
            guard let json = transform.summaryJSON,
                  let stored = try? JSONDecoder().decode(Stored.self, from: Data(json.utf8)) else { continue }
            for value in stored.adjusted ?? [] where keyFields.contains(value.field) {
                out.append(.init(record: value.record, field: value.field, procoreNumber: value.original,
                                 sageNumber: value.written, reason: value.reason))
            }
            for entry in stored.nothingToPost ?? [] {
                nothing.append(.init(record: entry.label, resource: entry.resource, sourceID: entry.sourceID, reason: entry.reason))
            }
        }
        return (out, nothing)
    }

    // MARK: - Steps

    private func read(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument] {
        do {
            return try await source.postedDocuments(kind: kind, batchID: batchID)
        } catch let error as ReconcileError {
            throw error
        } catch {
            throw ReconcileError.readBackFailed(batchID: batchID, kind: kind.rawValue, reason: "\(error)")
        }
    }

    /// The sales orders of a batch, by the SalesOrderNo each record was given (eBusiness has no
    /// read by batch), as documents keyed by SalesOrderNo with their lines' ExtensionAmt.
    private func readSalesOrders(batchID: String) async throws -> [AgentPostedDocument] {
        let numbers = try ledger.reconcileRecords(batchID: batchID).compactMap { item -> String? in
            guard let key = item.record.targetKey, !key.isEmpty else { return nil }
            return key
        }
        let orders: [EBusinessSalesOrder]
        do {
            orders = try await source.salesOrders(numbers: numbers)
        } catch {
            throw ReconcileError.readBackFailed(batchID: batchID, kind: SageDocumentKind.salesOrders.rawValue, reason: "\(error)")
        }
        return orders.map { order in
            let lines: [JSONValue] = order.lines.map {
                .object(["ItemCode": .string($0.itemCode), "ExtensionAmt": .string(AgentWire.money($0.extensionAmt))])
            }
            let record: JSONValue = .object([
                "SalesOrderNo": .string(order.salesOrderNo), "ARDivisionNo": .string(order.arDivisionNo),
                "CustomerNo": .string(order.customerNo), "OrderDate": .string(order.orderDate), "lines": .array(lines),
            ])
            return AgentPostedDocument(sageKey: order.salesOrderNo, kind: SageDocumentKind.salesOrders.rawValue, batchID: nil,
                                       idempotencyKey: nil, postedAt: "", amount: AgentWire.money(order.total), record: record)
        }
    }

    /// The read-back document of a record: by idempotency key, else by Sage key.
    private func find(_ record: LedgerRecord, in documents: [AgentPostedDocument]) -> AgentPostedDocument? {
        if let hit = documents.first(where: { $0.idempotencyKey == record.idempotencyKey }) { return hit }
        guard let key = record.targetKey, !key.isEmpty else { return nil }
        return documents.first { $0.sageKey == key }
    }

    /// ``find(_:in:)`` through an index of one batch's documents.
    private func find(_ record: LedgerRecord, in index: DocumentIndex) -> AgentPostedDocument? {
        if let hit = index.byKey[record.idempotencyKey] { return hit }
        guard let key = record.targetKey, !key.isEmpty else { return nil }
        return index.bySageKey[key]
    }

    /// A record posted under another batch id (a `duplicate` answer): ask the agent where.
    private func lookElsewhere(_ record: LedgerRecord, kind: SageDocumentKind, batchID: String,
                               cache: inout [String: [AgentPostedDocument]]) async throws -> AgentPostedDocument? {
        let lookup: PostingLookup
        do {
            lookup = try await source.postingLookup(idempotencyKey: record.idempotencyKey)
        } catch {
            throw ReconcileError.readBackFailed(batchID: batchID, kind: kind.rawValue,
                                                reason: "the postings lookup of \(record.idempotencyKey) failed: \(error)")
        }
        guard lookup.found, let other = lookup.batchID, other != batchID,
              lookup.kind == nil || lookup.kind == kind.rawValue else { return nil }
        if cache[other] == nil { cache[other] = try await read(kind: kind, batchID: other) }
        return find(record, in: cache[other] ?? [])
    }

    private func addStateException(_ item: ReconcileRecord, kind: String, document: AgentPostedDocument?,
                                   batchState: LedgerBatchState?, builder: inout ReportBuilder,
                                   reported: inout Set<Int64>, newer: LedgerRecord? = nil) throws {
        let record = item.record
        guard !reported.contains(record.id) else { return }
        let amount = item.amounts.isEmpty ? record.hold?.amount : Self.documentAmount(item.amounts, kind: kind)
        let reasons = record.errors.isEmpty ? "no reason recorded" : record.errors.suffix(5).joined(separator: "; ")
        let new: ReconciliationException?
        switch record.state {
        case .rejected:
            new = exception(.rejected, item, kind: kind, source: amount, reason: reasons, fix: Self.standingFix(.rejected))
        case .invalid:
            new = exception(.invalid, item, kind: kind, source: amount, reason: reasons, fix: Self.standingFix(.invalid))
        case .uncertain:
            let seen = document.map { "; the agent has it as \($0.sageKey), so the next post records it as posted" } ?? ""
            new = exception(.uncertain, item, kind: kind, sageKey: document?.sageKey, source: amount,
                            posted: document.flatMap { try? PostedDocumentLines.controlAmount($0) },
                            reason: "the outcome of sending it is unknown: \(record.errors.last ?? "no answer recorded")\(seen)",
                            fix: Self.standingFix(.uncertain))
        case .drift:
            var change = "the Procore record changed after it was posted as \(record.targetKey ?? "(no key)")"
            if let newer {
                change += " (new version updated \(newer.sourceUpdatedAt ?? "at an unknown time"), ledger record \(newer.id), state \(newer.state.rawValue))"
            }
            new = exception(.drift, item, kind: kind, sageKey: record.targetKey, source: amount, reason: change,
                            fix: Self.standingFix(.drift))
        case .batched, .posting:
            let waiting: String
            let fix: String
            if batchState == .pendingApproval {
                waiting = "batch \(record.batchID ?? "") waits for approval"
                fix = "approve the batch (`ml-connector approve \(record.batchID ?? "")` or an inbox/approve-<batch> file), then post"
            } else if record.state == .posting {
                waiting = "a post was sending it when it stopped"
                fix = "run `ml-connector post`: it settles the record with the agent first"
            } else {
                waiting = "it has not been sent yet" + (record.errors.last.map { ": \($0)" } ?? "")
                fix = "run `ml-connector post`; if it waits for a vendor or an invoice, that document must post first"
            }
            new = exception(.notPosted, item, kind: kind, source: amount, reason: waiting, fix: fix)
        default:
            new = nil
        }
        if let new {
            builder.exceptions.append(new)
            reported.insert(record.id)
        }
    }

    private func exception(_ type: ReconciliationException.Kind, _ item: ReconcileRecord, kind: String, sageKey: String? = nil,
                           source: Decimal? = nil, posted: Decimal? = nil, reason: String, fix: String) -> ReconciliationException {
        let record = item.record
        let vendor = item.amounts.lazy.compactMap { nonEmpty($0.vendorNo) }.first
        let job = item.amounts.lazy.compactMap { nonEmpty($0.jobNo) }.first ?? record.hold?.jobNo
        var exception = ReconciliationException(
            kind: type, recordID: record.id, resource: record.resource, sourceID: record.sourceID,
            idempotencyKey: record.idempotencyKey, documentKind: kind.isEmpty ? nil : kind, batchID: record.batchID,
            sageKey: sageKey ?? record.targetKey, vendorNo: vendor, vendorName: record.hold?.vendorName, jobNo: job,
            sourceAmount: source.map(Money.init), postedAmount: posted.map(Money.init),
            reason: reason, fix: fix)
        if type == .invalid || type == .rejected {
            exception.blockedBy = record.hold?.blockedBy
            exception.cause = record.errors.last.map(RecordCause.of)
            exception.latestMessage = record.errors.last
        }
        exception.openSince = record.heldSince
        return exception
    }

    /// What to do about a record left open in `kind`'s way (the same advice whether the record
    /// is listed alone or in a row of records with one cause).
    static func standingFix(_ kind: ReconciliationException.Kind) -> String {
        switch kind {
        case .rejected:
            return "correct the record as Sage's message says (in Procore, or drop the corrected record into inbox/); the next run sends it again"
        case .invalid:
            return "correct it as the reason says (Procore, mapping/cost-codes.csv or a corrected file in inbox/); the next run validates it again"
        case .uncertain:
            return "run `ml-connector post`: it asks the agent whether Sage has the document before sending anything again"
        case .drift:
            return "compare the Procore record with the Sage document and correct Sage 100 by hand if needed; the connector never re-posts a posted document"
        case .notPosted:
            return "run `ml-connector post`; if it waits for a vendor or an invoice, that document must post first"
        case .missingInSage, .amountMismatch, .unexpectedInSage, .costAccountPosting:
            return "see the exception's reason"
        }
    }

    // MARK: - Amount rules

    /// The control amount of a record's source rows, as Sage reports it for the kind:
    /// AP invoices the `net` row (InvoiceAmt, net payable); journal entries the debits;
    /// the others the sum of their distribution rows.
    static func documentAmount(_ amounts: [RecordAmount], kind: String) -> Decimal {
        let distribution = amounts.filter { $0.line == "distribution" }.map(\.amount)
        switch kind {
        case SageDocumentKind.apInvoices.rawValue:
            if let net = amounts.first(where: { $0.line == "net" }) { return net.amount }
            return distribution.reduce(0, +)
        case SageDocumentKind.glEntries.rawValue:
            return distribution.filter { $0 > 0 }.reduce(0, +)
        default:
            return distribution.reduce(0, +)
        }
    }

    /// The Sage kind of a record without source amounts: the one its idempotency key names
    /// (`ABC:purchase-order-changes:commitment_change_orders:31000025`), else its resource's.
    static func kind(of record: LedgerRecord) -> String {
        let parts = record.idempotencyKey.split(separator: ":")
        if parts.count >= 2, let kind = SageDocumentKind(rawValue: String(parts[1])) { return kind.rawValue }
        return kind(forResource: record.resource)
    }

    /// The Sage kind a Procore resource becomes by default (for records without source amounts).
    static func kind(forResource resource: String) -> String {
        switch resource {
        case "vendors": return SageDocumentKind.vendors.rawValue
        case "purchase_order_contracts", "work_order_contracts": return SageDocumentKind.purchaseOrders.rawValue
        case "requisitions": return SageDocumentKind.apInvoices.rawValue
        case "commitment_change_orders": return SageDocumentKind.purchaseOrderChanges.rawValue
        case "contract_payments": return SageDocumentKind.manualChecks.rawValue
        default: return ""
        }
    }
}

/// A batch's read-back documents by idempotency key and by Sage key (first one wins).
struct DocumentIndex {
    var byKey: [String: AgentPostedDocument] = [:]
    var bySageKey: [String: AgentPostedDocument] = [:]

    init(_ documents: [AgentPostedDocument]) {
        for document in documents {
            if let key = document.idempotencyKey, byKey[key] == nil { byKey[key] = document }
            if bySageKey[document.sageKey] == nil { bySageKey[document.sageKey] = document }
        }
    }
}

func nonEmpty(_ text: String?) -> String? {
    guard let text, let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return nil }
    // Keys and accounts rarely carry spaces at either end: only then is the string trimmed
    // (Foundation's trimming bridges every string through NSString, most of a big reconcile).
    func trims(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
    }
    if !trims(first) && !trims(last) { return text }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    return trimmed.isEmpty ? nil : trimmed
}
