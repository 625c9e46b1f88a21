import Foundation

/// A parsed JSON value whose numbers keep their exact source text (so money never passes
/// through `Double`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as written, e.g. `15000.10` or `1e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Fields in source order.
    case object([(String, JSONValue)])

    /// Parses a complete JSON document.
    public static func parse(_ data: Data) throws(ProcoreJSONError) -> JSONValue {
        do {
            return try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws(ProcoreJSONError) -> JSONValue in
                var scanner = JSONScanner(buffer)
                let value = try scanner.parseValue()
                scanner.skipWhitespace()
                guard scanner.atEnd else { throw scanner.fail("unexpected data after the JSON value") }
                return value
            }
        } catch let e as ProcoreJSONError {
            throw e
        } catch {
            throw ProcoreJSONError(offset: 0, reason: "\(error)")
        }
    }

    /// The value of `key` in an object (the last one if repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.last(where: { $0.0 == key })?.1
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

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}
