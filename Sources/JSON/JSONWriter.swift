import Foundation

/// Writes JSON values as UTF-8 bytes: the one serializer, used where the connector writes a lot
/// of JSON (the agent import batches). Compact, object members sorted by key (byte order of
/// their UTF-8, so the same value always gives the same bytes), `/` not escaped, characters
/// outside ASCII written as UTF-8, control characters escaped.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The bytes of `value`.
    public static func bytes(of value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// Appends raw bytes that are already JSON (a value written earlier).
    public mutating func append(json: some Sequence<UInt8>) {
        bytes.append(contentsOf: json)
    }

    /// Appends a structural character: `{`, `}`, `[`, `]`, `:` or `,`.
    public mutating func append(_ ascii: Unicode.Scalar) {
        bytes.append(UInt8(ascii: ascii))
    }

    /// Appends an object member's name and its colon, after a comma unless it is the first.
    public mutating func member(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        write(string: name)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let b): bytes.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .string(let s): write(string: s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            let members = Self.sortedMembers(object)
            for (index, (key, value)) in members.enumerated() {
                member(key, first: index == 0)
                write(value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A string literal with JSON's escapes.
    public mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        // Nearly every value needs no escape: its bytes are copied in one go.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: string.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Members in key order; a repeated key keeps its last value (as ``JSONObject`` reads it).
    static func sortedMembers(_ object: JSONObject) -> [(String, JSONValue)] {
        var members = object.members
        if members.count > 1 {
            var isSorted = true
            for i in 1..<members.count where !members[i - 1].0.utf8.lexicographicallyPrecedes(members[i].0.utf8) {
                isSorted = false
                break
            }
            if isSorted { return members }
            var last: [String: Int] = [:]
            for (index, member) in members.enumerated() { last[member.0] = index }
            members = last.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { object.members[$0.value] }
        }
        return members
    }
}
