import Money
import Foundation
import Ledger
import Sage100
import Testing
@testable import Connector

@Suite("Transform: ledger schema, reference data and staged line reading")
struct TransformLedgerTests {
    func newRecord(_ sourceID: Int64, version: String, key: String) -> NewLedgerRecord {
        NewLedgerRecord(resource: "requisitions", companyID: 42, projectID: 1001, sourceID: sourceID,
                        sourceUpdatedAt: version, contentSHA256: String(repeating: "b", count: 63) + String(version.suffix(1)),
                        idempotencyKey: key)
    }

    @Test("one live record per idempotency key: a second live version is refused, a superseded one is not")
    func liveKeyIsUnique() throws {
        let world = try TransformWorld()
        #expect(try world.ledger.appliedMigrations().contains("v4-live-keys-amounts"))
        let key = "ABC:ap-invoices:requisitions:7"
        let first = try world.ledger.insertRecord(newRecord(7, version: "2026-11-01T00:00:01Z", key: key))
        #expect(throws: LedgerError.duplicateIdempotencyKey(key)) {
            try world.ledger.insertRecord(newRecord(7, version: "2026-11-02T00:00:02Z", key: key))
        }
        try world.ledger.transition(recordID: first.id, to: .superseded)
        let second = try world.ledger.insertRecord(newRecord(7, version: "2026-11-02T00:00:02Z", key: key))
        #expect(try world.ledger.liveRecord(idempotencyKey: key)?.id == second.id)
        #expect(try world.ledger.integrityCheck() == ["ok"])
    }

    @Test("settleValidation keeps every reason; commitBatch is all or nothing")
    func settleAndCommit() throws {
        let world = try TransformWorld()
        let runID = try world.ledger.beginRun(kind: "transform")
        let a = try world.ledger.insertRecord(newRecord(1, version: "2026-11-01T00:00:01Z", key: "ABC:ap-invoices:requisitions:1"))
        let b = try world.ledger.insertRecord(newRecord(2, version: "2026-11-01T00:00:02Z", key: "ABC:ap-invoices:requisitions:2"))
        let invalid = try world.ledger.settleValidation(recordID: a.id, valid: false, reasons: ["first reason", "second reason"], runID: runID)
        #expect(invalid.state == .invalid)
        #expect(invalid.errors == ["first reason", "second reason"])
        try world.ledger.settleValidation(recordID: b.id, valid: true, reasons: [], runID: runID)
        // Record a is invalid: the batch is refused whole, b stays valid and no identity is recorded.
        let commit = BatchCommit(batchID: "\(runID)-ap-invoices", runID: runID, kind: "ap-invoices", company: "ABC",
                                 state: LedgerBatchState.ready, path: "/tmp/none", controlTotal: "10.00",
                                 records: [(b.id, "00V1"), (a.id, "00V2")],
                                 identities: [IdentityPair(resource: "ap-invoices", procoreID: 2, sageKey: "00V1")],
                                 amounts: [b.id: [RecordAmount(kind: "ap-invoices", vendorNo: "V", jobNo: nil, account: "5100-04-00",
                                                               amount: Decimal(string: "10.00")!)]])
        #expect(throws: LedgerError.self) { try world.ledger.commitBatch(commit) }
        #expect(try world.ledger.record(id: b.id)?.state == .valid)
        #expect(try world.ledger.sageKey(company: "ABC", resource: "ap-invoices", procoreID: 2) == nil)
        #expect(try world.ledger.postingBatch(id: commit.batchID) == nil)
        var good = commit
        good.records = [(b.id, "00V1")]
        try world.ledger.commitBatch(good)
        #expect(try world.ledger.record(id: b.id)?.state == .batched)
        #expect(try world.ledger.record(id: b.id)?.targetKey == "00V1")
        #expect(try world.ledger.recordAmounts(batchID: commit.batchID)[b.id]?.first?.amount == Decimal(string: "10"))
        #expect(try world.ledger.sageKey(company: "ABC", resource: "ap-invoices", procoreID: 2) == "00V1")
    }

    @Test("reference data round-trips through the ledger's cache; a missing part says how to get it")
    func referenceCache() throws {
        let world = try TransformWorld()
        #expect(throws: ReferenceDataError.notCached(company: "ABC", kind: "account-structure")) {
            try ReferenceData.load(from: world.ledger, company: "ABC")
        }
        let encoder = JSONEncoder()
        let structure = AgentAccountStructure(mask: "####-##-##", segments: [])
        try world.ledger.putReference(company: "ABC", kind: "account-structure",
                                      json: String(decoding: try encoder.encode(structure), as: UTF8.self), fetchedAt: "2026-11-29T00:00:00Z")
        try world.ledger.putReference(company: "ABC", kind: "gl-accounts",
                                      json: String(decoding: try encoder.encode(MappingFixtures.accounts), as: UTF8.self), fetchedAt: "2026-11-29T00:00:01Z")
        try world.ledger.putReference(company: "ABC", kind: "vendors",
                                      json: String(decoding: try encoder.encode(world.reference.vendors), as: UTF8.self), fetchedAt: "2026-11-29T00:00:02Z")
        let loaded = try ReferenceData.load(from: world.ledger, company: "ABC")
        #expect(loaded.structure.mask == "####-##-##")
        #expect(loaded.accounts == MappingFixtures.accounts)
        #expect(loaded.vendorNumbers(division: "00") == ["ACMEDRY"])
        #expect(loaded.fetchedAt == "2026-11-29T00:00:00Z")
    }

    @Test("staged lines: content hash covers record and children; malformed lines name file, line and field")
    func stagedLines() throws {
        let line = Staged.acmeSubcontract
        let parsed = try StagedRecordReader.parse(Data(line.utf8), file: "work_order_contracts.jsonl", line: 1).get()
        #expect(parsed.resource == "work_order_contracts")
        #expect(parsed.record.id == 9001)
        #expect(parsed.projectID == 1001)
        #expect(parsed.children["line_items"]?.count == 2)
        let changedChild = line.replacingOccurrences(of: "\"amount\":\"5000.00\"", with: "\"amount\":\"5000.01\"")
        let other = try StagedRecordReader.parse(Data(changedChild.utf8), file: "x.jsonl", line: 1).get()
        #expect(other.contentSHA256 != parsed.contentSHA256)
        #expect(other.record.raw == parsed.record.raw)

        let broken = #"{"resource":"requisitions","company_id":"x","record":{"id":1}}"#
        guard case .failure(let error) = StagedRecordReader.parse(Data(broken.utf8), file: "requisitions.jsonl", line: 4) else {
            Issue.record("a line with a non-integer company_id was accepted")
            return
        }
        #expect(error.field == "company_id")
        #expect(error.description.hasPrefix("requisitions.jsonl line 4: company_id"))
        let noRecord = #"{"resource":"requisitions","company_id":1,"record":{"name":"no id"}}"#
        guard case .failure(let missing) = StagedRecordReader.parse(Data(noRecord.utf8), file: "requisitions.jsonl", line: 5) else {
            Issue.record("a record without an id was accepted")
            return
        }
        #expect(missing.field == "record")
    }

    @Test("money in messages has thousands separators and exact cents")
    func moneyText() {
        #expect(Money.grouped(Decimal(string: "12340")!) == "12,340.00")
        #expect(Money.grouped(Decimal(string: "-1234567.5")!) == "-1,234,567.50")
        #expect(Money.grouped(Decimal(string: "999.999")!) == "1,000.00")
        #expect(Money.grouped(0) == "0.00")
    }
}
