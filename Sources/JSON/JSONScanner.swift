import Foundation

/// A validating JSON byte scanner. Used to split list bodies into raw elements and to
/// build ``JSONValue`` trees whose numbers keep their exact text.
package struct JSONScanner: ~Copyable {
    package let bytes: UnsafeRawBufferPointer
    package var pos: Int = 0
    /// The array element being read, named in errors (set by a caller splitting a list).
    package var element: Int? = nil
    package static let maxDepth = 512

    package init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    package var atEnd: Bool { pos >= bytes.count }

    package func fail(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? pos, element: element, reason: reason)
    }

    package mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    package func peek() -> UInt8? { pos < bytes.count ? bytes[pos] : nil }

    package mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard pos < bytes.count else { throw fail("unexpected end of input, expected \(what)") }
        guard bytes[pos] == byte else { throw fail("expected \(what), found \(describe(bytes[pos]))") }
        pos += 1
    }

    package func describe(_ b: UInt8) -> String {
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16))"
    }

    /// Scans a string starting at the opening quote. Returns the byte range of its content
    /// (between the quotes) and whether it contains escapes.
    package mutating func scanString() throws(JSONSyntaxError) -> (Range<Int>, escaped: Bool) {
        let open = pos
        try expect(0x22, "'\"'")
        let start = pos
        var escaped = false
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x22 {
                let r = start..<pos
                pos += 1
                return (r, escaped)
            } else if b == 0x5C {
                escaped = true
                pos += 1
                guard pos < bytes.count else { break }
                switch bytes[pos] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: pos += 1
                case 0x75:
                    pos += 1
                    for _ in 0..<4 {
                        guard pos < bytes.count else { throw fail("unterminated string", at: open) }
                        guard Self.hexValue(bytes[pos]) != nil else { throw fail("invalid \\u escape in string") }
                        pos += 1
                    }
                default:
                    throw fail("invalid escape \\\(describe(bytes[pos])) in string")
                }
            } else if b < 0x20 {
                throw fail("unescaped control character \(describe(b)) in string")
            } else {
                pos += 1
            }
        }
        throw fail("unterminated string", at: open)
    }

    package static func hexValue(_ b: UInt8) -> UInt16? {
        switch b {
        case 0x30...0x39: return UInt16(b - 0x30)
        case 0x41...0x46: return UInt16(b - 0x41 + 10)
        case 0x61...0x66: return UInt16(b - 0x61 + 10)
        default: return nil
        }
    }

    /// The text of a string's content range, escapes resolved.
    package func stringValue(_ range: Range<Int>, escaped: Bool) throws(JSONSyntaxError) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        if !escaped { return String(decoding: slice, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        func hex4(_ at: Int) -> UInt16 {
            var v: UInt16 = 0
            for k in 0..<4 { v = v << 4 | (Self.hexValue(bytes[at + k]) ?? 0) }
            return v
        }
        func appendScalar(_ value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            UTF8.encode(scalar) { out.append($0) }
        }
        while i < range.upperBound {
            let b = bytes[i]
            guard b == 0x5C else { out.append(b); i += 1; continue }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                let unit = hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(unit), i + 6 <= range.upperBound, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
                    let low = hex4(i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        i += 6
                        appendScalar(0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00))
                        continue
                    }
                }
                appendScalar(UInt32(unit))  // lone surrogates become U+FFFD
            default: out.append(e)  // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Scans a number per the JSON grammar; returns its byte range.
    package mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        let start = pos
        if peek() == 0x2D { pos += 1 }
        guard let first = peek(), (0x30...0x39).contains(first) else { throw fail("invalid number", at: start) }
        if first == 0x30 {
            pos += 1
            if let n = peek(), (0x30...0x39).contains(n) { throw fail("invalid number: leading zero", at: start) }
        } else {
            while let d = peek(), (0x30...0x39).contains(d) { pos += 1 }
        }
        if peek() == 0x2E {
            pos += 1
            guard let d = peek(), (0x30...0x39).contains(d) else { throw fail("invalid number: no digits after '.'", at: start) }
            while let d = peek(), (0x30...0x39).contains(d) { pos += 1 }
        }
        if let e = peek(), e == 0x65 || e == 0x45 {
            pos += 1
            if let s = peek(), s == 0x2B || s == 0x2D { pos += 1 }
            guard let d = peek(), (0x30...0x39).contains(d) else { throw fail("invalid number: no digits in exponent", at: start) }
            while let d = peek(), (0x30...0x39).contains(d) { pos += 1 }
        }
        return start..<pos
    }

    package mutating func scanLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let start = pos
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count else { throw fail("invalid literal", at: start) }
        let w = UnsafeRawBufferPointer(start: word.utf8Start, count: n)
        for k in 0..<n where bytes[pos + k] != w[k] { throw fail("invalid literal", at: start) }
        pos += n
    }

    /// Walks an object from its opening brace (at `s.pos`) through its closing one: for each
    /// member, `body` gets the scanner on the member's value (after the colon) with the name's
    /// byte range and whether it holds escapes, and must read or skip that value. The one walk
    /// of an object's structure and its errors, for every reader of objects.
    package static func members(
        of s: inout JSONScanner,
        _ body: (inout JSONScanner, _ name: Range<Int>, _ escaped: Bool) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try s.expect(0x7B, "'{'")
        s.skipWhitespace()
        if s.peek() == 0x7D { s.pos += 1; return }
        while true {
            s.skipWhitespace()
            let (name, escaped) = try s.scanString()
            s.skipWhitespace()
            try s.expect(0x3A, "':'")
            try body(&s, name, escaped)
            s.skipWhitespace()
            guard let c = s.peek() else { throw s.fail("unterminated object") }
            s.pos += 1
            if c == 0x2C { continue }
            if c == 0x7D { return }
            throw s.fail("expected ',' or '}' in object, found \(s.describe(c))", at: s.pos - 1)
        }
    }

    /// Validates and skips one value of any kind.
    package mutating func skipValue(depth: Int = 0) throws(JSONSyntaxError) {
        skipWhitespace()
        guard let b = peek() else { throw fail("unexpected end of input, expected a value") }
        switch b {
        case 0x22: _ = try scanString()
        case 0x7B:
            guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
            try Self.members(of: &self) { (s: inout JSONScanner, _, _) throws(JSONSyntaxError) in try s.skipValue(depth: depth + 1) }
        case 0x5B:
            guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
            pos += 1
            skipWhitespace()
            if peek() == 0x5D { pos += 1; return }
            while true {
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard let c = peek() else { throw fail("unterminated array") }
                pos += 1
                if c == 0x2C { continue }
                if c == 0x5D { return }
                throw fail("expected ',' or ']' in array, found \(describe(c))", at: pos - 1)
            }
        case 0x74: try scanLiteral("true")
        case 0x66: try scanLiteral("false")
        case 0x6E: try scanLiteral("null")
        case 0x2D, 0x30...0x39: _ = try scanNumber()
        default: throw fail("unexpected \(describe(b)), expected a value")
        }
    }

    /// Parses one value into a tree.
    package mutating func parseValue(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let b = peek() else { throw fail("unexpected end of input, expected a value") }
        switch b {
        case 0x22:
            let (r, esc) = try scanString()
            return .string(try stringValue(r, escaped: esc))
        case 0x7B:
            guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
            var fields: [(String, JSONValue)] = []
            try Self.members(of: &self) { (s: inout JSONScanner, name, escaped) throws(JSONSyntaxError) in
                fields.append((try s.stringValue(name, escaped: escaped), try s.parseValue(depth: depth + 1)))
            }
            return .object(JSONObject(fields))
        case 0x5B:
            guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
            pos += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if peek() == 0x5D { pos += 1; return .array(items) }
            while true {
                items.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                guard let c = peek() else { throw fail("unterminated array") }
                pos += 1
                if c == 0x2C { continue }
                if c == 0x5D { return .array(items) }
                throw fail("expected ',' or ']' in array, found \(describe(c))", at: pos - 1)
            }
        case 0x74: try scanLiteral("true"); return .bool(true)
        case 0x66: try scanLiteral("false"); return .bool(false)
        case 0x6E: try scanLiteral("null"); return .null
        case 0x2D, 0x30...0x39:
            let r = try scanNumber()
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self))
        default: throw fail("unexpected \(describe(b)), expected a value")
        }
    }
}
