/// A small streaming JSON writer with a fixed key order, so the same data always yields the
/// same bytes. Money is written from integer cents, never through floating point.
struct ProcoreJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    private mutating func separator() {
        if let last = needsComma.last {
            if last { bytes.append(44) } else { needsComma[needsComma.count - 1] = true }
        }
    }

    private var valueAfterKey = false

    private mutating func writeKey(_ key: String) {
        separator()
        writeEscaped(key)
        bytes.append(58)
        valueAfterKey = true
    }

    private mutating func beginValue() {
        if valueAfterKey { valueAfterKey = false } else { separator() }
    }

    mutating func beginObject(_ key: String? = nil) {
        if let key { writeKey(key) }
        beginValue()
        bytes.append(123)
        needsComma.append(false)
    }

    mutating func endObject() { needsComma.removeLast(); bytes.append(125) }

    mutating func beginArray(_ key: String? = nil) {
        if let key { writeKey(key) }
        beginValue()
        bytes.append(91)
        needsComma.append(false)
    }

    mutating func endArray() { needsComma.removeLast(); bytes.append(93) }

    private mutating func writeEscaped(_ s: String) {
        bytes.append(34)
        for c in s.utf8 {
            switch c {
            case 34: bytes.append(92); bytes.append(34)
            case 92: bytes.append(92); bytes.append(92)
            case 10: bytes.append(92); bytes.append(110)
            case 13: bytes.append(92); bytes.append(114)
            case 9: bytes.append(92); bytes.append(116)
            case 0..<32:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, 117, 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: bytes.append(c)
            }
        }
        bytes.append(34)
    }

    // MARK: values (key nil inside arrays)

    mutating func string(_ key: String?, _ value: String?) {
        if let key { writeKey(key) }
        beginValue()
        if let value { writeEscaped(value) } else { bytes.append(contentsOf: Self.null) }
    }

    mutating func int(_ key: String?, _ value: Int64?) {
        if let key { writeKey(key) }
        beginValue()
        if let value { bytes.append(contentsOf: String(value).utf8) } else { bytes.append(contentsOf: Self.null) }
    }

    mutating func int(_ key: String?, _ value: Int) { int(key, Int64(value)) }

    mutating func bool(_ key: String?, _ value: Bool?) {
        if let key { writeKey(key) }
        beginValue()
        if let value { bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes) } else { bytes.append(contentsOf: Self.null) }
    }

    mutating func null(_ key: String?) {
        if let key { writeKey(key) }
        beginValue()
        bytes.append(contentsOf: Self.null)
    }

    /// Raw JSON text (already valid), e.g. a JSON number.
    mutating func raw(_ key: String?, _ json: String) {
        if let key { writeKey(key) }
        beginValue()
        bytes.append(contentsOf: json.utf8)
    }

    /// Money as a decimal string the way Procore writes it: `"15000.0"`, `"1234.56"`.
    mutating func money(_ key: String?, cents: Int64?) {
        string(key, cents.map(ProcoreMoney.string(cents:)))
    }

    /// Money as a JSON number with exact digits: `1234.56`.
    mutating func moneyNumber(_ key: String?, cents: Int64?) {
        if let cents { raw(key, ProcoreMoney.string(cents: cents)) } else { null(key) }
    }

    mutating func emptyArray(_ key: String) { beginArray(key); endArray() }
    mutating func emptyObject(_ key: String) { beginObject(key); endObject() }

    /// Appends an already-encoded JSON value (an element of an array being built).
    mutating func element(_ encoded: [UInt8]) {
        beginValue()
        bytes.append(contentsOf: encoded)
    }

    private static let null: [UInt8] = Array("null".utf8)
    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
}

/// Exact money text from integer cents.
enum ProcoreMoney {
    /// Ruby `BigDecimal#to_s('F')` style, as Procore's API writes it: at least one decimal
    /// digit, trailing zeros dropped: 1500000 -> "15000.0", 123450 -> "1234.5", -5 -> "-0.05".
    static func string(cents: Int64) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let units = magnitude / 100
        let fraction = magnitude % 100
        var s = negative ? "-" : ""
        s += String(units)
        s += "."
        if fraction == 0 { s += "0" }
        else if fraction % 10 == 0 { s += String(fraction / 10) }
        else { s += fraction < 10 ? "0" + String(fraction) : String(fraction) }
        return s
    }

    /// Percent from basis points: 1000 -> "10.0", 525 -> "5.25".
    static func percent(basisPoints: Int64) -> String { string(cents: basisPoints) }

    /// `amount * bp / 10000`, rounded half away from zero, in cents.
    static func apply(_ cents: Int64, basisPoints: Int64) -> Int64 {
        let product = cents * basisPoints
        let q = product / 10_000
        let r = product % 10_000
        if r.magnitude * 2 >= 10_000 { return product < 0 ? q - 1 : q + 1 }
        return q
    }
}
