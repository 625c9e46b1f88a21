import Foundation
import Ledger
import Sage100

/// The files of one eBusiness outbox batch as `post` sends them: `sales-orders.json` and the
/// redacted envelopes it names, each checked against the sha256 in `manifest.json`.
struct EnvelopeBatchFiles: Sendable {
    let batchID: String
    let folder: String
    let index: EnvelopeBatchIndex
    /// Index entries by idempotency key.
    let entries: [String: EnvelopeBatchIndex.Entry]
    /// Stored (redacted) envelopes by file name.
    let envelopes: [String: EBusinessEnvelope]

    /// Largest file read.
    static let maxBytes = 64 * 1024 * 1024

    /// Reads and checks the batch's files. Throws ``PostError/batchFiles(batchID:path:problem:fix:)``
    /// naming the file and what to do.
    static func load(batch: PostingBatchRow, outboxRoot: String, namespace: String, verifyManifest: Bool) throws -> EnvelopeBatchFiles {
        let folder = batch.path.flatMap { $0.isEmpty ? nil : $0 } ?? (outboxRoot as NSString).appendingPathComponent(batch.id)
        let regenerate = "run `ml-connector transform` again to rebuild the batch, or reject it (inbox/reject-\(batch.id))"
        var manifest: OutboxManifest?
        if verifyManifest {
            let path = (folder as NSString).appendingPathComponent("manifest.json")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PostError.batchFiles(batchID: batch.id, path: path, problem: "the manifest is missing",
                                           fix: "the transform writes the manifest last, so a batch without one is incomplete; \(regenerate)")
            }
            do {
                manifest = try JSONDecoder().decode(OutboxManifest.self, from: data)
            } catch {
                throw PostError.batchFiles(batchID: batch.id, path: path, problem: "the manifest cannot be read (\(PostBatchFiles.describe(error)))", fix: regenerate)
            }
            guard manifest?.batchID == batch.id, manifest?.kind == batch.kind, manifest?.company == batch.companyCode else {
                throw PostError.batchFiles(batchID: batch.id, path: path, problem: "the manifest describes another batch",
                                           fix: "the folder holds another batch's files; \(regenerate)")
            }
        }
        func read(_ name: String) throws -> Data {
            let path = (folder as NSString).appendingPathComponent(name)
            guard !name.contains("/"), !name.hasPrefix(".") else {
                throw PostError.batchFiles(batchID: batch.id, path: path, problem: "the file name '\(name.prefix(80))' is not a file of the batch folder", fix: regenerate)
            }
            let data: Data
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                if let size = attributes[.size] as? Int, size > maxBytes {
                    throw PostError.batchFiles(batchID: batch.id, path: path, problem: "the file is \(size) bytes, more than \(maxBytes)", fix: regenerate)
                }
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch let error as PostError {
                throw error
            } catch {
                throw PostError.batchFiles(batchID: batch.id, path: path, problem: "cannot read the file (\(error.localizedDescription))", fix: regenerate)
            }
            if let manifest {
                guard let expected = manifest.files.first(where: { $0.name == name })?.sha256 else {
                    throw PostError.batchFiles(batchID: batch.id, path: path, problem: "the manifest lists no sha256 for \(name)", fix: regenerate)
                }
                let actual = ContentHash.sha256(data)
                guard expected.lowercased() == actual else {
                    throw PostError.batchFiles(batchID: batch.id, path: path,
                                               problem: "the file's sha256 is \(actual) but the manifest says \(expected.prefix(64)): the file changed after the transform wrote it",
                                               fix: "nothing was sent. If the change was intended, run `ml-connector transform` again; otherwise restore the file")
                }
            }
            return data
        }
        let indexPath = (folder as NSString).appendingPathComponent(EnvelopeBatchIndex.fileName)
        let index: EnvelopeBatchIndex
        do {
            index = try JSONDecoder().decode(EnvelopeBatchIndex.self, from: try read(EnvelopeBatchIndex.fileName))
        } catch let error as PostError {
            throw error
        } catch {
            throw PostError.batchFiles(batchID: batch.id, path: indexPath, problem: "the file is not an eBusiness batch index (\(PostBatchFiles.describe(error)))", fix: regenerate)
        }
        guard index.batchID == batch.id else {
            throw PostError.batchFiles(batchID: batch.id, path: indexPath, problem: "the file says batch_id '\(index.batchID.prefix(80))', not '\(batch.id)'", fix: regenerate)
        }
        guard index.namespace == namespace else {
            throw PostError.batchFiles(batchID: batch.id, path: indexPath,
                                       problem: "its envelopes were written for the eBusiness namespace '\(index.namespace.prefix(200))', but ebusiness.namespace is now '\(namespace)'",
                                       fix: regenerate)
        }
        var entries: [String: EnvelopeBatchIndex.Entry] = [:]
        var envelopes: [String: EBusinessEnvelope] = [:]
        for entry in index.entries {
            guard entries.updateValue(entry, forKey: entry.idempotencyKey) == nil else {
                throw PostError.batchFiles(batchID: batch.id, path: indexPath, problem: "idempotency_key '\(entry.idempotencyKey)' appears twice", fix: regenerate)
            }
            for name in [entry.orderEnvelope] + (entry.customerEnvelope.map { [$0] } ?? []) {
                let data = try read(name)
                let envelope: EBusinessEnvelope
                do {
                    envelope = try EBusinessEnvelope(bytes: [UInt8](data), namespaceURI: namespace)
                } catch {
                    throw PostError.batchFiles(batchID: batch.id, path: (folder as NSString).appendingPathComponent(name),
                                               problem: "the envelope cannot be read (\(error))", fix: regenerate)
                }
                guard envelope.isRedacted else {
                    throw PostError.batchFiles(batchID: batch.id, path: (folder as NSString).appendingPathComponent(name),
                                               problem: "the envelope holds a password instead of ********; it is not sent",
                                               fix: "delete the file and \(regenerate); change the eBusiness password if it was real")
                }
                envelopes[name] = envelope
            }
        }
        return EnvelopeBatchFiles(batchID: batch.id, folder: folder, index: index, entries: entries, envelopes: envelopes)
    }
}
