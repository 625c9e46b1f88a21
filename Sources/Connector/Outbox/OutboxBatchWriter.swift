import Foundation
import Ledger
import Sage100

/// One document to write into a batch.
public struct OutboxDocument: Sendable {
    public var record: any SageRecord
    public var idempotencyKey: String
    public var resource: String
    public var sourceID: Int64
    public var recordID: Int64
    public var sageKey: String?
    /// Rendered when it was checked; nil: the batch writer renders it.
    public var rendered: RenderedForBatch?

    public init(record: any SageRecord, idempotencyKey: String, resource: String, sourceID: Int64, recordID: Int64, sageKey: String?,
                rendered: RenderedForBatch? = nil) {
        self.rendered = rendered
        self.record = record
        self.idempotencyKey = idempotencyKey
        self.resource = resource
        self.sourceID = sourceID
        self.recordID = recordID
        self.sageKey = sageKey
    }
}

/// Writes one outbox batch folder: `<kind>.csv` (Visual Integrator), `<kind>.json` (the agent
/// import request, exactly what `post` sends) and `manifest.json` (last). Each file is written
/// to a hidden temporary name, synced, and renamed into place.
public struct OutboxBatchWriter: Sendable {
    public var root: String

    public init(root: String) { self.root = root }

    /// Writes the batch and returns its manifest and folder. Every document is checked first
    /// (the Visual Integrator rules, one document per Sage key, the agent request encoding):
    /// documents the batch cannot carry are thrown as ``OutboxRefusal`` before anything is
    /// written; after that only the file system can fail (`TransformError.outboxWriteFailed`,
    /// naming the path and the system's error).
    public func write(batchID: String, kind: SageDocumentKind, company: String, runID: String, stagingRun: String,
                      approval: String, documents: [OutboxDocument]) throws -> (folder: String, manifest: OutboxManifest) {
        let folder = root + "/" + batchID
        let csvName = kind.rawValue + ".csv"
        let jsonName = kind.rawValue + ".json"
        let records = documents.map(\.record)
        let writer = VIBatchWriter()
        var refused: [Int: [String]] = [:]
        var rows: [VIRenderedDocument] = []
        var agentRecords: [[UInt8]] = []
        rows.reserveCapacity(documents.count)
        agentRecords.reserveCapacity(documents.count)
        for (index, document) in documents.enumerated() {
            if let rendered = document.rendered {
                rows.append(rendered.rows)
                agentRecords.append(rendered.agentJSON)
                continue
            }
            do {
                agentRecords.append(try ImportRecord.json(idempotencyKey: document.idempotencyKey, encoding: document.record))
            } catch {
                refused[index, default: []].append("\(document.record.recordLabel): it cannot be encoded for the agent (\(error)); fix the record in Procore and pull again")
            }
            do {
                rows.append(try writer.renderDocument(document.record))
            } catch VIWriteError.invalidRecords(_, let problems) {
                refused[index, default: []] += problems.map(\.description)
            }
        }
        if !refused.isEmpty { throw OutboxRefusal(reasons: refused) }
        let totals: VIBatchTotals
        do {
            totals = try writer.check(kind, documents: rows)
        } catch VIWriteError.invalidRecords(_, let problems) {
            throw OutboxRefusal(reasons: OutboxRefusal.assign(problems, to: records))
        }
        try TransformError.makingOutboxFolder(folder)
        // Both files go to disk document by document: a batch is never held in memory whole.
        let file: VIBatchFile
        do {
            file = try writer.write(kind, documents: rows, checked: totals, to: URL(fileURLWithPath: folder + "/" + csvName))
        } catch {
            throw TransformError.outboxWriteFailed(path: folder + "/" + csvName, reason: "\(error)")
        }
        let json: (byteCount: Int, sha256: String)
        do {
            let stream = try AtomicFileStream(url: URL(fileURLWithPath: folder + "/" + jsonName))
            try ImportRequest.write(batchID: batchID, records: agentRecords) { (bytes) throws(VIWriteError) in try stream.append(bytes) }
            json = try stream.commit()
        } catch {
            throw TransformError.outboxWriteFailed(path: folder + "/" + jsonName, reason: "\(error)")
        }
        let manifest = OutboxManifest(
            batchID: batchID, kind: kind, company: company, runID: runID, stagingRun: stagingRun, approval: approval,
            documents: documents, viFile: file,
            files: [OutboxManifest.File(file, name: csvName),
                    OutboxManifest.File(name: jsonName, bytes: json.byteCount, sha256: json.sha256)])
        try manifest.write(into: folder)
        return (folder, manifest)
    }
}
