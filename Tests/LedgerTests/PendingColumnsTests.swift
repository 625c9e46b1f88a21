import Foundation
import Testing
@testable import Ledger

/// A pull's pending versions keep their line items and payment fact as JSON text written
/// without Codable; the text must be what the Codable forms write and read, both ways.
@Suite("Pending version columns")
struct PendingColumnsTests {
    static let items: [[SourceLineItem]] = [
        [],
        [SourceLineItem(id: 1, costCode: "09-250", costTypeID: 3, costTypeCode: "L")],
        [SourceLineItem(id: 9_007_199_254_740_993, costCode: nil, costTypeID: nil, costTypeCode: nil),
         SourceLineItem(id: -4, costCode: "Ünïcode \"quoted\" \\ / \n tab\t", costTypeID: 0, costTypeCode: nil)],
    ]
    static let facts: [SourcePaymentFact] = [
        SourcePaymentFact(kind: .commitment, commitmentID: 5, active: true),
        SourcePaymentFact(kind: .requisition, commitmentID: nil, requisitionID: nil, active: false, cents: -120_050),
        SourcePaymentFact(kind: .payment, commitmentID: 7, requisitionID: 8, active: true, cents: 9_223_372_036_854_775_807),
    ]

    @Test("line items: written text reads back, and Codable reads it and is read by it")
    func lineItems() throws {
        for list in Self.items {
            let text = PendingColumns.text(list)
            #expect(try PendingColumns.lineItems(text) == list)
            #expect(try JSONDecoder().decode([SourceLineItem].self, from: Data(text.utf8)) == list)
            let codable = String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
            #expect(try PendingColumns.lineItems(codable) == list)
        }
    }

    @Test("payment facts: written text reads back, and Codable reads it and is read by it")
    func facts() throws {
        for fact in Self.facts {
            let text = PendingColumns.text(fact)
            #expect(try PendingColumns.fact(text) == fact)
            #expect(try JSONDecoder().decode(SourcePaymentFact.self, from: Data(text.utf8)) == fact)
            let codable = String(decoding: try JSONEncoder().encode(fact), as: UTF8.self)
            #expect(try PendingColumns.fact(codable) == fact)
        }
    }

    @Test("a damaged column is refused naming the table and column", arguments: [
        ("line_items", "{"), ("line_items", #"[{"costCode":"A"}]"#), ("line_items", #"[{"id":1,"costTypeID":"x"}]"#),
        ("payment_fact", #"{"kind":"loan","active":true,"cents":1}"#), ("payment_fact", #"{"kind":"payment","active":1,"cents":1}"#),
        ("payment_fact", "[]"),
    ])
    func damaged(column: String, text: String) {
        do {
            if column == "line_items" { _ = try PendingColumns.lineItems(text) } else { _ = try PendingColumns.fact(text) }
            Issue.record("accepted \(text)")
        } catch let error as LedgerError {
            #expect(error == .corruptValue(table: "pending_versions", column: column, value: text))
        } catch {
            Issue.record("\(error)")
        }
    }
}
