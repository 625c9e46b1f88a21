import Foundation
import Ledger
import Sage100

/// `outbox/<batch-id>/manifest.json`: what a batch holds and how to check it. Written last;
/// a batch folder without it is not a finished batch.
public struct OutboxManifest: Sendable, Codable, Equatable {
    /// One file of the batch and its sha256.
    public struct File: Sendable, Codable, Equatable {
        public var name: String
        public var bytes: Int
        /// Lower-case hex sha256 of the file.
        public var sha256: String
    }

    /// One document of the batch.
    public struct Record: Sendable, Codable, Equatable {
        /// `<company>:<kind>:<resource>:<procore id>`, sent with the posting.
        public var idempotencyKey: String
        /// Procore resource and id.
        public var resource: String
        public var sourceID: Int64
        /// The ledger record (one source version).
        public var recordID: Int64
        /// The Sage key the document will have, when known before posting.
        public var sageKey: String?
        /// The document's control amount, two decimals.
        public var amount: String

        enum CodingKeys: String, CodingKey {
            case resource, amount
            case idempotencyKey = "idempotency_key", sourceID = "source_id", recordID = "record_id", sageKey = "sage_key"
        }
    }

    public var formatVersion: Int = 1
    /// `<run-id>-<kind>`.
    public var batchID: String
    /// Sage document kind (`ap-invoices`, …).
    public var kind: String
    /// Sage company code.
    public var company: String
    /// The transform run that wrote the batch.
    public var runID: String
    /// The staging run it was built from.
    public var stagingRun: String
    public var createdAt: String
    public var recordCount: Int
    /// Sum of the documents' control amounts (InvoiceAmt, ExtensionAmt, debits, CheckAmt; 0 for vendors).
    public var controlTotal: String
    /// `ready` or `pending_approval`.
    public var approval: String
    public var files: [File]
    public var records: [Record]
    /// Text replaced to fit Windows-1252 in the VI file, in words.
    public var transliterations: [String]

    enum CodingKeys: String, CodingKey {
        case kind, company, files, records, approval, transliterations
        case formatVersion = "format_version", batchID = "batch_id", runID = "run_id", stagingRun = "staging_run"
        case createdAt = "created_at", recordCount = "record_count", controlTotal = "control_total"
    }
}

extension OutboxManifest {
    /// The manifest of a batch of `documents` whose Visual Integrator file is `file`; `files`
    /// lists every file of the batch (see ``File/init(_:name:)`` for the VI one).
    init(batchID: String, kind: SageDocumentKind, company: String, runID: String, stagingRun: String, approval: String,
         documents: [OutboxDocument], viFile file: VIBatchFile, files: [File]) {
        self.init(
            batchID: batchID, kind: kind.rawValue, company: company, runID: runID, stagingRun: stagingRun,
            createdAt: Timestamp.string(from: Date(), milliseconds: true), recordCount: documents.count,
            controlTotal: AgentWire.money(file.controlTotal), approval: approval,
            files: files,
            records: documents.map {
                Record(idempotencyKey: $0.idempotencyKey, resource: $0.resource, sourceID: $0.sourceID,
                       recordID: $0.recordID, sageKey: $0.sageKey, amount: AgentWire.money($0.record.controlAmount))
            },
            transliterations: file.transliterations.map(\.description))
    }

    /// Writes `manifest.json` into `folder` (atomically; it is the batch's last file).
    func write(into folder: String) throws {
        let path = folder + "/manifest.json"
        do {
            try FileSystem.writeAtomically(try Self.encoder.encode(self) + Data("\n".utf8), to: path)
        } catch let error as StagingError {
            throw TransformError.outboxWriteFailed(path: path, reason: error.description)
        } catch {
            throw TransformError.outboxWriteFailed(path: path, reason: "\(error)")
        }
    }

    /// Pretty, sorted, slashes as they are: how outbox JSON files are written.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension OutboxManifest.File {
    /// The entry of a written Visual Integrator file.
    init(_ file: VIBatchFile, name: String) {
        self.init(name: name, bytes: file.byteCount, sha256: file.sha256)
    }
}
