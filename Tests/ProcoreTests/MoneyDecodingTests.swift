import Foundation
import Testing
@testable import Procore

@Suite("Exact money decoding")
struct MoneyDecodingTests {
    struct Line: Decodable {
        var id: Int64
        var amount: Decimal?
        var retainagePercent: Decimal?
    }

    private func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test("decimal strings and JSON numbers parse to the same exact value", arguments: [
        ("15000.0", "15000"),
        ("0.1", "0.1"),
        ("-1234.56", "-1234.56"),
        ("1e3", "1000"),
        ("2.5E-2", "0.025"),
        ("+7", "7"),
        (".5", "0.5"),
        ("0", "0"),
        ("-0.00", "0"),
        ("12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"),
        ("0.000000000000000000000000000000000001", "0.000000000000000000000000000000000001"),
    ])
    func parses(text: String, expected: String) throws {
        let value = try ProcoreDecimal.parse(text)
        #expect(value == decimal(expected))
        #expect(value.description == decimal(expected).description)
    }

    @Test("0.1 + 0.2 is exactly 0.3 (no binary floating point on the way)")
    func noDouble() throws {
        let sum = try ProcoreDecimal.parse("0.1") + ProcoreDecimal.parse("0.2")
        #expect(sum == decimal("0.3"))
        // A value Double cannot hold: 2^53 + 1.
        #expect(try ProcoreDecimal.parse("9007199254740993").description == "9007199254740993")
        #expect(try ProcoreDecimal.parse("1234567.89").description == "1234567.89")
    }

    @Test("the allocation-free reading of plain amounts gives exactly what the full reading gives")
    func plainAgreesWithFull() throws {
        // Every text of up to five characters over digits, point, signs, space and exponent,
        // then the same around long runs of digits (the 18-digit edge).
        let alphabet: [String] = ["0", "7", ".", "-", "+", " ", "e"]
        var texts: [String] = [""]
        var frontier: [String] = [""]
        for _ in 1...5 {
            frontier = frontier.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += frontier
        }
        for digits in ["12345678901234567", "123456789012345678", "1234567890123456789", "100000000000000000000"] {
            texts += frontier.prefix(400).map { digits + $0 } + frontier.prefix(400).map { $0 + digits }
        }
        var checked = 0
        for text in texts {
            let full = try? ProcoreDecimal.full(text)
            if let plain = ProcoreDecimal.plain(text) {
                checked += 1
                #expect(full == plain, "\(text): plain \(plain), full \(String(describing: full))")
                #expect(full?.description == plain.description, "\(text)")
                #expect(full?.exponent == plain.exponent, "\(text)")
            }
            #expect((try? ProcoreDecimal.parse(text)) == full, "\(text)")
        }
        #expect(checked > 300, "too few plain amounts generated: \(checked)")
        for text in ["1234567.89", "-0.10", "+5", "007.50", "0", "-0", "0.000", "123456789012345678", "1234567890123456789", "5.", ".5"] {
            #expect(try ProcoreDecimal.parse(text) == ProcoreDecimal.full(text), "\(text)")
        }
    }

