import Foundation
import JSON
import Testing
@testable import Procore

@Suite("JSON splitter")
struct JSONSplitterTests {
    private func split(_ text: String) throws -> [ProcoreRecord] {
        try ProcoreJSONSplitter.records(of: Data(text.utf8))
    }

    @Test("elements keep their exact bytes, whitespace and key order included")
    func exactBytes() throws {
        let a = #"{"id":1,"name":"A","amount":"10.50"}"#
        let b = #"{ "name" : "B" , "id" : 2 , "nested" : { "id" : 99 , "list" : [ 1 , { "id" : 3 } ] } }"#
        let records = try split("[\n  \(a),\n  \(b)\n]\n")
        #expect(records.count == 2)
        #expect(records.map(\.id) == [1, 2])
        #expect(String(decoding: records[0].raw, as: UTF8.self) == a)
        #expect(String(decoding: records[1].raw, as: UTF8.self) == b)
    }

    @Test("strings with escaped quotes, backslashes and brackets do not confuse the scanner")
    func escapes() throws {
        let a = #"{"name":"He said \"]}\" \\","id":7,"x":"[{\\\"","updated_at":"2026-01-02T03:04:05.678Z"}"#
        let b = #"{"id":8,"note":"tab\there \u00e9\ud83d\ude00 \/ end"}"#
        let records = try split("[\(a),\(b)]")
        #expect(records.map(\.id) == [7, 8])
        #expect(records[0].updatedAt == "2026-01-02T03:04:05.678Z")
        #expect(records[1].updatedAt == nil)
        #expect(records[0].raw == Data(a.utf8))
        #expect(records[1].raw == Data(b.utf8))
    }

    @Test("only the top-level id and updated_at are read, not nested ones")
    func topLevelOnly() throws {
        let text = #"[{"vendor":{"id":5,"updated_at":"nested"},"id":6,"updated_at":"2026-02-01T00:00:00Z"}]"#
        let r = try #require(try split(text).first)
        #expect(r.id == 6)
        #expect(r.updatedAt == "2026-02-01T00:00:00Z")
    }

    @Test("multi-byte UTF-8 text is kept byte for byte")
    func unicode() throws {
        let a = #"{"id":1,"name":"Müller & Söhne <Drywall> — 日本語 😀"}"#
        let records = try split("[\(a)]")
        #expect(records[0].raw == Data(a.utf8))
        let decoded = try JSONValue.parse(records[0].raw)
        #expect(decoded["name"] == .string("Müller & Söhne <Drywall> — 日本語 😀"))
    }

    @Test("ids beyond 32 bits and at the Int64 limit")
    func bigIDs() throws {
        let records = try split(#"[{"id":4294967297},{"id":9223372036854775807},{"id":"562949953421313"}]"#)
        #expect(records.map(\.id) == [4_294_967_297, Int64.max, 562_949_953_421_313])
        #expect(throws: JSONSyntaxError.self) { try split(#"[{"id":9223372036854775808}]"#) }
        #expect(throws: JSONSyntaxError.self) { try split(#"[{"id":1.5}]"#) }
    }

    @Test("empty arrays and whitespace-only padding")
    func empty() throws {
        #expect(try split("[]").isEmpty)
        #expect(try split("  [ \n ]  ").isEmpty)
    }

    @Test("a body that is a slice of larger data")
    func slicedData() throws {
        let whole = Data(#"xxxx[{"id":1},{"id":2}]"#.utf8)
        let slice = whole[4...]
        let records = try ProcoreJSONSplitter.records(of: slice)
        #expect(records.map(\.id) == [1, 2])
        #expect(records[1].raw == Data(#"{"id":2}"#.utf8))
    }

    @Test("deep nesting inside an element")
    func nesting() throws {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let records = try split(#"[{"id":1,"deep":\#(deep)}]"#)
        #expect(records.count == 1)
        let tooDeep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONSyntaxError.self) { try split(#"[{"id":1,"deep":\#(tooDeep)}]"#) }
    }

    @Test("malformed bodies are refused with the element and offset", arguments: [
        (#"{"id":1}"#, "expected a JSON array"),
        (#"[{"id":1}"#, "unterminated array"),
        (#"[{"id":1,"name":"abc}]"#, "unterminated string"),
        (#"[{"id":1,}]"#, "expected '\"'"),
        (#"[{"id":1} {"id":2}]"#, "expected ','"),
        (#"[{"id":1},]"#, "expected a value"),
        (#"[{"id":01}]"#, "leading zero"),
        (#"[{"id":1,"x":tru}]"#, "invalid literal"),
        (#"[{"id":1,"x":"\q"}]"#, "invalid escape"),
        (#"[{"id":1,"x":"\u12G4"}]"#, "invalid \\u escape"),
        ("[{\"id\":1,\"x\":\"a\u{01}b\"}]", "control character"),
        (#"[{"id":1}] trailing"#, "after the JSON array"),
        (#"[{"name":"no id"}]"#, "no integer 'id'"),
        (#"[1,2]"#, "no integer 'id'"),
        ("", "empty body"),
    ])
    func malformed(body: String, reason: String) {
        do {
            _ = try split(body)
            Issue.record("accepted malformed body \(body)")
        } catch let error as JSONSyntaxError {
            #expect(error.description.contains(reason), "\(error.description) should mention \(reason)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a malformed second element names element 1")
    func elementIndex() {
        do {
            _ = try split(#"[{"id":1},{"id":2,"x":[1,2}]"#)
            Issue.record("accepted malformed body")
        } catch let error as JSONSyntaxError {
            #expect(error.element == 1)
            #expect(error.offset == 26)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a single show-endpoint object")
    func singleObject() throws {
        let body = Data(#" {"id":42,"updated_at":"2026-03-01T00:00:00Z","items":[{"id":1}]} "#.utf8)
        let r = try ProcoreJSONSplitter.record(ofObject: body)
        #expect(r.id == 42)
        #expect(r.updatedAt == "2026-03-01T00:00:00Z")
        #expect(throws: JSONSyntaxError.self) { try ProcoreJSONSplitter.record(ofObject: Data("[1]".utf8)) }
    }
}
