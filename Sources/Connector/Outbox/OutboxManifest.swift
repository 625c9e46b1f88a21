import Foundation

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
