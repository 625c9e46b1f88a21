import JSON

/// `GET /v1/companies/{code}/postings?idempotency_key=K`: did the agent post this key?
/// Used to settle an uncertain outcome (timeout, dropped connection) before resending.
public struct PostingLookup: Codable, Sendable, Equatable {
    public var found: Bool
    /// "posted" when found.
    public var status: RecordStatus?
    public var sageKey: String?
    /// The document kind's URL value ("ap-invoices", …).
    public var kind: String?
    public var batchID: String?
    /// When it was written, ISO 8601 UTC.
    public var postedAt: String?
    /// Not found yet, but an import holding this key is still being written (a request whose
    /// sender died or gave up): ask again once it is done, never resend meanwhile. An agent that
    /// does not send the field means false.
    public var inProgress: Bool

    public init(found: Bool, status: RecordStatus? = nil, sageKey: String? = nil, kind: String? = nil,
                batchID: String? = nil, postedAt: String? = nil, inProgress: Bool = false) {
        self.found = found
        self.status = status
        self.sageKey = sageKey
        self.kind = kind
        self.batchID = batchID
        self.postedAt = postedAt
        self.inProgress = inProgress
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(found: try c.decode(Bool.self, forKey: .found),
                  status: try c.decodeIfPresent(RecordStatus.self, forKey: .status),
                  sageKey: try c.decodeIfPresent(String.self, forKey: .sageKey),
                  kind: try c.decodeIfPresent(String.self, forKey: .kind),
                  batchID: try c.decodeIfPresent(String.self, forKey: .batchID),
                  postedAt: try c.decodeIfPresent(String.self, forKey: .postedAt),
                  inProgress: try c.decodeIfPresent(Bool.self, forKey: .inProgress) ?? false)
    }

    enum CodingKeys: String, CodingKey {
        case found, status, kind
        case sageKey = "sage_key"
        case batchID = "batch_id"
        case postedAt = "posted_at"
        case inProgress = "in_progress"
    }
}

/// One posted document as read back for reconciliation
/// (`GET /v1/companies/{code}/ap-invoices|purchase-orders|gl-entries|manual-checks`).
public struct AgentPostedDocument: Codable, Sendable, Equatable {
    public var sageKey: String
    /// The document kind's URL value ("ap-invoices", …).
    public var kind: String
    public var batchID: String?
    public var idempotencyKey: String?
    /// ISO 8601 UTC.
    public var postedAt: String
    /// Control amount as a decimal string: InvoiceAmt (AP invoice), total of ExtensionAmt
    /// (purchase order), total debits (GL entry), CheckAmt (manual check).
    public var amount: String
    /// The document as Sage holds it: header fields, `lines` (and `distributions`), money as
    /// decimal strings, DateUpdated/TimeUpdated.
    public var record: JSONValue

    public init(sageKey: String, kind: String, batchID: String?, idempotencyKey: String?, postedAt: String,
                amount: String, record: JSONValue) {
        self.sageKey = sageKey
        self.kind = kind
        self.batchID = batchID
        self.idempotencyKey = idempotencyKey
        self.postedAt = postedAt
        self.amount = amount
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case sageKey = "sage_key"
        case kind
        case batchID = "batch_id"
        case idempotencyKey = "idempotency_key"
        case postedAt = "posted_at"
        case amount
        case record
    }
}
