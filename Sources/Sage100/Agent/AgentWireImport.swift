import JSON

/// `POST /v1/companies/{code}/imports/{kind}` body: one batch of records of one kind.
public struct ImportRequest: Codable, Sendable, Equatable {
    /// The connector's batch id; stored with every posted record, filter of read-back.
    public var batchID: String
    public var records: [ImportRecord]

    public init(batchID: String, records: [ImportRecord]) {
        self.batchID = batchID
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case batchID = "batch_id"
        case records
    }

    /// The request body assembled from records written earlier (``ImportRecord/json(idempotencyKey:encoding:)``):
    /// the same bytes as encoding the request, without building it in memory first.
    public static func json(batchID: String, records: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.reduce(64) { $0 + $1.count + 1 })
        write(batchID: batchID, records: records) { bytes += $0 }
        return bytes
    }

    /// The same body as ``json(batchID:records:)``, handed to `emit` piece by piece (its opening,
    /// each record, the separators, its end), so a large batch goes to a file without ever
    /// being whole in memory.
    public static func write<E: Error>(batchID: String, records: [[UInt8]],
                                       _ emit: ([UInt8]) throws(E) -> Void) throws(E) {
        var opening = JSONWriter()
        opening.append("{")
        opening.member(CodingKeys.batchID.rawValue, first: true)
        opening.write(string: batchID)
        opening.member(CodingKeys.records.rawValue)
        opening.append("[")
        try emit(opening.bytes)
        let comma: [UInt8] = [UInt8(ascii: ",")]
        for (index, record) in records.enumerated() {
            if index > 0 { try emit(comma) }
            try emit(record)
        }
        try emit([UInt8(ascii: "]"), UInt8(ascii: "}")])
    }
}

/// One record of an import: the idempotency key and the Sage record (header fields with Sage
/// names, `lines` for detail lines, `distributions` under manual-check lines; money as decimal
/// strings, dates YYYYMMDD).
public struct ImportRecord: Codable, Sendable, Equatable {
    /// Deterministic key of this posting; a key the agent has seen answers `duplicate`.
    public var idempotencyKey: String
    public var record: JSONValue

    public init(idempotencyKey: String, record: JSONValue) {
        self.idempotencyKey = idempotencyKey
        self.record = record
    }

    /// Builds a record from any `Encodable` Sage model.
    public init(idempotencyKey: String, encoding model: some Encodable) throws {
        self.init(idempotencyKey: idempotencyKey, record: try JSONValue(encoding: model))
    }

    /// The record's JSON bytes as they stand in an import request's `records` list
    /// (`{"idempotency_key":…,"record":{…}}`, keys sorted).
    public static func json(idempotencyKey: String, encoding model: some Encodable) throws -> [UInt8] {
        var writer = JSONWriter()
        writer.append("{")
        writer.member(CodingKeys.idempotencyKey.rawValue, first: true)
        writer.write(string: idempotencyKey)
        writer.member(CodingKeys.record.rawValue)
        if let writable = model as? any AgentJSONWritable {
            writable.writeAgentJSON(&writer)
        } else {
            writer.write(try JSONValueEncoder().encode(model))
        }
        writer.append("}")
        return writer.bytes
    }

    enum CodingKeys: String, CodingKey {
        case idempotencyKey = "idempotency_key"
        case record
    }
}

/// `200` answer of an import: one result per record, in request order.
public struct ImportResponse: Codable, Sendable, Equatable {
    public var batchID: String
    /// The document kind's URL value ("ap-invoices", …).
    public var kind: String
    public var results: [RecordResult]

    public init(batchID: String, kind: String, results: [RecordResult]) {
        self.batchID = batchID
        self.kind = kind
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case batchID = "batch_id"
        case kind
        case results
    }
}

/// What happened to one record of an import.
public struct RecordResult: Codable, Sendable, Equatable {
    public var idempotencyKey: String
    public var status: RecordStatus
    /// The Sage key of the written (or earlier written, for `duplicate`) document.
    public var sageKey: String?
    /// Sage's messages (rejections name the field; `locked` says "Record/file busy").
    public var messages: [RecordMessage]

    public init(idempotencyKey: String, status: RecordStatus, sageKey: String? = nil, messages: [RecordMessage] = []) {
        self.idempotencyKey = idempotencyKey
        self.status = status
        self.sageKey = sageKey
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case idempotencyKey = "idempotency_key"
        case status
        case sageKey = "sage_key"
        case messages
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        idempotencyKey = try c.decode(String.self, forKey: .idempotencyKey)
        status = try c.decode(RecordStatus.self, forKey: .status)
        sageKey = try c.decodeIfPresent(String.self, forKey: .sageKey)
        messages = try c.decodeIfPresent([RecordMessage].self, forKey: .messages) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(idempotencyKey, forKey: .idempotencyKey)
        try c.encode(status, forKey: .status)
        try c.encode(sageKey, forKey: .sageKey)
        try c.encode(messages, forKey: .messages)
    }
}

/// The outcome of one record.
public enum RecordStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// Written to Sage now.
    case posted
    /// The idempotency key was posted before; nothing written, `sage_key` is the original.
    case duplicate
    /// Sage refused it (see messages); nothing written. Fix the record before resending.
    case rejected
    /// Record/file busy in Sage; nothing written. Resend after a backoff.
    case locked
}

/// One Sage message about a record. `field` is the Sage field name ("VendorNo",
/// "lines[2].AccountKey") or nil for the record as a whole.
public struct RecordMessage: Codable, Sendable, Equatable {
    public var field: String?
    public var message: String

    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        field = try c.decodeIfPresent(String.self, forKey: .field)
        message = try c.decode(String.self, forKey: .message)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        try c.encode(message, forKey: .message)
    }

    enum CodingKeys: String, CodingKey { case field, message }
}
