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
}
