import Foundation
import JSON

/// Splits a JSON array body into its elements' exact bytes, reading `id` and `updated_at`
/// from each element without decoding it.
///
/// The whole body is validated (strings and escapes, nesting, numbers, literals); anything
/// malformed throws ``JSONSyntaxError`` with the byte offset and element index.
public enum ProcoreJSONSplitter {
    /// One element of the array: its byte range in the body and the fields read off it.
    public struct Element: Sendable, Equatable {
        /// Byte offsets of the element within the body (relative to its first byte).
        public var range: Range<Int>
        /// The top-level `id` (a JSON integer, or a string of digits), if present.
        public var id: Int64?
        /// The top-level `updated_at` string, if present and not null.
        public var updatedAt: String?
    }

    /// The elements of the top-level array in `body`.
    public static func elements(of body: Data) throws(JSONSyntaxError) -> [Element] {
        do {
            return try body.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [Element] in
                try scan(buffer)
            }
        } catch let e as JSONSyntaxError {
            throw e
        } catch {
            throw JSONSyntaxError(offset: 0, reason: "\(error)")
        }
    }

    /// The records of a list body: every element must be an object with an integer `id`.
    /// Each record's `raw` is a slice of `body` (it shares the body's storage).
    public static func records(of body: Data) throws(JSONSyntaxError) -> [ProcoreRecord] {
        let elements = try elements(of: body)
        var records: [ProcoreRecord] = []
        records.reserveCapacity(elements.count)
        let base = body.startIndex
        for (index, element) in elements.enumerated() {
            guard let id = element.id else {
                throw JSONSyntaxError(offset: element.range.lowerBound, element: index,
                                       reason: "element has no integer 'id' field")
            }
            // A slice, not a copy: the page is held once, in the one buffer it arrived in
            // (a copy per record would scatter a page over the allocator's arenas).
            let raw = body[(base + element.range.lowerBound)..<(base + element.range.upperBound)]
            records.append(ProcoreRecord(id: id, updatedAt: element.updatedAt, raw: raw))
        }
        return records
    }

    private static func scan(_ buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [Element] {
        var s = JSONScanner(buffer)
        s.skipWhitespace()
        if s.pos < buffer.count, buffer[s.pos] == 0xEF, s.pos + 2 < buffer.count, buffer[s.pos + 1] == 0xBB, buffer[s.pos + 2] == 0xBF {
            s.pos += 3  // UTF-8 byte order mark
            s.skipWhitespace()
        }
        guard let first = s.peek() else { throw s.fail("empty body, expected a JSON array") }
        guard first == 0x5B else {
            throw s.fail("expected a JSON array '[', found \(s.describe(first))")
        }
        s.pos += 1
        var out: [Element] = []
        s.skipWhitespace()
        if s.peek() == 0x5D {
            s.pos += 1
        } else {
            while true {
                s.element = out.count
                s.skipWhitespace()
                let start = s.pos
                var id: Int64?
                var updatedAt: String?
                if s.peek() == 0x7B {
                    try scanTopObject(&s, id: &id, updatedAt: &updatedAt)
                } else {
                    try s.skipValue(depth: 1)
                }
                out.append(Element(range: start..<s.pos, id: id, updatedAt: updatedAt))
                s.skipWhitespace()
                guard let c = s.peek() else { throw s.fail("unterminated array: missing ']'") }
                s.pos += 1
                if c == 0x2C { continue }
                if c == 0x5D { break }
                throw s.fail("expected ',' or ']' between array elements, found \(s.describe(c))", at: s.pos - 1)
            }
        }
        s.element = nil
        s.skipWhitespace()
        guard s.atEnd else { throw s.fail("unexpected data after the JSON array") }
        return out
    }

    /// Scans an element object, capturing its top-level `id` and `updated_at`.
    private static func scanTopObject(_ s: inout JSONScanner, id: inout Int64?, updatedAt: inout String?) throws(JSONSyntaxError) {
        try JSONScanner.members(of: &s) { (s: inout JSONScanner, keyRange, keyEscaped) throws(JSONSyntaxError) in
            let key = keyField(s, keyRange, keyEscaped)
            s.skipWhitespace()
            switch key {
            case .id:
                let valueStart = s.pos
                if s.peek() == 0x22 {
                    let (r, esc) = try s.scanString()
                    let text = try s.stringValue(r, escaped: esc)
                    guard let v = Int64(text) else {
                        throw s.fail("'id' is \"\(text.prefix(40))\", not an integer", at: valueStart)
                    }
                    id = v
                } else if s.peek() == 0x6E {
                    try s.scanLiteral("null")
                } else {
                    let r = try s.scanNumber()
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: s.bytes[r]), as: UTF8.self)
                    guard let v = Int64(text) else {
                        throw s.fail("'id' is \(text.prefix(40)), not a 64-bit integer", at: valueStart)
                    }
                    id = v
                }
            case .updatedAt:
                if s.peek() == 0x22 {
                    let (r, esc) = try s.scanString()
                    updatedAt = try s.stringValue(r, escaped: esc)
                } else {
                    try s.skipValue(depth: 1)
                }
            case .other:
                try s.skipValue(depth: 1)
            }
        }
    }

    private enum Key { case id, updatedAt, other }

    private static func keyField(_ s: borrowing JSONScanner, _ r: Range<Int>, _ escaped: Bool) -> Key {
        if escaped {
            switch (try? s.stringValue(r, escaped: true)) ?? "" {
            case "id": return .id
            case "updated_at": return .updatedAt
            default: return .other
            }
        }
        if r.count == 2, s.bytes[r.lowerBound] == 0x69, s.bytes[r.lowerBound + 1] == 0x64 { return .id }
        if r.count == 10 {
            let word: StaticString = "updated_at"
            let w = UnsafeRawBufferPointer(start: word.utf8Start, count: 10)
            for k in 0..<10 where s.bytes[r.lowerBound + k] != w[k] { return .other }
            return .updatedAt
        }
        return .other
    }
}

extension ProcoreJSONSplitter {
    /// A single-object body (a show endpoint) as a record: it must have an integer `id`.
    public static func record(ofObject body: Data) throws(JSONSyntaxError) -> ProcoreRecord {
        // Reuse the array scanner on a one-element view of the object.
        var wrapped = Data("[".utf8)
        wrapped.append(body)
        wrapped.append(contentsOf: Array("]".utf8))
        let elements = try elements(of: wrapped)
        guard elements.count == 1, let element = elements.first else {
            throw JSONSyntaxError(offset: 0, reason: "expected one JSON object")
        }
        guard wrapped[wrapped.startIndex + element.range.lowerBound] == UInt8(ascii: "{") else {
            throw JSONSyntaxError(offset: 0, reason: "expected a JSON object")
        }
        guard let id = element.id else { throw JSONSyntaxError(offset: 0, reason: "the object has no integer 'id' field") }
        return ProcoreRecord(id: id, updatedAt: element.updatedAt, raw: body)
    }
}
