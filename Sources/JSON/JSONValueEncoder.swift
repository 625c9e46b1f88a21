import Foundation

/// Encodes an `Encodable` value straight into a ``JSONValue``, without writing JSON text and
/// reading it back. Follows `JSONEncoder`'s default strategies: `Decimal` as a number, `Data`
/// as base64, `URL` as its absolute string, `Date` as it encodes itself (seconds since 2001);
/// a key encoded twice keeps its last value.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        let encoder = ValueEncoder()
        try encoder.encodeAny(value)
        return encoder.slot.resolved()
    }
}

/// Where an encoded value goes: unset until something is written.
private final class Slot {
    enum Content {
        case unset
        case value(JSONValue)
        case object(ObjectSlot)
        case array(ArraySlot)
    }

    var content: Content = .unset

    func resolved() -> JSONValue {
        switch content {
        case .unset: return .object(JSONObject())
        case .value(let value): return value
        case .object(let object): return .object(JSONObject(object.members.map { ($0.0, $0.1.resolved()) }))
        case .array(let array): return .array(array.items.map { $0.resolved() })
        }
    }

    func object() -> ObjectSlot {
        if case .object(let object) = content { return object }
        let object = ObjectSlot()
        content = .object(object)
        return object
    }

    func array() -> ArraySlot {
        if case .array(let array) = content { return array }
        let array = ArraySlot()
        content = .array(array)
        return array
    }
}

private final class ObjectSlot {
    var members: [(String, Slot)] = []
    /// Positions by key, built only for large objects: a model's dozen keys compare faster
    /// than they hash.
    var index: [String: Int]?

    func slot(for key: String) -> Slot {
        let slot = Slot()
        set(key, slot)
        return slot
    }

    func set(_ key: String, _ value: JSONValue) {
        let slot = Slot()
        slot.content = .value(value)
        set(key, slot)
    }

    private func set(_ key: String, _ slot: Slot) {
        if let existing = position(of: key) {
            members[existing].1 = slot
            return
        }
        index?[key] = members.count
        members.append((key, slot))
        if index == nil, members.count > 16 {
            index = Dictionary(members.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { _, last in last })
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.lastIndex { $0.0 == key }
    }
}

private final class ArraySlot {
    var items: [Slot] = []

    func append() -> Slot {
        let slot = Slot()
        items.append(slot)
        return slot
    }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String
    init(_ index: Int) { intValue = index; stringValue = String(index) }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { return nil }
}

/// Encodes one value into its slot. The coding path is kept as a link to the parent and the
/// key, and spelled out only when asked (an error): most values never need it.
private final class ValueEncoder: Encoder, SingleValueEncodingContainer {
    let slot: Slot
    let parent: ValueEncoder?
    let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(slot: Slot = Slot(), parent: ValueEncoder? = nil, key: (any CodingKey)? = nil) {
        self.slot = slot
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: ValueEncoder? = self
        while let current = node {
            if let key = current.key { path.append(key) }
            node = current.parent
        }
        return path.reversed()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(object: slot.object(), owner: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(array: slot.array(), owner: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func set(_ value: JSONValue) { slot.content = .value(value) }

    func encodeNil() throws { set(.null) }
    func encode(_ value: Bool) throws { set(.bool(value)) }
    func encode(_ value: String) throws { set(.string(value)) }
    func encode(_ value: Double) throws { set(try Self.number(value, codingPath)) }
    func encode(_ value: Float) throws { set(try Self.number(Double(value), codingPath)) }
    func encode(_ value: Int) throws { set(.number(String(value))) }
    func encode(_ value: Int8) throws { set(.number(String(value))) }
    func encode(_ value: Int16) throws { set(.number(String(value))) }
    func encode(_ value: Int32) throws { set(.number(String(value))) }
    func encode(_ value: Int64) throws { set(.number(String(value))) }
    func encode(_ value: UInt) throws { set(.number(String(value))) }
    func encode(_ value: UInt8) throws { set(.number(String(value))) }
    func encode(_ value: UInt16) throws { set(.number(String(value))) }
    func encode(_ value: UInt32) throws { set(.number(String(value))) }
    func encode(_ value: UInt64) throws { set(.number(String(value))) }
    func encode<T: Encodable>(_ value: T) throws { try encodeAny(value) }

    /// Values `JSONEncoder` writes its own way; everything else encodes itself into this slot.
    func encodeAny<T: Encodable>(_ value: T) throws {
        switch value {
        case let value as JSONValue: set(value)
        case let value as Decimal:
            guard !value.isNaN else {
                throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "NaN is not a JSON number"))
            }
            set(.number(value.description))
        case let value as Data: set(.string(value.base64EncodedString()))
        case let value as URL: set(.string(value.absoluteString))
        default: try value.encode(to: self)
        }
    }

    static func number(_ value: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not a JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectSlot
    let owner: ValueEncoder
    var codingPath: [any CodingKey] { owner.codingPath }

    func encoder(for key: some CodingKey) -> ValueEncoder {
        ValueEncoder(slot: object.slot(for: key.stringValue), parent: owner, key: key)
    }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        switch value {
        case let text as String: object.set(key.stringValue, .string(text))
        default: try encoder(for: key).encodeAny(value)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder(for: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder(for: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(slot: object.slot(for: "super"), parent: owner)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder(for: key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArraySlot
    let owner: ValueEncoder
    var codingPath: [any CodingKey] { owner.codingPath }
    var count: Int { array.items.count }

    func next() -> ValueEncoder {
        let index = array.items.count
        return ValueEncoder(slot: array.append(), parent: owner, key: IndexKey(index))
    }

    mutating func encodeNil() throws { next().set(.null) }
    mutating func encode(_ value: Bool) throws { next().set(.bool(value)) }
    mutating func encode(_ value: String) throws { next().set(.string(value)) }
    mutating func encode(_ value: Int) throws { next().set(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try next().encodeAny(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        next().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { next() }
}
