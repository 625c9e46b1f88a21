import Foundation
import Testing
@testable import Ledger

@Suite("Ledger batches: one transaction for many writes")
struct LedgerBatchTests {
    func newRecord(_ id: Int64) -> NewLedgerRecord {
        NewLedgerRecord(resource: "requisitions", companyID: 1, projectID: 7, sourceID: id,
                        sourceUpdatedAt: "2026-11-29T00:40:00.000Z", contentSHA256: String(format: "%064llx", id))
    }

    @Test("writes inside a batch are read back inside it, and all stay once it returns", arguments: LedgerEngine.available)
    func writesCommitTogether(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let ids = try temp.ledger.inBatch {
            try (Int64(1)...5).map { id -> Int64 in
                let record = try temp.ledger.insertRecord(newRecord(id))
                // A read inside the batch sees the batch's own writes.
                #expect(try temp.ledger.record(id: record.id)?.sourceID == id)
                return try temp.ledger.settleValidation(recordID: record.id, valid: id != 3, reasons: id == 3 ? ["no cost code"] : [],
                                                        runID: nil).id
            }
        }
        let reopened = try temp.reopen()
        let states: [RecordState] = try ids.compactMap { try reopened.record(id: $0)?.state }
        #expect(states == [.valid, .valid, .invalid, .valid, .valid])
    }

    @Test("a batch that throws leaves none of its writes; a failed write inside it is undone alone when caught", arguments: LedgerEngine.available)
    func throwingBatchRollsBack(engine: LedgerEngine) throws {
        struct Stop: Error {}
        let temp = try TemporaryLedger(engine)
        let kept = try temp.ledger.insertRecord(newRecord(1))
        #expect(throws: Stop.self) {
            try temp.ledger.inBatch {
                _ = try temp.ledger.insertRecord(newRecord(2))
                try temp.ledger.transition(recordID: kept.id, to: .invalid)
                throw Stop()
            }
        }
        #expect(try temp.ledger.records(resource: "requisitions", sourceID: 2).isEmpty)
        #expect(try temp.ledger.record(id: kept.id)?.state == .staged)

        // An illegal move inside a batch throws and undoes only itself when the caller goes on.
        try temp.ledger.inBatch {
            _ = try temp.ledger.insertRecord(newRecord(3))
            #expect(throws: LedgerError.self) { try temp.ledger.transition(recordID: kept.id, to: .posted) }
            try temp.ledger.transition(recordID: kept.id, to: .valid)
        }
        #expect(try temp.ledger.records(resource: "requisitions", sourceID: 3).count == 1)
        #expect(try temp.ledger.record(id: kept.id)?.state == .valid)

        // A write that fails after changing rows (the batch row is in, then a record is
        // missing) leaves none of its rows when the caller goes on.
        let runID = try temp.ledger.beginRun(kind: "transform")
        try temp.ledger.inBatch {
            #expect(throws: LedgerError.self) {
                try temp.ledger.commitBatch(BatchCommit(
                    batchID: "\(runID)-ap-invoices", runID: runID, kind: "ap-invoices", company: "ABC", state: .ready,
                    path: "/nowhere", controlTotal: "0.00", records: [(id: 999_999, targetKey: nil)], identities: [],
                    amounts: [:]))
            }
            _ = try temp.ledger.insertRecord(newRecord(4))
        }
        #expect(try temp.ledger.postingBatches(in: Set(LedgerBatchState.allCases)).isEmpty)
        #expect(try temp.ledger.records(resource: "requisitions", sourceID: 4).count == 1)
    }

    @Test("a batch inside a batch joins it", arguments: LedgerEngine.available)
    func nested(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        try temp.ledger.inBatch {
            _ = try temp.ledger.insertRecord(newRecord(1))
            try temp.ledger.inBatch { _ = try temp.ledger.insertRecord(newRecord(2)) }
        }
        #expect(try temp.ledger.records(resource: "requisitions", sourceID: 2).count == 1)
    }
}
