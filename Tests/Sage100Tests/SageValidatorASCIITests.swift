import Testing
@testable import Sage100

/// The validator measures plain ASCII values on their bytes; every byte-level answer must be
/// the answer the Character-based check gives.
@Suite("Validator's ASCII fast path")
struct SageValidatorASCIITests {
    @Test("for every ASCII byte, the byte test for whitespace is Character.isWhitespace")
    func whitespace() {
        for byte in UInt8(0)..<0x80 {
            #expect(SageValidator.isASCIISpace(byte) == Character(Unicode.Scalar(byte)).isWhitespace, "byte \(byte)")
        }
    }

    @Test("a plain ASCII value's byte count is its Character count, and its lower-case bytes are what upper-casing changes",
          arguments: ["", "ABC123", "abc", "A b\tC", "line\nfeed", "tab\t", " lead", "trail ", "MiXeD-09_.", "\u{7F}"])
    func asciiValues(value: String) {
        #expect(SageValidator.plainASCII(value))
        #expect(value.utf8.count == value.count)
        #expect(value.utf8.contains { $0 >= 0x61 && $0 <= 0x7A } == (value.uppercased() != value))
    }

    @Test("carriage returns and non-ASCII values take the Character path", arguments: ["a\r\nb", "\r", "Zürich", "—", "e\u{301}"])
    func otherValues(value: String) {
        #expect(!SageValidator.plainASCII(value))
    }

    @Test("the validator's answers on ASCII values are the Character-based ones")
    func sameViolations() {
        let limit = SageFieldLimits.limits(for: .apInvoiceHeader).first { $0.field == "VendorNo" }!
        for value in ["0001000", " 0001000", "0001000 ", "abc", "00010000000000000", "A\tB"] {
            let rules = SageValidator.check(value, against: limit, record: "r").map(\.rule)
            var expected: [SageFieldRule] = []
            if let exact = limit.exactLength, value.count != exact { expected.append(.wrongLength) }
            else if let max = limit.maxLength, value.count > max { expected.append(.tooLong) }
            if limit.type != .text {
                if value.first!.isWhitespace || value.last!.isWhitespace { expected.append(.leadingOrTrailingSpaces) }
                if limit.alphanumericOnly, !value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) {
                    expected.append(.invalidCharacters)
                }
                if limit.upperCase, value.uppercased() != value { expected.append(.notUpperCase) }
            }
            #expect(rules == expected, "\(value)")
        }
    }
}

/// The validator reads plain numbers on their bytes (``SageDecimal/shape(of:)``); for every
/// text, the answer must be the one parsing it into a `Decimal` gives.
@Suite("Validator's plain number shape")
struct SageDecimalShapeTests {
    /// Every text of up to `length` characters over `alphabet`.
    static func texts(_ alphabet: [Character], upTo length: Int) -> [String] {
        var all = [""]
        var level = [""]
        for _ in 0..<length {
            level = level.flatMap { prefix in alphabet.map { prefix + String($0) } }
            all += level
        }
        return all
    }

    @Test("every text of up to 7 characters of - + . 0 1 9 x: the same digits, decimals and sign as the Decimal, or left to it")
    func sameAsDecimal() {
        var read = 0
        for text in Self.texts(["-", "+", ".", "0", "1", "9", "x"], upTo: 7) {
            let parsed = SageDecimal.parse(text)
            guard let shape = SageDecimal.shape(of: text) else {
                #expect(parsed == nil, "'\(text)' is a number the shape should read")
                continue
            }
            read += 1
            guard let parsed else {
                Issue.record("'\(text)' read as a shape but is not a number")
                continue
            }
            #expect(shape.integerDigits == SageDecimal.integerDigits(of: parsed), "'\(text)'")
            #expect(shape.scale == SageDecimal.scale(of: parsed), "'\(text)'")
            #expect(shape.negative == (parsed < 0), "'\(text)'")
        }
        #expect(read > 1_000)
    }

    @Test("long numbers are left to the Decimal", arguments: ["1234567890.123456789", "-0000000000000000001", "12345678901234567890"])
    func longNumbers(text: String) {
        #expect(SageDecimal.shape(of: text) == nil)
        #expect(SageDecimal.parse(text) != nil)
    }
}
