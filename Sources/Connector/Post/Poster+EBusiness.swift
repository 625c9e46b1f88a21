import Foundation
import HTTP
import Ledger
import Sage100

/// Sales orders through eBusiness Web Services (SOAP, relayed by the agent).
///
/// SOAP carries no idempotency key, so a sales order is settled by its natural key, the
/// SalesOrderNo the transform allocated (recorded in the identity map):
/// 1. `GetSalesOrder(SalesOrderNo)` first. If Sage has it and it is ours (`UDF_PROCORE_ID` is
///    the pay app, or, without the field, the same customer and total), the record is
///    `posted` and nothing is sent; if it belongs to someone else the record is `rejected`.
/// 2. Otherwise, when the customer is created if missing: `GetCustomer`, then the stored
///    `CreateCustomer` envelope when Sage answers CI_NOF (WS_AlreadyExists counts as there).
/// 3. The stored `CreateSalesOrder` envelope (password added only for the request).
/// A transport failure after a create was sent leaves the record `uncertain`; the next post
/// settles it with `GetSalesOrder` before anything is sent again. A SOAP fault is a
/// `rejected` record with Sage's message, naming the record and field.
extension Poster {
    /// Settles uncertain sales order records with `GetSalesOrder`: found (ours) -> `posted`,
    /// not found -> sent again with their batch, someone else's -> left for ``postSalesOrders(batchID:runID:work:)``
    /// to reject.
    func settleSalesOrders(_ uncertain: [(LedgerRecord, PostingBatchRow)], runID: RunID, work: PostWork) async throws {
        guard !uncertain.isEmpty else { return }
        guard let access = options.ebusiness else {
            let record = uncertain[0].0
            throw PostError.settlementFailed(recordID: record.id, idempotencyKey: record.idempotencyKey,
                                             cause: "it is a sales order and the configuration has no ebusiness: section to ask Sage with GetSalesOrder; add it (namespace, username, password_env)")
        }
        let relay = EBusinessRelay(agent: agent, access: access)
        var filesByBatch: [String: EnvelopeBatchFiles] = [:]
        for (record, batch) in uncertain {
            let files: EnvelopeBatchFiles
            do {
                if let cached = filesByBatch[batch.id] {
                    files = cached
                } else {
                    files = try EnvelopeBatchFiles.load(batch: batch, outboxRoot: options.outboxRoot,
                                                        namespace: access.configuration.namespaceURI, verifyManifest: false)
                    filesByBatch[batch.id] = files
                }
            } catch {
                throw PostError.settlementFailed(recordID: record.id, idempotencyKey: record.idempotencyKey, cause: "\(error)")
            }
            guard let entry = files.entries[record.idempotencyKey] else {
                throw PostError.settlementFailed(recordID: record.id, idempotencyKey: record.idempotencyKey,
                                                 cause: "its batch \(batch.id) has no entry for it in \(EnvelopeBatchIndex.fileName); run `ml-connector transform` again")
            }
            let number = entry.document.order.salesOrderNo
            let found: EBusinessSalesOrder?
            do {
                found = try await relay.salesOrder(number)
            } catch {
                throw PostError.settlementFailed(recordID: record.id, idempotencyKey: record.idempotencyKey,
                                                 cause: "GetSalesOrder \(number) failed: \(error)")
            }
            work.summary.settled += 1
            let ours = found.map { Self.isOurs($0, entry.document) } ?? false
            onEvent?(.settled(idempotencyKey: record.idempotencyKey, found: ours, sageKey: ours ? number : nil))
            if ours {
                try ledger.settlePosted(recordID: record.id, batchID: batch.id, sageKey: number,
                                        identity: PostingIdentity(company: company, resource: SageDocumentKind.salesOrders.rawValue,
                                                                  procoreID: record.sourceID, sageKey: number),
                                        runID: runID)
                work.summary.settledFound += 1
            } else {
                work.settledNotFound.insert(record.id)
            }
            try options.checkpoint?(.settled(recordID: record.id, found: ours))
        }
    }

