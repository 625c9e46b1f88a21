import Foundation
import JSON
import Testing

@Suite struct JSONValueTests {
    @Test func parseKeepsKeyOrderAndNumberText() throws {
        let value = try JSONValue.parse(Data(#"{"b": 15000.10, "a": 1e3, "c": [true, null, "x"]}"#.utf8))
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "c"])
        #expect(value["b"] == .number("15000.10"))
        #expect(value["a"] == .number("1e3"))
        #expect(value["a"]?.decimalValue == Decimal(1000))
        #expect(value["c"] == [true, nil, "x"])
    }

    @Test func repeatedKeyReadsAsItsLastValue() throws {
        let value = try JSONValue.parse(Data(#"{"k": 1, "k": 2}"#.utf8))
        #expect(value["k"] == .number("2"))
        #expect(value.objectValue?.count == 2)
    }

    @Test func malformedJSONSaysWhere() {
        #expect(throws: JSONSyntaxError(offset: 6, reason: "unexpected end of input, expected a value")) {
            try JSONValue.parse(Data(#"{"a": "#.utf8))
        }
    }

    @Test func objectSubscriptReplacesInPlaceAppendsAndRemoves() {
        var object: JSONObject = ["a": "1", "b": "2"]
        object["a"] = "3"
        object["c"] = "4"
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["a"] == "3")
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["b"] == nil)
    }

    @Test func equalityIsOrderSensitive() {
        let ab: JSONValue = ["a": "1", "b": "2"]
        let ba: JSONValue = ["b": "2", "a": "1"]
        #expect(ab != ba)
        #expect(ab == ["a": "1", "b": "2"])
    }

    @Test func foundationDecodingIsExactAndSortsKeys() throws {
        let data = Data(#"{"z": 1234567890123456789012345.67, "a": "1234.50", "m": -0.01}"#.utf8)
        let value = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(value.objectValue?.keys == ["a", "m", "z"])
        #expect(value["z"] == .number("1234567890123456789012345.67"))
        #expect(value["m"] == .number("-0.01"))
        #expect(value["a"] == .string("1234.50"))
    }

    @Test func foundationEncodingWritesNumbersFromTheirText() throws {
        let value: JSONValue = ["amount": .number("1234567890123456789012345.67"), "text": "x", "none": nil]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(text == #"{"amount":1234567890123456789012345.67,"none":null,"text":"x"}"#)
    }

    @Test func aNumberNoDecimalHoldsIsRefusedOnEncoding() {
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(JSONValue.number("not a number")) }
    }
}

/// The direct encoder gives what `JSONEncoder` followed by parsing the text gives.
@Suite("JSONValueEncoder: straight to a JSON value, as JSONEncoder would write it")
struct JSONValueEncoderTests {
    struct Line: Codable, Equatable {
        var account: String
        var amount: Decimal
        var memo: String?
        var flags: [Bool]
    }

    struct Document: Codable, Equatable {
        var number: Int64
        var ratio: Double
        var name: String
        var lines: [Line]
        var nested: [String: [Int]]
        var blob: Data
        var missing: String?

        enum CodingKeys: String, CodingKey { case number, ratio, name, lines, nested, blob, missing }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try container.encode(ratio, forKey: .ratio)
            try container.encode("overwritten", forKey: .name)
            try container.encode(name, forKey: .name)  // the last value wins
            try container.encode(lines, forKey: .lines)
            try container.encode(nested, forKey: .nested)
            try container.encode(blob, forKey: .blob)
            try container.encodeIfPresent(missing, forKey: .missing)
        }
    }

    static let document = Document(
        number: -9_007_199_254_740_993, ratio: 0.5, name: "Acme \"Drywall\" / Paint\n\u{1}é",
        lines: [Line(account: "5100-00-01", amount: Decimal(string: "-1234.50")!, memo: nil, flags: [true, false]),
                Line(account: "2000", amount: 0, memo: "retainage", flags: [])],
        nested: ["b": [2, 3], "a": []], blob: Data([0, 1, 2, 250]), missing: nil)

    @Test("the value equals JSONEncoder's text parsed back")
    func matchesFoundation() throws {
        let direct = try JSONValueEncoder().encode(Self.document)
        let foundation = try JSONValue.parse(try JSONEncoder().encode(Self.document))
        #expect(JSONWriter.bytes(of: direct) == JSONWriter.bytes(of: foundation))
        #expect(direct["name"] == .string(Self.document.name))
        #expect(direct["missing"] == nil)
        #expect(direct["lines"]?.arrayValue?.first?["amount"] == .number("-1234.5"))
    }

    @Test("the writer's bytes parse back to the same value and decode to the same document")
    func writerRoundTrips() throws {
        let value = try JSONValueEncoder().encode(Self.document)
        let bytes = JSONWriter.bytes(of: value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""name":"Acme \"Drywall\" / Paint\n\u0001é""#))
        #expect(text.hasPrefix(#"{"blob":"AAEC+g==","lines":"#), "members are sorted by key")
        #expect(JSONWriter.bytes(of: try JSONValue.parse(Data(bytes))) == bytes)
        #expect(try JSONDecoder().decode(Document.self, from: Data(bytes)) == Self.document)
    }

    @Test("a repeated key in a parsed object is written once, with its last value")
    func repeatedKeys() throws {
        let value = try JSONValue.parse(Data(#"{"k": 1, "a": true, "k": 2}"#.utf8))
        #expect(String(decoding: JSONWriter.bytes(of: value), as: UTF8.self) == #"{"a":true,"k":2}"#)
    }

    @Test("NaN and infinity are refused, as JSONEncoder refuses them")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Decimal.nan]) }
    }
}
