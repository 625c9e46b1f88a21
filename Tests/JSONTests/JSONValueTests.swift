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
