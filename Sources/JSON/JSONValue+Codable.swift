import Foundation

/// The bridge to Foundation's coders (the agent contract's bodies are read and written with
/// `JSONDecoder`/`JSONEncoder`).
///
/// Decoding: a number arrives as Foundation's exact `Decimal` and is kept as that decimal's
/// plain text; an object's keys are sorted (a `Decoder` does not say their order). Encoding:
/// a number is written from its text through `Decimal` (exact), never through `Double`.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let d = try? container.decode(Decimal.self) {
            self = .number(d.description)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else if let o = try? container.decode([String: JSONValue].self) {
            self = .object(JSONObject(o.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let b):
            var container = encoder.singleValueContainer()
            try container.encode(b)
        case .number(let text):
            var container = encoder.singleValueContainer()
            guard let d = decimalValue else {
                throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath,
                    debugDescription: "the number \(text.prefix(40)) does not fit a Decimal; send it as a string"))
            }
            try container.encode(d)
        case .string(let s):
            var container = encoder.singleValueContainer()
            try container.encode(s)
        case .array(let a):
            var container = encoder.singleValueContainer()
            try container.encode(a)
        case .object(let o):
            var container = encoder.container(keyedBy: MemberKey.self)
            for (key, value) in o.members { try container.encode(value, forKey: MemberKey(key)) }
        }
    }

    /// An object member's name as a coding key.
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}