    @Test("garbage is refused with the reason", arguments: [
        ("", "empty"), ("abc", "no digits"), ("1,000.00", "unexpected character ','"), ("$12", "no digits"),
        ("12.3.4", "two decimal points"), ("NaN", "no digits"), ("1e", "exponent has no digits"),
        ("12abc", "unexpected character 'a'"), ("1e5x", "in the exponent"), ("-", "no digits"),
        ("123456789012345678901234567890123456789", "significant digits"), ("1e300", "out of range"),
    ])
    func refuses(text: String, reason: String) {
        do {
            let v = try ProcoreDecimal.parse(text)
            Issue.record("accepted \(text) as \(v)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
        }
    }

    @Test("models read money from numbers and strings exactly")
    func modelDecoding() throws {
        let json = #"[{"id":1,"amount":1234.56,"retainage_percent":"10.0"},{"id":2,"amount":"0.10"},{"id":3,"amount":null,"retainage_percent":-5e-1}]"#
        let records = try ProcoreJSONSplitter.records(of: Data(json.utf8))
        let lines = try records.map { try $0.decode(Line.self, resource: "line_items") }
        #expect(lines[0].amount == decimal("1234.56"))
        #expect(lines[0].retainagePercent == decimal("10"))
        #expect(lines[1].amount == decimal("0.1"))
        #expect(lines[2].amount == nil)
        #expect(lines[2].retainagePercent == decimal("-0.5"))
        let total = lines.compactMap(\.amount).reduce(Decimal(0), +)
        #expect(total == decimal("1234.66"))
    }

    @Test("a bad amount names the resource, record and field")
    func badFieldNamed() throws {
        let records = try ProcoreJSONSplitter.records(of: Data(#"[{"id":77,"amount":"12,50"}]"#.utf8))
        do {
            _ = try records[0].decode(Line.self, resource: "line_items")
            Issue.record("accepted 12,50")
        } catch {
            guard case .invalidRecord(let resource, let id, let field, let reason) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(resource == "line_items")
            #expect(id == 77)
            #expect(field == "amount")
            #expect(reason.contains("12,50"))
            #expect(error.description.contains("line_items record 77, field 'amount'"))
        }
    }

    @Test("wrong JSON types name the nested field path")
    func nestedPath() throws {
        let body = Data(#"{"id":5,"number":1,"summary":{"current_payment_due":true},"items":[]}"#.utf8)
        let record = try ProcoreJSONSplitter.record(ofObject: body)
        do {
            _ = try record.decode(Requisition.self, resource: "requisitions")
            Issue.record("accepted a boolean amount")
        } catch {
            guard case .invalidRecord(_, _, let field, let reason) = error else { Issue.record("\(error)"); return }
            #expect(field == "summary.current_payment_due")
            #expect(reason.contains("found a boolean"))
        }
        let items = Data(#"{"id":5,"items":[{"id":1},{"id":2,"net_amount":"x"}]}"#.utf8)
        do {
            _ = try ProcoreJSONSplitter.record(ofObject: items).decode(Requisition.self, resource: "requisitions")
            Issue.record("accepted x")
        } catch let error as ProcoreError {
            guard case .invalidRecord(_, _, let field, _) = error else { Issue.record("\(error)"); return }
            #expect(field == "items[1].net_amount")
        }
    }

    @Test("a missing required id is reported as missing")
    func missingID() throws {
        do {
            _ = try ProcoreJSONDecoder().decode(Line.self, from: Data(#"{"amount":"1"}"#.utf8))
            Issue.record("accepted a record without id")
        } catch {
            #expect(error.path == "id")
            #expect(error.reason.contains("missing"))
        }
    }

    @Test("dates and timestamps")
    func dates() throws {
        struct Dated: Decodable { var day: ProcoreDay?; var at: Date?; var bare: Date? }
        let d = try ProcoreJSONDecoder().decode(Dated.self, from: Data(#"{"day":"2026-02-28","at":"2026-01-02T03:04:05.250Z","bare":"2026-01-02"}"#.utf8))
        #expect(d.day == ProcoreDay(year: 2026, month: 2, day: 28))
        #expect(d.at == Date(timeIntervalSince1970: 1_767_323_045.25))
        #expect(d.bare == Date(timeIntervalSince1970: 1_767_312_000))
        #expect(ProcoreTimestamp.parse("2026-01-02T05:04:05+02:00") == Date(timeIntervalSince1970: 1_767_323_045))
        #expect(ProcoreDay(iso: "2026-02-30") == nil)
        #expect(ProcoreDay(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(throws: ProcoreDecodingError.self) {
            try ProcoreJSONDecoder().decode(Dated.self, from: Data(#"{"day":"31/12/2026"}"#.utf8))
        }
    }
}
