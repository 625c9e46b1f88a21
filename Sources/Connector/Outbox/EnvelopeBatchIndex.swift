import Foundation
import Sage100

/// `outbox/<batch-id>/sales-orders.json`: what an eBusiness batch holds, one entry per
/// document with the envelope files `post` sends (read back with ``OutboxEnvelopeBatchWriter``).
public struct EnvelopeBatchIndex: Sendable, Codable, Equatable {
    /// One document of the batch.
    public struct Entry: Sendable, Codable, Equatable {
        /// `<company>:<kind>:<resource>:<procore id>`: the ledger's key (SOAP has no idempotency
        /// key; `post` settles by SalesOrderNo instead).
        public var idempotencyKey: String
        public var resource: String
        public var sourceID: Int64
        public var recordID: Int64
        /// The sales order and its customer as built by the transform.
        public var document: SalesOrderDocument
        /// The redacted `CreateSalesOrder` envelope, e.g. `0001-P00A1B2.xml`.
        public var orderEnvelope: String
        /// The redacted `CreateCustomer` envelope, when the customer is created if missing.
        public var customerEnvelope: String?

        enum CodingKeys: String, CodingKey {
            case resource, document
            case idempotencyKey = "idempotency_key", sourceID = "source_id", recordID = "record_id"
            case orderEnvelope = "order_envelope", customerEnvelope = "customer_envelope"
        }
    }

    public var formatVersion: Int = 1
    public var batchID: String
    /// Namespace of the envelopes' operation elements.
    public var namespace: String
    public var entries: [Entry]

    public static let fileName = "sales-orders.json"

    enum CodingKeys: String, CodingKey {
        case namespace, entries
        case formatVersion = "format_version", batchID = "batch_id"
    }
}
