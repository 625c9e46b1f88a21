import Foundation
import Sage100

/// Counters of a running simulator (`GET /_sandbox/stats`).
public struct SageSimulatorStats: Sendable, Equatable, Codable {
    /// Records written (posted).
    public var writes: Int = 0
    /// Records answered `locked` by an injected record lock.
    public var locksInjected: Int = 0
    /// Import requests answered 423 because the module was locked.
    public var moduleLocks: Int = 0
    /// Records answered `duplicate`.
    public var duplicates: Int = 0
    /// Records answered `rejected`.
    public var rejected: Int = 0
    /// Import requests processed (answered 200).
    public var imports: Int = 0
    /// Connections dropped after commit by ``SageAgentSimulator/dropConnectionAfterCommit(count:)``.
    public var droppedConnections: Int = 0
    /// Time the company's writer spent on records (looking up the key, drawing a lock,
    /// writing, the write latency), in seconds: what a client cannot post faster than.
    public var busySeconds: Double = 0
    /// Import requests that arrived while another import of the company was still in flight:
    /// two writers at once, which the one-writer-per-company rule forbids (0 when it holds).
    public var overlappingImports: Int = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case writes
        case locksInjected = "locks_injected"
        case moduleLocks = "module_locks"
        case duplicates, rejected, imports
        case droppedConnections = "dropped_connections"
        case busySeconds = "busy_s"
        case overlappingImports = "overlapping_imports"
    }

}

/// One document the simulator posted (`GET /_sandbox/postings`), with the idempotency key it
/// came with: tests check every key appears exactly once.
public struct SageSimulatorPosting: Sendable, Equatable, Codable {
    public var idempotencyKey: String
    public var kind: SageDocumentKind
    public var sageKey: String
    /// Control amount (InvoiceAmt, PO total, GL debits, CheckAmt; 0 for vendors).
    public var amount: Decimal
    public var batchID: String
    /// ISO 8601 UTC.
    public var postedAt: String

    public init(idempotencyKey: String, kind: SageDocumentKind, sageKey: String, amount: Decimal, batchID: String, postedAt: String) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.sageKey = sageKey
        self.amount = amount
        self.batchID = batchID
        self.postedAt = postedAt
    }

    enum CodingKeys: String, CodingKey {
        case idempotencyKey = "idempotency_key"
        case kind
        case sageKey = "sage_key"
        case amount
        case batchID = "batch_id"
        case postedAt = "posted_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        idempotencyKey = try c.decode(String.self, forKey: .idempotencyKey)
        kind = try c.decode(SageDocumentKind.self, forKey: .kind)
        sageKey = try c.decode(String.self, forKey: .sageKey)
        let text = try c.decode(String.self, forKey: .amount)
        guard let value = AgentWire.parseDecimal(text) else {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: c, debugDescription: "amount '\(text)' is not a decimal string")
        }
        amount = value
        batchID = try c.decode(String.self, forKey: .batchID)
        postedAt = try c.decode(String.self, forKey: .postedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(idempotencyKey, forKey: .idempotencyKey)
        try c.encode(kind, forKey: .kind)
        try c.encode(sageKey, forKey: .sageKey)
        try c.encode(AgentWire.money(amount), forKey: .amount)
        try c.encode(batchID, forKey: .batchID)
        try c.encode(postedAt, forKey: .postedAt)
    }
}
