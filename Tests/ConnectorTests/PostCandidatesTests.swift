import Foundation
import Ledger
import Sage100
import Testing
@testable import Connector

@Suite("Post reads only what it may send")
struct PostCandidatesTests {
    typealias F = ReconcileFixture

    @Test("a partial batch offers only its batched and uncertain records; its state counts come from SQL")
    func candidatesAndCounts() throws {
        let fixture = try F()
        let lines = F.invoiceAmounts(vendor: "0001000", job: nil, lines: [("5100-01-00", F.decimal("1.00"))])
        let (batch, records) = try fixture.batch(.apInvoices, (1...4).map { (Int64(2000 + $0), nil, lines) })
        try fixture.settle([records[0]], batchID: batch, as: .posted, sageKeys: ["00-0001000-R1"])
        try fixture.settle([records[1]], batchID: batch, as: .rejected, error: "InvoiceNo already exists")
        try fixture.settle([records[2]], batchID: batch, as: .uncertain, error: "timed out")

        let candidates = try fixture.ledger.postingCandidates(batchID: batch)
        #expect(candidates.map(\.id) == [records[2].id, records[3].id])
        #expect(candidates.map(\.state) == [.uncertain, .batched])
        let counts = try fixture.ledger.postingStateCounts(batchID: batch)
        #expect(counts == [.posted: 1, .rejected: 1, .uncertain: 1, .batched: 1])
    }
}
