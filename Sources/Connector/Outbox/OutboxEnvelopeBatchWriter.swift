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

    /// Writes the batch and returns its manifest and folder. Every document must be a ``SalesOrderDocument``.
    public func write(batchID: String, company: String, runID: String, stagingRun: String,
                      approval: String, documents: [OutboxDocument]) throws -> (folder: String, manifest: OutboxManifest) {
        let kind = SageDocumentKind.salesOrders
        let folder = root + "/" + batchID
        do {
            try FileSystem.makeDirectories(folder)
        } catch {
            throw TransformError.outboxWriteFailed(path: folder, reason: error.description)
        }
        let builder = EBusinessEnvelopeBuilder(configuration: configuration)
        var files: [OutboxManifest.File] = []
        var entries: [EnvelopeBatchIndex.Entry] = []
        for (index, item) in documents.enumerated() {
            guard let document = item.record as? SalesOrderDocument else {
                throw TransformError.outboxWriteFailed(path: folder, reason: "\(item.record.recordLabel) is a \(item.record.kind.displayName), not a sales order")
            }
            let stem = String(format: "%04d", index + 1) + "-" + document.order.salesOrderNo
            let orderName = stem + ".xml"
            let order: EBusinessEnvelope
            let customer: EBusinessEnvelope?
            do {
                order = try builder.createSalesOrder(document.ebusinessOrder)
                customer = document.createCustomerWhenMissing ? try builder.createCustomer(document.ebusinessCustomer) : nil
            } catch {
                throw TransformError.outboxWriteFailed(path: folder + "/" + orderName, reason: "\(document.recordLabel) cannot be written as an envelope: \(error)")
            }
            guard order.isRedacted, customer?.isRedacted ?? true else {
                throw TransformError.outboxWriteFailed(path: folder + "/" + orderName, reason: "an envelope is not redacted; nothing is written with a password")
            }
            files.append(try write(Data(order.bytes), name: orderName, in: folder))
            var customerName: String?
            if let customer {
                customerName = stem + "-customer.xml"
                files.append(try write(Data(customer.bytes), name: customerName!, in: folder))
            }
            entries.append(EnvelopeBatchIndex.Entry(
                idempotencyKey: item.idempotencyKey, resource: item.resource, sourceID: item.sourceID, recordID: item.recordID,
                document: document, orderEnvelope: orderName, customerEnvelope: customerName))
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
            file = try VIBatchWriter().write(kind, records: documents.map(\.record), to: URL(fileURLWithPath: folder + "/" + csvName))
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
