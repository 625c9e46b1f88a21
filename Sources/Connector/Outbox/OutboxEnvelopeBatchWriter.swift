import Foundation
import Ledger
import Sage100

/// Writes one eBusiness outbox batch folder: per document a `CreateSalesOrder` envelope
/// (`0001-P00A1B2.xml`) and, when the customer is created if missing, a `CreateCustomer`
/// envelope (`0001-P00A1B2-customer.xml`), all with the password redacted (`********`);
/// `sales-orders.json` (the index `post` reads); `sales-orders.csv` (the same orders in the
/// Visual Integrator layout, for a hand import); then `manifest.json` with the sha256 of every
/// file, last. Each file is written to a hidden temporary name, synced, and renamed into place.
public struct OutboxEnvelopeBatchWriter: Sendable {
    public var root: String
    public var configuration: EBusinessConfiguration

    public init(root: String, configuration: EBusinessConfiguration) {
        self.root = root
        self.configuration = configuration
    }

    /// Writes the batch and returns its manifest and folder. Every document is checked first
    /// (a sales order, its envelopes build and are redacted, the Visual Integrator rules):
    /// documents the batch cannot carry are thrown as ``OutboxRefusal`` before anything is
    /// written; after that only the file system can fail.
    public func write(batchID: String, company: String, runID: String, stagingRun: String,
                      approval: String, documents: [OutboxDocument]) throws -> (folder: String, manifest: OutboxManifest) {
        let kind = SageDocumentKind.salesOrders
        let folder = root + "/" + batchID
        let builder = EBusinessEnvelopeBuilder(configuration: configuration)
        var refused: [Int: [String]] = [:]
        var built: [(document: SalesOrderDocument, order: EBusinessEnvelope, customer: EBusinessEnvelope?)] = []
        for (index, item) in documents.enumerated() {
            guard let document = item.record as? SalesOrderDocument else {
                refused[index, default: []].append("\(item.record.recordLabel) is a \(item.record.kind.displayName), not a sales order; it cannot go into a sales order batch")
                continue
            }
            do {
                let order = try builder.createSalesOrder(document.ebusinessOrder)
                let customer = document.createCustomerWhenMissing ? try builder.createCustomer(document.ebusinessCustomer) : nil
                guard order.isRedacted, customer?.isRedacted ?? true else {
                    refused[index, default: []].append("\(document.recordLabel): an envelope would carry the password; nothing is written with a password")
                    continue
                }
                built.append((document, order, customer))
            } catch {
                refused[index, default: []].append("\(document.recordLabel) cannot be written as an envelope: \(error); fix the record in Procore and pull again")
            }
        }
        let rendered: VIRenderedBatch
        do {
            rendered = try VIBatchWriter().render(kind, records: documents.map(\.record))
        } catch VIWriteError.invalidRecords(_, let problems) {
            refused.merge(OutboxRefusal.assign(problems, to: documents.map(\.record))) { $0 + $1 }
            throw OutboxRefusal(reasons: refused)
        } catch VIWriteError.kindMismatch {
            throw OutboxRefusal(reasons: refused)
        }
        if !refused.isEmpty { throw OutboxRefusal(reasons: refused) }
        try TransformError.makingOutboxFolder(folder)
        var files: [OutboxManifest.File] = []
        var entries: [EnvelopeBatchIndex.Entry] = []
        for (index, (item, envelopes)) in zip(documents, built).enumerated() {
            let stem = String(format: "%04d", index + 1) + "-" + envelopes.document.order.salesOrderNo
            let orderName = stem + ".xml"
            files.append(try write(Data(envelopes.order.bytes), name: orderName, in: folder))
            var customerName: String?
            if let customer = envelopes.customer {
                customerName = stem + "-customer.xml"
                files.append(try write(Data(customer.bytes), name: customerName!, in: folder))
            }
            entries.append(EnvelopeBatchIndex.Entry(
                idempotencyKey: item.idempotencyKey, resource: item.resource, sourceID: item.sourceID, recordID: item.recordID,
                document: envelopes.document, orderEnvelope: orderName, customerEnvelope: customerName))
        }
        let index = EnvelopeBatchIndex(batchID: batchID, namespace: configuration.namespaceURI, entries: entries)
        let indexData: Data
        do {
            indexData = try OutboxManifest.encoder.encode(index) + Data("\n".utf8)
        } catch {
            throw TransformError.outboxWriteFailed(path: folder + "/" + EnvelopeBatchIndex.fileName, reason: "\(error)")
        }
        files.append(try write(indexData, name: EnvelopeBatchIndex.fileName, in: folder))
        let csvName = kind.rawValue + ".csv"
        let file: VIBatchFile
        do {
            file = try VIBatchWriter().write(rendered, to: URL(fileURLWithPath: folder + "/" + csvName))
        } catch {
            throw TransformError.outboxWriteFailed(path: folder + "/" + csvName, reason: "\(error)")
        }
        let manifest = OutboxManifest(batchID: batchID, kind: kind, company: company, runID: runID, stagingRun: stagingRun,
                                      approval: approval, documents: documents, viFile: file,
                                      files: files + [OutboxManifest.File(file, name: csvName)])
        try manifest.write(into: folder)
        return (folder, manifest)
    }

    private func write(_ data: Data, name: String, in folder: String) throws -> OutboxManifest.File {
        let path = folder + "/" + name
        do {
            try FileSystem.writeAtomically(data, to: path)
        } catch {
            throw TransformError.outboxWriteFailed(path: path, reason: error.description)
        }
        return OutboxManifest.File(name: name, bytes: data.count, sha256: ContentHash.sha256(data))
    }
}
