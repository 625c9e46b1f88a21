import Foundation
import JSON

/// A model field that could not be decoded: the field's path (e.g. `items[2].net_amount`) and why.
public struct ProcoreDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON path of the field, using Procore's field names.
    public var path: String
    public var reason: String
    public var description: String { path.isEmpty ? reason : "field '\(path)': \(reason)" }
}

/// Decodes Procore JSON into `Decodable` models, exactly.
///
/// - `Decimal` fields are read from the number's own text or from a decimal string, never
///   through `Double` (Foundation's `JSONDecoder` rounds through `Double`).
/// - `Date` fields accept ISO 8601 date-times (and bare dates, as midnight UTC).
/// - Swift property names match JSON keys ignoring case and underscores
///   (`vendorID` reads `vendor_id`), so models need no `CodingKeys`.
/// - Unknown fields are ignored; a string field also accepts a JSON number (its text).
public struct ProcoreJSONDecoder: Sendable {
    public init() {}

    /// Decodes `type` from JSON bytes.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ProcoreDecodingError) -> T {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch {
            throw ProcoreDecodingError(path: "", reason: error.description)
        }
        return try decode(type, from: value)
    }

    /// Decodes `type` from a parsed value.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(ProcoreDecodingError) -> T {
        do {
            return try ValueDecoder(value, path: []).unbox(T.self)
        } catch let e as ProcoreDecodingError {
            throw e
        } catch let e as DecodingError {
            throw ProcoreDecodingError(decodingError: e)
        } catch {
            throw ProcoreDecodingError(path: "", reason: "\(error)")
        }
    }
}

extension ProcoreDecodingError {
    init(path: [CodingKey], reason: String) {
        self.init(path: Self.render(path), reason: reason)
    }

    init(decodingError: DecodingError) {
        switch decodingError {
        case .dataCorrupted(let c): self.init(path: c.codingPath, reason: c.debugDescription)
        case .keyNotFound(let k, let c): self.init(path: c.codingPath + [k], reason: "is missing")
        case .typeMismatch(_, let c): self.init(path: c.codingPath, reason: c.debugDescription)
        case .valueNotFound(_, let c): self.init(path: c.codingPath, reason: "is null but a value is required")
        @unknown default: self.init(path: "", reason: "\(decodingError)")
        }
    }

    static func render(_ path: [CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue, key is IndexKey { out += "[\(i)]"; continue }
            if !out.isEmpty { out += "." }
            out += key.stringValue
        }
        return out
    }
}

/// A key named as in the JSON (Procore's snake_case field name).
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// An array position.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "[\(intValue ?? 0)]" }
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

