import Foundation
import Ledger
import Sage100

extension TransformSession {
    /// Batch order: the order `post` sends them in.
    static let batchOrder: [SageDocumentKind] = [.vendors, .purchaseOrders, .apInvoices, .glEntries, .manualChecks]

    /// Writes one batch per kind of valid documents and commits each to the ledger. With
    /// `allOrNothing`, any invalid record stops every batch (valid records stay `valid`).
    func writeBatches() throws {
        if t.options.allOrNothing && !summary.invalid.isEmpty {
            summary.blocked = true
            return
        }
        let approval: LedgerBatchState = t.options.approvalRequired ? .pendingApproval : .ready
        let outbox = OutboxBatchWriter(root: t.outboxRoot)
        for kind in Self.batchOrder {
            guard let documents = pending[kind], !documents.isEmpty else { continue }
            let batchID = "\(runID)-\(kind.rawValue)"
            let (folder, manifest) = try outbox.write(
                batchID: batchID, kind: kind, company: company, runID: runID, stagingRun: summary.stagingRun,
                approval: approval.rawValue,
                documents: documents.map {
                    OutboxDocument(record: $0.record, idempotencyKey: $0.idempotencyKey, resource: $0.staged.resource,
                                   sourceID: $0.staged.record.id, recordID: $0.ledgerRecord.id, sageKey: $0.targetKey)
                })
            var identities: [IdentityPair] = []
            for document in documents {
                for pair in document.identities + document.vendorIDs.compactMap({ vendorPairs[$0] })
                where !identities.contains(pair) {
                    identities.append(pair)
                }
            }
            var amounts: [Int64: [RecordAmount]] = [:]
            for document in documents { amounts[document.ledgerRecord.id] = document.amounts }
            let commit = BatchCommit(
                batchID: batchID, runID: runID, kind: kind.rawValue, company: company, state: approval, path: folder,
                controlTotal: manifest.controlTotal, records: documents.map { ($0.ledgerRecord.id, $0.targetKey) },
                identities: identities, amounts: amounts)
            do {
                try t.ledger.commitBatch(commit)
            } catch {
                // Nothing of the batch is in the ledger: remove its files so `post` never sees them.
                try? FileManager.default.removeItem(atPath: folder)
                throw TransformError.ledger("batch \(batchID) was not recorded (\(error)); its records stay valid and are batched by the next transform")
            }
            summary.batches.append(.init(id: batchID, kind: kind.rawValue, path: folder, count: documents.count,
                                         controlTotal: manifest.controlTotal, state: approval.rawValue))
        }
    }
}
