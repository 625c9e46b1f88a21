import Foundation
import Ledger
import Sage100

/// The files of one outbox batch as `post` sends them: `<kind>.json` (the agent's
/// `ImportRequest` body) checked against `manifest.json`.
struct PostBatchFiles: Sendable {
    let batchID: String
    let folder: String
    let request: ImportRequest
    /// Import records by idempotency key.
    let records: [String: ImportRecord]

    /// Largest `<kind>.json` read (a batch is at most a few thousand documents).
    static let maxBytes = 256 * 1024 * 1024

    /// Reads and checks the batch's files. Throws ``PostError/batchFiles(batchID:path:problem:fix:)``
    /// naming the file and what to do.
    static func load(batch: PostingBatchRow, kind: SageDocumentKind, outboxRoot: String,
                     verifyManifest: Bool) throws -> PostBatchFiles {
        let folder = batch.path.flatMap { $0.isEmpty ? nil : $0 } ?? (outboxRoot as NSString).appendingPathComponent(batch.id)
        let jsonName = "\(kind.rawValue).json"
        let jsonPath = (folder as NSString).appendingPathComponent(jsonName)
        func fail(_ problem: String, _ fix: String) -> PostError {
            .batchFiles(batchID: batch.id, path: jsonPath, problem: problem, fix: fix)
        }
        let regenerate = "run `ml-connector transform` again to rebuild the batch, or reject it (inbox/reject-\(batch.id))"
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: jsonPath)
            if let size = attributes[.size] as? Int, size > maxBytes {
                throw fail("the file is \(size) bytes, more than the \(maxBytes) a batch may have", regenerate)
            }
            data = try Data(contentsOf: URL(fileURLWithPath: jsonPath))
        } catch let error as PostError {
            throw error
        } catch {
            throw fail("cannot read the file (\(error.localizedDescription))", regenerate)
        }
        if verifyManifest {
            try checkManifest(folder: folder, batch: batch, fileName: jsonName, data: data, fail: fail)
        }
        let request: ImportRequest
        do {
            request = try AgentWire.makeDecoder().decode(ImportRequest.self, from: data)
        } catch {
            throw fail("the file is not an agent import request (\(describe(error)))", regenerate)
        }
        guard request.batchID == batch.id else {
            throw fail("the file says batch_id '\(request.batchID.prefix(80))', not '\(batch.id)'", regenerate)
        }
        var records: [String: ImportRecord] = [:]
        for (index, record) in request.records.enumerated() {
            guard !record.idempotencyKey.isEmpty else {
                throw fail("record \(index + 1) has an empty idempotency_key", regenerate)
            }
            guard records.updateValue(record, forKey: record.idempotencyKey) == nil else {
                throw fail("idempotency_key '\(record.idempotencyKey)' appears twice (record \(index + 1))", regenerate)
            }
        }
        return PostBatchFiles(batchID: batch.id, folder: folder, request: request, records: records)
    }

    /// The manifest (``OutboxManifest``) must name this batch, kind and company and carry the
    /// sha256 of `fileName`, equal to the file's.
    static func checkManifest(folder: String, batch: PostingBatchRow, fileName: String, data: Data,
                              fail: (String, String) -> PostError) throws {
        let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
        let rebuild = "run `ml-connector transform` again to rebuild the batch"
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw fail("its manifest \(manifestPath) is missing",
                       "the transform writes the manifest last, so a batch without one is incomplete; \(rebuild)")
        }
        let manifest: OutboxManifest
        do {
            manifest = try JSONDecoder().decode(OutboxManifest.self, from: manifestData)
        } catch {
            throw fail("its manifest \(manifestPath) cannot be read (\(describe(error)))", rebuild)
        }
        guard manifest.batchID == batch.id, manifest.kind == batch.kind, manifest.company == batch.companyCode else {
            throw fail("its manifest describes batch '\(manifest.batchID.prefix(80))' (\(manifest.kind.prefix(30)), company \(manifest.company.prefix(10))), not this one",
                       "the folder holds another batch's files; \(rebuild)")
        }
        guard let expected = manifest.files.first(where: { $0.name == fileName })?.sha256 else {
            throw fail("its manifest lists no sha256 for \(fileName)", rebuild)
        }
        let actual = ContentHash.sha256(data)
        guard expected.lowercased() == actual else {
            throw fail("the file's sha256 is \(actual) but the manifest says \(expected.prefix(64)): the file changed after the transform wrote it",
                       "nothing was sent. If the change was intended, run `ml-connector transform` again; otherwise restore the file")
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func path(_ context: DecodingError.Context) -> String {
        let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return text.isEmpty ? "the top level" : text
    }
}