    /// Sends the sendable sales orders of one batch, one document at a time, and records every answer.
    func postSalesOrders(batch: PostingBatchRow, runID: RunID, work: PostWork) async throws {
        let kind = SageDocumentKind.salesOrders
        guard let access = options.ebusiness else {
            skip(batch.id, "it holds sales orders, which go through eBusiness Web Services, and the configuration has no ebusiness: section; add ebusiness: { namespace, username, password_env } (or set mapping.owner_billing: journal_entry and transform again)", work)
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let files: EnvelopeBatchFiles
        do {
            files = try EnvelopeBatchFiles.load(batch: batch, outboxRoot: options.outboxRoot,
                                                namespace: access.configuration.namespaceURI, verifyManifest: options.verifyManifest)
        } catch {
            skip(batch.id, "\(error)", work)
            return
        }
        var kindSummary = work.kinds[kind] ?? PostKindSummary(kind: kind.rawValue)
        defer { work.kinds[kind] = kindSummary }
        let records = try ledger.postingRecords(batchID: batch.id)
        var sendable: [(LedgerRecord, EnvelopeBatchIndex.Entry)] = []
        let waitingBefore = kindSummary.waiting
        for record in records {
            let candidate = record.state == .batched || (record.state == .uncertain && work.settledNotFound.contains(record.id))
            guard candidate else { continue }
            guard let entry = files.entries[record.idempotencyKey] else {
                wait(record, kind, batch.id, ["\(PostMessages.label(kind, record)) is in the ledger's batch but not in \(EnvelopeBatchIndex.fileName); run `ml-connector transform` again to rebuild the batch"], runID, work, &kindSummary)
                continue
            }
            sendable.append((record, entry))
        }
        let waitingHere = kindSummary.waiting - waitingBefore
        if !sendable.isEmpty || waitingHere > 0 {
            onEvent?(.batchStarted(batchID: batch.id, kind: kind, sending: sendable.count, waiting: waitingHere))
        }
        if !sendable.isEmpty && batch.state != .posting {
            try ledger.setBatchState(batch.id, to: .posting, runID: runID, actor: options.actor)
        }
        let relay = EBusinessRelay(agent: agent, access: access)
        var stop: String?
        for (record, entry) in sendable where stop == nil {
            stop = try await sendSalesOrder(record, entry: entry, files: files, relay: relay, batch: batch, runID: runID,
                                            work: work, summary: &kindSummary)
        }

        try finishBatch(batch, kind: kind, sent: sendable.count, waiting: waitingHere, elapsed: clock.now - start,
                        runID: runID, work: work, summary: &kindSummary, stop: stop)
    }

    /// What happened to one sales order.
    private enum SalesOrderAnswer {
        /// Written now (`posted`) or found in Sage (`duplicate`).
        case posted(duplicate: Bool, message: String?)
        case rejected([String], sage: String)
        /// Nothing was written (`sent` false) or the answer to a write was lost (`sent` true).
        case uncertain(sent: Bool, reason: String)
    }

    /// One document: mark `posting` (committed), GetSalesOrder, customer, CreateSalesOrder,
    /// record the answer. Returns why the post must stop, or nil.
    private func sendSalesOrder(_ record: LedgerRecord, entry: EnvelopeBatchIndex.Entry, files: EnvelopeBatchFiles,
                                relay: EBusinessRelay, batch: PostingBatchRow, runID: RunID, work: PostWork,
                                summary: inout PostKindSummary) async throws -> String? {
        let kind = SageDocumentKind.salesOrders
        let document = entry.document
        let number = document.order.salesOrderNo
        let label = PostMessages.label(kind, record) + " (\(document.recordLabel), customer \(document.order.arDivisionNo)-\(document.order.customerNo))"
        let attempts = try ledger.beginPosting(recordIDs: [record.id], batchID: batch.id, runID: runID)
        try options.checkpoint?(.markedPosting(batchID: batch.id, recordIDs: [record.id]))
        summary.requests += 1

        var operation = "GetSalesOrder"
        var wrote = false
        let answer: SalesOrderAnswer
        do {
            if let found = try await relay.salesOrder(number) {
                answer = Self.existing(found, document: document, label: label)
            } else {
                if let name = entry.customerEnvelope, let envelope = files.envelopes[name] {
                    operation = "GetCustomer"
                    if try await relay.customer(document.customer.customerNo, division: document.customer.arDivisionNo) == nil {
                        operation = "CreateCustomer"
                        do {
                            _ = try await relay.call(envelope)
                        } catch EBusinessError.alreadyExists {
                            // Created meanwhile: it is there, which is all the order needs.
                        }
                    }
                }
                guard let envelope = files.envelopes[entry.orderEnvelope] else {
                    throw PostError.batchFiles(batchID: batch.id, path: entry.orderEnvelope, problem: "the envelope was not loaded",
                                               fix: "run `ml-connector transform` again to rebuild the batch")
                }
                operation = "CreateSalesOrder"
                wrote = true
                do {
                    _ = try await relay.call(envelope)
                    answer = .posted(duplicate: false, message: nil)
                } catch EBusinessError.alreadyExists(let fault) {
                    operation = "GetSalesOrder"
                    if let found = try await relay.salesOrder(number) {
                        answer = Self.existing(found, document: document, label: label)
                    } else {
                        answer = .rejected(["\(label): Sage 100 says sales order \(number) already exists (\(PostMessages.sanitized(fault.faultString))) but GetSalesOrder does not find it. Fix: check the order in Sage 100 and run again."],
                                           sage: fault.faultString)
                    }
                }
            }
        } catch let error as EBusinessError {
            answer = Self.answer(for: error, operation: operation, wrote: wrote, label: label)
        } catch let error as SageAgentError {
            answer = .uncertain(sent: wrote, reason: "\(operation) through the agent failed: \(error)")
        }
        try options.checkpoint?(.answered(batchID: batch.id, recordIDs: [record.id]))

        let attemptID = attempts[record.id]
        let result: PostingResult
        var stop: String?
        switch answer {
        case .posted(let duplicate, let message):
            result = PostingResult(recordID: record.id, attemptID: attemptID, state: .posted, targetKey: number,
                                   outcome: duplicate ? "duplicate" : "posted", message: message,
                                   identity: PostingIdentity(company: company, resource: kind.rawValue,
                                                             procoreID: record.sourceID, sageKey: number))
            if duplicate { summary.duplicate += 1 } else { summary.posted += 1 }
        case .rejected(let reasons, let sage):
            result = PostingResult(recordID: record.id, attemptID: attemptID, state: .rejected, errors: reasons,
                                   outcome: "rejected", message: PostMessages.sanitized(sage))
            summary.rejected += 1
            work.summary.rejected.append(Self.issue(record, kind, batch.id, reasons))
        case .uncertain(let sent, let reason):
            let text = PostMessages.sanitized(reason)
            let errors = sent
                ? ["\(label): the answer to \(operation) was lost (\(text)). The next post asks Sage with GetSalesOrder \(number) first and sends it again only if Sage does not have it."]
                : ["\(label): not written to Sage 100 (\(text)). The next post asks Sage with GetSalesOrder \(number) first, then sends it."]
            result = PostingResult(recordID: record.id, attemptID: attemptID, state: .uncertain, errors: errors,
                                   outcome: sent ? "uncertain" : "not_sent", message: text)
            summary.uncertain += 1
            work.summary.uncertain.append(Self.issue(record, kind, batch.id, errors))
            stop = "posting sales order batch \(batch.id) stopped: \(text)"
        }
        try ledger.finishPosting([result], runID: runID)
        try options.checkpoint?(.recorded(batchID: batch.id, recordIDs: [record.id]))
        onEvent?(.recordFinished(batchID: batch.id, idempotencyKey: record.idempotencyKey, state: result.state,
                                 sageKey: result.state == .posted ? number : nil))
        return stop
    }

    /// A sales order Sage already holds under the number: ours -> posted without a resend.
    private static func existing(_ found: EBusinessSalesOrder, document: SalesOrderDocument, label: String) -> SalesOrderAnswer {
        if isOurs(found, document) {
            return .posted(duplicate: true, message: "already in Sage: GetSalesOrder \(found.salesOrderNo) found it; nothing was sent")
        }
        let sage = "SalesOrderNo \(found.salesOrderNo) is on file for customer \(found.arDivisionNo)-\(found.customerNo), total \(AgentWire.money(found.total))"
        return .rejected(["\(label): Sage 100 rejected field SalesOrderNo: \(sage), which is not this pay app's order. Fix: the number is taken in Sage 100 by another order; pair the pay app with a free number in the identity map (or renumber the other order) and run again."],
                         sage: sage)
    }

    /// True when the order Sage holds is the one this document describes.
    static func isOurs(_ found: EBusinessSalesOrder, _ document: SalesOrderDocument) -> Bool {
        if let udf = found.otherFields.first(where: { $0.masFieldName == SalesOrderDocument.procoreIDField }) {
            return udf.value == document.procoreID
        }
        return found.arDivisionNo == document.order.arDivisionNo && found.customerNo == document.order.customerNo
            && found.total == document.order.total
    }

    /// The record's outcome for an eBusiness error during `operation`.
    private static func answer(for error: EBusinessError, operation: String, wrote: Bool, label: String) -> SalesOrderAnswer {
        guard let fault = error.fault else {
            // The answer could not be read (malformed XML, not the expected envelope).
            return .uncertain(sent: wrote, reason: "the answer to \(operation) could not be read: \(error)")
        }
        let text = PostMessages.sanitized(fault.faultString)
        switch error {
        case .logonFailure:
            return .uncertain(sent: false, reason: "Sage refused the eBusiness logon (\(text)); check ebusiness.username and the password in the variable ebusiness.password_env, and that the user is enabled for web services")
        case .serviceException:
            // Sage gave no reason; whether a create was written is unknown.
            return .uncertain(sent: wrote, reason: "\(operation): \(text) (see the Sage server's log)")
        case .fieldTooLong:
            return .rejected(["\(label): Sage 100 rejected \(operation): \(text) Fix: shorten the field Sage names (mapping.sales_orders, mapping.customers or the pay app in Procore) and run again."], sage: fault.faultString)
        case .notFound:
            return .rejected(["\(label): Sage 100 rejected \(operation): \(text) Fix: the customer must exist in Sage 100; create it there, or set mapping.customers.create_missing: true, then run again."], sage: fault.faultString)
        case .noKey:
            return .rejected(["\(label): Sage 100 rejected \(operation): \(text) Fix: supply a valid customer / sales order number (mapping.customers) and run again."], sage: fault.faultString)
        default:
            return .rejected(["\(label): Sage 100 rejected \(operation): \(text) Fix: correct the field Sage names (mapping.sales_orders.item_code, mapping.customers, mapping.ar_division or the pay app in Procore) and run again."], sage: fault.faultString)
        }
    }
}