final class ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, path: [CodingKey]) {
        self.value = value
        self.codingPath = path
    }

    func fail(_ reason: String) -> ProcoreDecodingError { ProcoreDecodingError(path: codingPath, reason: reason) }

    func mismatch(_ expected: String) -> ProcoreDecodingError {
        fail("expected \(expected), found \(value.typeName)\(Self.sample(value))")
    }

    static func sample(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return " \"\(s.prefix(40))\""
        case .number(let n): return " \(n.prefix(40))"
        case .bool(let b): return " \(b)"
        default: return ""
        }
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedContainer<Key>(fields: fields.members, path: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch("an array") }
        return UnkeyedContainer(items: items, path: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { self }

    // MARK: Typed reads

    func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Decimal.self { return try decimal() as! T }
        if T.self == Date.self { return try date() as! T }
        if T.self == String.self { return try string() as! T }
        if T.self == Bool.self { return try bool() as! T }
        if T.self == Int64.self { return try integer(Int64.self) as! T }
        if T.self == Int.self { return try integer(Int.self) as! T }
        if case .null = value, !(T.self is any OptionalProtocol.Type) {
            throw fail("is null but a value is required")
        }
        return try T(from: self)
    }

    func decimal() throws -> Decimal {
        let text: String
        switch value {
        case .number(let n): text = n
        case .string(let s): text = s
        default: throw mismatch("a decimal number or decimal string")
        }
        do { return try ProcoreDecimal.parse(text) } catch { throw fail(error.description) }
    }

    func date() throws -> Date {
        guard case .string(let s) = value else { throw mismatch("an ISO 8601 date-time string") }
        guard let d = ProcoreTimestamp.parse(s) else { throw fail("\"\(s.prefix(40))\" is not an ISO 8601 date-time") }
        return d
    }

    func string() throws -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n
        default: throw mismatch("a string")
        }
    }

    func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch("true or false") }
        return b
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let text: String
        switch value {
        case .number(let n): text = n
        case .string(let s): text = s
        default: throw mismatch("an integer")
        }
        if let v = I(text) { return v }
        // Integral values written with a fraction or exponent ("12.0", "1e3").
        if var d = try? ProcoreDecimal.parse(text) {
            var whole = Decimal()
            NSDecimalRound(&whole, &d, 0, .plain)
            let n = NSDecimalNumber(decimal: d).int64Value
            if whole == d, Decimal(n) == d, let v = I(exactly: n) { return v }
        }
        throw fail("\(text.prefix(40)) is not an integer that fits \(I.self)")
    }

    func floating<F: BinaryFloatingPoint & LosslessStringConvertible>(_ type: F.Type) throws -> F {
        switch value {
        case .number(let n), .string(let n):
            guard let v = F(n) else { throw fail("\(n.prefix(40)) is not a number") }
            return v
        default: throw mismatch("a number")
        }
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { if case .null = value { return true } else { return false } }
    func decode(_ type: Bool.Type) throws -> Bool { try bool() }
    func decode(_ type: String.Type) throws -> String { try string() }
    func decode(_ type: Double.Type) throws -> Double { try floating(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try floating(Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unbox(T.self) }
}

/// Lets `unbox` tell optionals apart (a null is fine for them).
protocol OptionalProtocol {}
extension Optional: OptionalProtocol {}

/// A field name compared and hashed as its normalized key: ASCII letters lower-cased,
/// underscores skipped (`vendor_id`, `vendorID` and `vendorId` are one key), without building
/// the normalized string: every field of every record is looked up this way. Names with bytes
/// outside ASCII (none of Procore's) are compared through Unicode lower-casing.
struct NormalizedKey: Hashable {
    let name: String

    init(_ name: String) { self.name = name }

    static func == (a: Self, b: Self) -> Bool {
        let fast: Bool? = a.name.utf8.withContiguousStorageIfAvailable { left in
            b.name.utf8.withContiguousStorageIfAvailable { right -> Bool? in
                guard isASCII(left), isASCII(right) else { return nil }
                var i = 0, j = 0
                while true {
                    while i < left.count, left[i] == 0x5F { i += 1 }
                    while j < right.count, right[j] == 0x5F { j += 1 }
                    if i == left.count || j == right.count { return i == left.count && j == right.count }
                    if fold(left[i]) != fold(right[j]) { return false }
                    i += 1
                    j += 1
                }
            } ?? nil
        } ?? nil
        return fast ?? (slowNormalized(a.name) == slowNormalized(b.name))
    }

    func hash(into hasher: inout Hasher) {
        // Equal keys hash alike: FNV-1a over the folded bytes, of the normalized form for a
        // name outside ASCII (whose folded bytes are that form's own).
        func fnv(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes where byte != 0x5F {
                hash = (hash ^ UInt64(Self.fold(byte))) &* 0x0000_0100_0000_01B3
            }
            return hash
        }
        if let hash = name.utf8.withContiguousStorageIfAvailable({ Self.isASCII($0) ? fnv($0) : nil }) ?? nil {
            hasher.combine(hash)
            return
        }
        var normalized = Self.slowNormalized(name)
        hasher.combine(normalized.withUTF8 { fnv($0) })
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    /// ASCII upper case folded to lower case.
    static func fold(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

    static func slowNormalized(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars where ch != "_" { out.unicodeScalars.append(contentsOf: String(ch).lowercased().unicodeScalars) }
        return out
    }
}

struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// Fields by normalized key.
    let normalized: [NormalizedKey: (String, JSONValue)]
    /// Fields by exact name, kept only when two names normalize alike (`vendor_id` and `vendorId`).
    let exact: [String: (String, JSONValue)]?
    /// The object's fields in document order.
    let fields: [(String, JSONValue)]
    let codingPath: [CodingKey]

    init(fields: [(String, JSONValue)], path: [CodingKey]) {
        var normalized: [NormalizedKey: (String, JSONValue)] = [:]
        normalized.reserveCapacity(fields.count)
        var collides = false
        for (k, v) in fields {
            let key = NormalizedKey(k)
            if normalized.updateValue((k, v), forKey: key) != nil { collides = true }
        }
        self.normalized = normalized
        self.exact = collides ? Dictionary(fields.map { ($0.0, $0) }, uniquingKeysWith: { _, last in last }) : nil
        self.fields = fields
        self.codingPath = path
    }

    var allKeys: [Key] { fields.compactMap { Key(stringValue: $0.0) } }

    func entry(_ key: Key) -> (String, JSONValue)? {
        let name = key.stringValue
        if let exact, let hit = exact[name] { return hit }
        return normalized[NormalizedKey(name)]
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func child(_ key: Key) throws -> ValueDecoder {
        guard let (name, value) = entry(key) else {
            throw ProcoreDecodingError(path: codingPath + [JSONKey(snake(key.stringValue))], reason: "is missing")
        }
        return ValueDecoder(value, path: codingPath + [JSONKey(name)])
    }

    /// The JSON spelling of a Swift key, for messages about missing fields.
    func snake(_ s: String) -> String {
        var out = ""
        var prevLower = false
        for ch in s {
            if ch.isUppercase {
                if prevLower { out.append("_") }
                out.append(contentsOf: ch.lowercased())
                prevLower = false
            } else {
                out.append(ch)
                prevLower = ch.isLowercase || ch.isNumber
            }
        }
        return out
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let (_, v) = entry(key) else { return true }
        if case .null = v { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).floating(Double.self) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).floating(Float.self) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).integer(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).integer(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).integer(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).integer(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).integer(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).integer(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).integer(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).integer(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).integer(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).unbox(T.self) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { ValueDecoder(.object(JSONObject(fields)), path: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { try child(key) }
}

struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], path: [CodingKey]) {
        self.items = items
        self.codingPath = path
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw ProcoreDecodingError(path: codingPath + [IndexKey(currentIndex)], reason: "the array has only \(items.count) elements")
        }
        let d = ValueDecoder(items[currentIndex], path: codingPath + [IndexKey(currentIndex)])
        currentIndex += 1
        return d
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = items[currentIndex] { currentIndex += 1; return true }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().floating(Double.self) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().floating(Float.self) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().integer(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().integer(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().integer(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().integer(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().integer(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer(UInt64.self) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().unbox(T.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> Decoder { try next() }
}
