import Money

/// One thing a person must look at before the run's books can be trusted.
public struct ReconciliationException: Sendable, Equatable, Codable {
    /// What kind of problem it is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Sage refused the document; its message says why.
        case rejected
        /// The record failed validation or mapping and was never sent.
        case invalid
        /// The ledger says posted, but the agent does not have the document.
        case missingInSage = "missing_in_sage"
        /// Sage holds a different amount than the source, to the cent.
        case amountMismatch = "amount_mismatch"
        /// The send's outcome is unknown; the next post settles it with the agent.
        case uncertain
        /// The source changed in Procore after the document was posted.
        case drift
        /// In a batch of the run but not sent yet (waiting for approval, an earlier kind, or a post).
        case notPosted = "not_posted"
        /// The agent has a document in the run's batches that the ledger does not know as posted.
        case unexpectedInSage = "unexpected_in_sage"
        /// A journal entry of the run posts to an account the mapping charges cost to: only AP
        /// invoices may (a commitment or a billing is not a cost).
        case costAccountPosting = "cost_account_posting"

        /// Heading used in the report.
        public var title: String {
            switch self {
            case .rejected: return "Rejected by Sage"
            case .invalid: return "Invalid, not sent"
            case .missingInSage: return "Missing in Sage"
            case .amountMismatch: return "Amount differs"
            case .uncertain: return "Outcome uncertain"
            case .drift: return "Changed after posting"
            case .notPosted: return "Not posted yet"
            case .unexpectedInSage: return "In Sage, unknown to the ledger"
            case .costAccountPosting: return "Posted to a cost account"
            }
        }
    }

    public var kind: Kind
    /// The ledger record id, when the exception is about a record.
    public var recordID: Int64?
    /// Procore resource and id (`requisitions` 1280646).
    public var resource: String?
    public var sourceID: Int64?
    public var idempotencyKey: String?
    /// Sage document kind (`ap-invoices`, …).
    public var documentKind: String?
    public var batchID: String?
    public var sageKey: String?
    public var vendorNo: String?
    public var vendorName: String?
    public var jobNo: String?
    public var sourceAmount: Money?
    public var postedAmount: Money?
    /// Posted minus source.
    public var difference: Money?
    /// Lookup key of the record whose failure is this one's only reason (`requisitions:<id>`),
    /// from the ledger: the report counts it under that record's root cause.
    public var blockedBy: String?
    /// The cause of a refused record: its newest message without its own label, ids and
    /// amounts (``RecordCause``), shared by every record refused for the same reason.
    public var cause: String?
    /// The record's newest message (the one its cause comes from).
    public var latestMessage: String?
    /// When its source record was first refused (ISO 8601 UTC), for an exception open since
    /// an earlier run.
    public var openSince: String?
    /// What happened, in words (Sage's or the validator's messages for rejected/invalid).
    public var reason: String
    /// What to do about it.
    public var fix: String

    public init(kind: Kind, recordID: Int64? = nil, resource: String? = nil, sourceID: Int64? = nil,
                idempotencyKey: String? = nil, documentKind: String? = nil, batchID: String? = nil,
                sageKey: String? = nil, vendorNo: String? = nil, vendorName: String? = nil, jobNo: String? = nil,
                sourceAmount: Money? = nil, postedAmount: Money? = nil,
                reason: String, fix: String) {
        self.kind = kind
        self.recordID = recordID
        self.resource = resource
        self.sourceID = sourceID
        self.idempotencyKey = idempotencyKey
        self.documentKind = documentKind
        self.batchID = batchID
        self.sageKey = sageKey
        self.vendorNo = vendorNo
        self.vendorName = vendorName
        self.jobNo = jobNo
        self.sourceAmount = sourceAmount
        self.postedAmount = postedAmount
        if let sourceAmount, let postedAmount { difference = postedAmount - sourceAmount }
        self.reason = reason
        self.fix = fix
    }

    /// A short name for the record: `requisitions 1280646 (record 42)`.
    public var recordLabel: String {
        var parts: [String] = []
        if let resource, let sourceID { parts.append("\(resource) \(sourceID)") }
        if let recordID { parts.append("record \(recordID)") }
        if parts.isEmpty, let sageKey { parts.append("Sage \(sageKey)") }
        return parts.count == 2 ? "\(parts[0]) (\(parts[1]))" : parts.first ?? "-"
    }
}

extension ReconciliationException: CustomStringConvertible {
    /// One line for a terminal: `Rejected by Sage: requisitions 2001 (record 1), vendor 0001002: <reason>. Fix: <fix>`.
    public var description: String {
        var text = "\(kind.title): \(recordLabel)"
        if let documentKind { text += ", \(documentKind)" }
        if let sageKey { text += " \(sageKey)" }
        if let vendorNo { text += ", vendor \(vendorName.map { "\($0) (\(vendorNo))" } ?? vendorNo)" }
        if let sourceAmount { text += ", source \(sourceAmount.plain)" }
        if let postedAmount { text += ", Sage \(postedAmount.plain)" }
        return text + ": \(reason). Fix: \(fix)"
    }
}
