import Foundation
import JSON
import Testing
@testable import Sage100

/// Read-back pages go through the JSON scanner instead of Codable; both must read the same
/// page the same way, and a malformed page must be refused naming the item and the field.
@Suite("Agent read-back pages through the scanner")
struct AgentReadBackScanTests {
    static func document(_ n: Int) -> AgentPostedDocument {
        AgentPostedDocument(
            sageKey: "01-V\(n)-INV-\(n)", kind: "ap-invoices", batchID: n.isMultiple(of: 2) ? "B1" : nil,
            idempotencyKey: n.isMultiple(of: 3) ? nil : "k\(n)", postedAt: "2026-12-07T10:00:0\(n % 10)Z",
            amount: "\(n * 1000).5\(n % 10)",
            record: ["VendorNo": .string("V\(n)"), "InvoiceNo": .string("INV-\(n) «ü» \"q\""),
                     "lines": [["AccountKey": "000005000", "DistributionAmt": .string("10.0\(n % 10)"), "Qty": .number("1e3")],
                               ["AccountKey": .null, "DistributionAmt": .number("-2.50"), "JobNo": .string("J-\(n)")]]])
    }

    @Test("the scanner reads a page exactly as Codable does: every field, nulls, nested lines, the cursor")
    func sameAsCodable() throws {
        for cursor in [nil, "c2"] as [String?] {
            let page = AgentPage(items: (1...12).map(Self.document), nextCursor: cursor)
            let body = try AgentWire.makeEncoder().encode(page)
            let scanned = try AgentPage<AgentPostedDocument>.scanned(body)
            let decoded = try AgentWire.makeDecoder().decode(AgentPage<AgentPostedDocument>.self, from: body)
            #expect(scanned == decoded)
            #expect(scanned.items.count == 12)
            #expect(scanned.nextCursor == cursor)
        }
    }

    @Test("a malformed page is refused, naming the item and the field")
    func malformed() {
        let cases: [(String, String)] = [
            (#"[1]"#, "the body is an array, expected an object"),
            (#"{"next_cursor": null}"#, "missing field 'items'"),
            (#"{"items": {}}"#, "field items is an object, expected an array"),
            (#"{"items": [], "next_cursor": 3}"#, "field next_cursor is a number, expected text or null"),
            (#"{"items": [{"sage_key": "K", "kind": "ap-invoices", "posted_at": "t", "amount": 1.5, "record": {}}]}"#,
             "items[0]: field amount is a number, expected text"),
            (#"{"items": [{"kind": "ap-invoices", "posted_at": "t", "amount": "1.50", "record": {}}]}"#,
             "items[0]: missing field 'sage_key'"),
            (#"{"items": [{"sage_key": "K", "kind": "k", "posted_at": "t", "amount": "1.50", "record": {}}, {"sage_key": "K2", "kind": "k", "posted_at": "t", "amount": "1.50"}]}"#,
             "items[1]: missing field 'record'"),
            (#"{"items": [{"sage_key": "K", "kind": "k", "posted_at": "t", "amount": "1", "record": {}, "batch_id": 7}]}"#,
             "items[0]: field batch_id is a number, expected text or null"),
            (#"{"items": [}"#, "the body is not JSON"),
        ]
        for (body, expected) in cases {
            do {
                _ = try AgentPage<AgentPostedDocument>.scanned(Data(body.utf8))
                Issue.record("accepted: \(body)")
            } catch {
                #expect(error.description.hasPrefix(expected), "\(body) -> \(error.description)")
            }
        }
    }
}
