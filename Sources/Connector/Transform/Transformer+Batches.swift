import Foundation
import Ledger
import Sage100

extension TransformSession {
    /// Batch order: the order `post` sends them in.
    static let batchOrder: [SageDocumentKind] = [.vendors, .purchaseOrders, .purchaseOrderChanges, .apInvoices, .glEntries, .manualChecks, .salesOrders]

    /// Writes the documents still waiting, one batch per kind, and commits each to the ledger.
    /// With `allOrNothing`, any invalid record stops every batch (valid records stay `valid`).
    func writeBatches() throws {
        if t.options.allOrNothing && !summary.invalid.isEmpty {
            summary.blocked = true
            return
        }
        try flush(through: Self.batchOrder.last ?? .manualChecks)
    }

    /// Writes the waiting documents of `kind` and of every kind posted before it. Earlier kinds
    /// go first so that a committed batch never refers to a vendor or invoice that is not in a
    /// committed batch yet (a run that stops half-way leaves nothing dangling).
    func flush(through kind: SageDocumentKind) throws {
        for earlier in Self.batchOrder {
            try writeBatch(earlier)
            if earlier == kind { break }
        }
    }

    /// Writes one batch of the waiting documents of `kind`, if any, and commits it.
    /// A document the batch writer refuses (its own problem, never the disk's) is marked invalid
    /// with its reasons and the batch is written with the others.
    func writeBatch(_ kind: SageDocumentKind) throws {
        guard var documents = pending[kind], !documents.isEmpty else { return }
        pending[kind] = nil
        let approval: LedgerBatchState = t.options.approvalRequired ? .pendingApproval : .ready
        let envelopes = kind.isEBusiness ? try envelopeConfiguration() : nil
        var written: (folder: String, manifest: OutboxManifest)?
        let sequence = batchCounts[kind, default: 0] + 1
        let batchID = "\(batchRunID)-\(kind.rawValue)" + (sequence > 1 ? "-\(sequence)" : "")
        while written == nil {
            let outboxDocuments = documents.map {
                OutboxDocument(record: $0.record, idempotencyKey: $0.idempotencyKey, resource: $0.resource,
                               sourceID: $0.sourceID, recordID: $0.ledgerRecord.id, sageKey: $0.targetKey,
                               rendered: $0.rendered)
            }
            do {
                written = try envelopes.map {
                    try OutboxEnvelopeBatchWriter(root: t.outboxRoot, configuration: $0).write(
                        batchID: batchID, company: company, runID: batchRunID, stagingRun: summary.stagingRun,
                        approval: approval.rawValue, documents: outboxDocuments)
                } ?? OutboxBatchWriter(root: t.outboxRoot).write(
                    batchID: batchID, kind: kind, company: company, runID: batchRunID, stagingRun: summary.stagingRun,
                    approval: approval.rawValue, documents: outboxDocuments)
            } catch let refusal as OutboxRefusal {
                // Each pass removes at least one document, so this ends.
                for index in refusal.reasons.keys.sorted().reversed() {
                    try refuseAtBatch(documents.remove(at: index), kind: kind, reasons: refusal.reasons[index] ?? [])
                }
                if documents.isEmpty { return }
            }
        }
        guard let (folder, manifest) = written else { return }
        batchCounts[kind] = sequence
        var identities: [IdentityPair] = []
        var seen: Set<String> = []
        for document in documents {
            for pair in document.identities + document.vendorIDs.compactMap({ vendorPairs[$0] })
            where seen.insert("\(pair.resource)|\(pair.procoreID)|\(pair.sageKey)").inserted {
                identities.append(pair)
            }
        }
        var amounts: [Int64: [RecordAmount]] = [:]
        var prerequisites: [Int64: [BatchCommit.Prerequisite]] = [:]
        for document in documents {
            amounts[document.ledgerRecord.id] = document.amounts
            // What it must wait for in Sage: the vendors it names (when the connector creates
            // them) and the records it needs (the invoice a check pays). Post reads these rows.
            var needs = document.vendorIDs.map {
                BatchCommit.Prerequisite(idempotencyKey: Transformer.idempotencyKey(company: company, kind: .vendors,
                                                                                    resource: "vendors", sourceID: $0),
                                         what: SageDocumentKind.vendors.displayName)
            } + document.needs
            needs.removeAll { $0.idempotencyKey == document.idempotencyKey }
            if !needs.isEmpty { prerequisites[document.ledgerRecord.id] = needs }
        }
        var commit = BatchCommit(
            batchID: batchID, runID: batchRunID, kind: kind.rawValue, company: company, state: approval, path: folder,
            controlTotal: manifest.controlTotal, records: documents.map { ($0.ledgerRecord.id, $0.targetKey) },
            identities: identities, amounts: amounts)
        commit.prerequisites = prerequisites
        for document in documents {
            if let json = document.rendered?.agentJSON { commit.documentDigests[document.ledgerRecord.id] = ContentHash.sha256(Data(json)) }
        }
        do {
            try t.ledger.commitBatch(commit)
        } catch {
            // Nothing of the batch is in the ledger: remove its files so `post` never sees them.
            try? FileManager.default.removeItem(atPath: folder)
            throw TransformError.ledger("batch \(batchID) was not recorded (\(error)); its records stay valid and are batched by the next transform")
        }
        summary.batches.append(.init(id: batchID, kind: kind.rawValue, path: folder, count: documents.count,
                                     controlTotal: manifest.controlTotal, state: approval.rawValue))
        documents = []
        FreedMemory.release()
    }

    /// A document that turned out, when its batch was written, not to fit it: invalid with its
    /// reasons, like a record refused when it was built; a new version of it is checked again.
    func refuseAtBatch(_ document: PendingDocument, kind: SageDocumentKind, reasons: [String]) throws {
        let reasons = reasons.isEmpty ? ["\(document.record.recordLabel): the batch writer refused it without a reason; run the transform again"] : reasons
        try t.ledger.settleValidation(recordID: document.ledgerRecord.id, valid: false, reasons: reasons, runID: runID)
        try t.ledger.setDependencies(recordID: document.ledgerRecord.id,
                                     keys: [Ledger.lookupKey(resource: document.resource, id: document.sourceID)])
        if kind == .apInvoices {
            invoices[document.sourceID] = nil
            invalidRequisitions.insert(document.sourceID)
        }
        if kind == .purchaseOrders {
            purchaseOrderNumbers[document.sourceID] = nil
            invalidCommitments.insert(document.sourceID)
        }
        count(kind) {
            $0.valid -= 1
            $0.invalid += 1
        }
        summary.invalid.append(.init(resource: document.resource, sourceID: document.sourceID, recordID: document.ledgerRecord.id,
                                     kind: kind.rawValue, label: document.record.recordLabel, reasons: reasons))
    }

    /// The envelope builder's configuration (`mapping.ebusiness`, from the `ebusiness:` section).
    func envelopeConfiguration() throws -> EBusinessConfiguration {
        guard let settings = t.mapping.ebusiness else {
            throw TransformError.configuration("mapping.owner_billing is sales_order but the configuration has no ebusiness: section, so the sales order envelopes cannot be written; add ebusiness: { namespace, username, password_env } or set owner_billing: journal_entry")
        }
        do {
            return try settings.configuration(company: company)
        } catch {
            throw TransformError.configuration("the ebusiness: section cannot be used: \(error); fix it in the configuration")
        }
    }
}
