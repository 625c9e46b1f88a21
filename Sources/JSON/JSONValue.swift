import Foundation

/// A parsed JSON value, the one both sides use: Procore bodies and the Sage agent contract.
///
/// - Numbers keep their exact text (`15000.10`, `1e3`), so money never passes through
///   `Double`; ``decimalValue`` reads them as an exact `Decimal`.
/// - Objects keep their members in source order (``JSONObject``); a repeated key reads as
///   its last value.
/// - ``parse(_:)`` is the one scanner (``JSONScanner``); `Codable` (``init(from:)``,
///   ``encode(to:)``) is the bridge to Foundation's coders for contract bodies.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's text exactly as written, e.g. `15000.10` or `1e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in source order.
    case object(JSONObject)

    /// Parses a complete JSON document.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        do {
            return try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue in
                var scanner = JSONScanner(buffer)
                let value = try scanner.parseValue()
                scanner.skipWhitespace()
                guard scanner.atEnd else { throw scanner.fail("unexpected data after the JSON value") }
                return value
            }
        } catch let e as JSONSyntaxError {
            throw e
        } catch {
            throw JSONSyntaxError(offset: 0, reason: "\(error)")
        }
    }

    /// The value of `key` in an object (the last one if repeated); nil when absent or when
    /// this is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number read exactly from its text (never through `Double`), when this is a number
    /// that a `Decimal` holds.
    public var decimalValue: Decimal? {
        guard case .number(let text) = self else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// True for `.null`.
    public var isNull: Bool { self == .null }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object with the literal's members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
