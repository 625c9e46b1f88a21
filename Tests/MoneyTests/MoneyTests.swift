import Foundation
import Money
import Testing

@Suite("Money: one exact type, one parser, one formatter")
struct MoneyTests {
    @Test("plain decimal text parses exactly; anything else is refused",
          arguments: [("1234.50", "1234.5"), ("-0.01", "-0.01"), ("+7", "7"), ("0.125", "0.125"),
                      ("12345678901234567890.12", "12345678901234567890.12")])
    func parses(text: String, exact: String) throws {
        let value = try #require(Money.parse(text))
        #expect(value == Decimal(string: exact, locale: Locale(identifier: "en_US_POSIX")))
    }

    @Test("blanks, exponents, separators, two points or signs, NaN and bare points are not amounts",
          arguments: ["", " 1", "1 ", "1e3", "1,000.00", "1.2.3", "--1", "1-", "NaN", ".", "1.", ".5", "$5", "١٢"])
    func refuses(text: String) {
        #expect(Money.parse(text) == nil, "'\(text)' parsed")
    }

    @Test("scale and digit limits are the caller's")
    func limits() {
        #expect(Money.parse("1.005", maxScale: 2) == nil)
        #expect(Money.parse("1.00", maxScale: 2) != nil)
        #expect(Money.parse(String(repeating: "9", count: 31), maxDigits: 30) == nil)
        #expect(Money.parse(String(repeating: "9", count: 30), maxDigits: 30) != nil)
    }

    @Test("formatting rounds half away from zero to the cent and never writes -0.00")
    func formats() throws {
        let d = { (text: String) in Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
        #expect(Money.plain(d("1234.5")) == "1234.50")
        #expect(Money.plain(d("0.005")) == "0.01")
        #expect(Money.plain(d("-0.005")) == "-0.01")
        #expect(Money.plain(d("-0.004")) == "0.00")
        #expect(Money.plain(d("2.675")) == "2.68")  // a Double would say 2.67
        #expect(Money.text(d("1.5"), scale: 6) == "1.500000")
        #expect(Money.text(d("-12.3456789"), scale: 0) == "-12")
        #expect(Money.grouped(d("-1234567.891")) == "-1,234,567.89")
        #expect(Money(d("1234.5")).currency("$") == "$1,234.50")
        #expect(Money(d("-12")).currency("$") == "-$12.00")
    }

    @Test("JSON carries money as a decimal string, and a float or text that is not an amount is refused")
    func codable() throws {
        let money = Money(Decimal(string: "-1234.5", locale: Locale(identifier: "en_US_POSIX"))!)
        let data = try JSONEncoder().encode([money])
        #expect(String(decoding: data, as: UTF8.self) == "[\"-1234.50\"]")
        #expect(try JSONDecoder().decode([Money].self, from: data) == [money])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[12.5]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[\"12,50\"]".utf8)) }
    }

    @Test("a parsed amount written back is the same text, for every cent from -10.00 to 10.00")
    func roundTrip() throws {
        for cents in -1000...1000 {
            let text = (cents < 0 ? "-" : "") + "\(abs(cents) / 100).\(String(format: "%02d", abs(cents) % 100))"
            let value = try #require(Money.parse(text))
            #expect(Money.plain(value) == (cents == 0 ? "0.00" : text))
        }
    }

    /// Foundation's own rounding and digits: what the integer fast path must agree with.
    static func reference(_ value: Decimal, scale: Int) -> String {
        var input = value, rounded = Decimal()
        NSDecimalRound(&rounded, &input, scale, .plain)
        let negative = rounded < 0
        var magnitude = negative ? -rounded : rounded
        let digits = NSDecimalString(&magnitude, Locale(identifier: "en_US_POSIX"))
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        fraction += String(repeating: "0", count: max(0, scale - fraction.count))
        let body = scale > 0 ? "\(parts[0]).\(fraction)" : String(parts[0])
        return negative ? "-" + body : body
    }

    @Test("the integer fast path writes the same digits as Foundation for 20,000 varied amounts, scales 0 to 6")
    func fastPathAgrees() throws {
        var seed: UInt64 = 0x5EED
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 11
        }
        for i in 0..<20_000 {
            let digits = Int(next() % 19) + 1
            var bound: UInt64 = 1
            for _ in 0..<min(digits, 18) { bound *= 10 }
            var text = String(next() % bound)
            let places = Int(next() % 12)
            if places > 0 {
                text = String(repeating: "0", count: max(0, places - text.count + 1)) + text
                text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
            }
            if i % 3 == 0 { text = "-" + text }
            var value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
            if i % 7 == 0 { value *= Decimal(sign: .plus, exponent: Int(next() % 6), significand: 1) }
            for scale in 0...6 {
                #expect(Money.text(value, scale: scale) == Self.reference(value, scale: scale), "\(value) at scale \(scale)")
            }
            let exact = try #require(Money.Digits(value))
            if let plain = exact.plain {
                #expect(Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX")) == value, "\(value) plain \(plain)")
            } else {
                #expect(exact.exponent > 0 && exact.integerDigits > 19, "\(value) has no plain digits")
            }
            #expect(Money.parse(Money.text(value, scale: 12)) == value, "\(value) does not read back")
        }
    }

    @Test("digits of the edges: zero, negative zero, 18 digits, tiny and huge values")
    func digitsOfEdges() throws {
        let d = { (text: String) in Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }
        #expect(Money.Digits(d("0"))?.plain == "0")
        #expect(Money.Digits(d("-0.00"))?.negative == false)
        #expect(Money.Digits(d("-1234.500"))?.plain == "-1234.5")
        #expect(Money.Digits(d("-1234.500"))?.scale == 1)
        #expect(Money.Digits(d("0.0042"))?.integerDigits == 0)
        #expect(Money.Digits(d("120"))?.integerDigits == 3)
        #expect(Money.Digits(d("999999999999999999"))?.plain == "999999999999999999")
        #expect(Money.Digits(d("1234567890123456789")) == nil)  // 19 digits: the slow path's
        #expect(Money.text(d("1234567890123456789.5"), scale: 2) == "1234567890123456789.50")
        #expect(Money.text(d("0.000000000000000000001"), scale: 2) == "0.00")
        #expect(Money.text(d("-0.000000000000000000001"), scale: 2) == "0.00")
        #expect(Money.text(d("1e20"), scale: 2) == "100000000000000000000.00")
    }
}

