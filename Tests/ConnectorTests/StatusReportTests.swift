import Foundation
import Ledger
import Testing
@testable import Connector

@Suite("Status and record stories")
struct StatusReportTests {
    @Test("status counts records held back by one cause together, whatever their own labels say")
    func commonErrorsByCause() throws {
        let fixture = try ReplayFixture()
        for id in Int64(1)...3 {
            _ = try fixture.invalidRecord(id: id, errors: [
                "requisition 50300\(id)0326 (Acme Drywall, invoice \(id)-001): vendor 2700046 (Blue Ridge Roofing): VendorName is 32 characters; Sage 100 allows 30"])
        }
        _ = try fixture.invalidRecord(id: 4, errors: ["cost code 09-250 has no GL mapping"])
        let invalid = try #require(try StatusReport.build(ledger: fixture.ledger).failures.first)
        #expect(invalid.commonErrors.first?.error == "VendorName is 32 characters; Sage 100 allows 30")
        #expect(invalid.commonErrors.first?.count == 3)
        #expect(invalid.commonErrors.first?.since != nil, "the date the first of them was refused")
        #expect(invalid.commonErrors.count == 2)
    }

    @Test("status groups failed records by reason with counts, common errors and examples, and lists batches waiting for approval")
    func groupsFailures() throws {
        let fixture = try ReplayFixture()
        _ = try fixture.invalidRecord(id: 1, errors: ["cost code 09-250 has no GL mapping"])
        _ = try fixture.invalidRecord(id: 2, errors: ["cost code 09-250 has no GL mapping"])
        _ = try fixture.invalidRecord(id: 3, errors: ["vendor 55 is not mapped"])
        let rejected = try fixture.validRecord(id: 10)
        let uncertain = try fixture.validRecord(id: 11)
        let drifted = try fixture.validRecord(id: 12)
        let waiting = try fixture.validRecord(id: 13)
        let batch = try fixture.batch([rejected.id, uncertain.id, drifted.id], name: "ap-invoices")
        try fixture.post(rejected.id, batchID: batch, state: .rejected, error: "Sage 100: vendor 0000123 is on hold", outcome: "rejected")
        try fixture.ledger.beginPosting(recordIDs: [uncertain.id], batchID: batch)
        try fixture.ledger.recoverInterruptedPostings()
        try fixture.post(drifted.id, batchID: batch, state: .posted, key: "AP-12", outcome: "posted")
        try fixture.ledger.transition(recordID: drifted.id, to: .drift, error: "changed in Procore after posting")
        let pendingBatch = try fixture.batch([waiting.id], name: "purchase-orders", state: .pendingApproval)

        let report = try StatusReport.build(ledger: fixture.ledger, runs: 5, examples: 2)

        #expect(report.failures.map(\.reason) == ["invalid", "rejected", "uncertain", "drift"])
        #expect(report.failures.map(\.count) == [3, 1, 1, 1])
        let invalid = report.failures[0]
        #expect(invalid.examples.count == 2)
        #expect(invalid.commonErrors.first?.error == "cost code 09-250 has no GL mapping")
        #expect(invalid.commonErrors.first?.count == 2)
        #expect(invalid.commonErrors.count == 2)
        #expect(report.failures[1].examples.first?.error == "Sage 100: vendor 0000123 is on hold")
        #expect(report.failures[3].examples.first?.targetKey == "AP-12")
        #expect(report.pendingApproval.map(\.id) == [pendingBatch])
        #expect(report.recordsByState["batched"] == 1)
        #expect(report.recordsByState["invalid"] == 3)
        #expect(report.runs.count == 2)
        #expect(report.runs.allSatisfy { $0.kind == "transform" })
        #expect(report.needsAttention)

        let text = report.text
        #expect(text.contains("invalid: 3 record(s)"))
        #expect(text.contains("2 x cost code 09-250 has no GL mapping"))
        #expect(text.contains(pendingBatch))
        // Codable round trip keeps everything.
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(StatusReport.self, from: data) == report)
    }

    @Test("status of an empty ledger needs nobody")
    func emptyLedger() throws {
        let fixture = try ReplayFixture()
        let report = try StatusReport.build(ledger: fixture.ledger)
        #expect(report.failures.isEmpty)
        #expect(!report.needsAttention)
        #expect(report.text.contains("nothing: no invalid, rejected, uncertain or drifted records"))
    }

    @Test("the run headline shows a summary's counts exactly, without its timestamps")
    func headline() {
        let text = StatusReport.headline(#"{"run_id":"x","started_at":"2026","applied":2,"rejected":0,"control_total":"1250.10","files":[1,2,3]}"#)
        #expect(text == "applied=2 control_total=1250.10 files: 3")
    }

    @Test("a record's story shows versions, attempts in order, errors and the correction that fixed it")
    func story() throws {
        let fixture = try ReplayFixture()
        let first = try fixture.invalidRecord(id: 1280646, errors: ["cost code 09-250 (type M) has no GL mapping"])
        try fixture.drop("fix.jsonl", ReplayFixture.line(id: 1280646, total: "1300.00") + "\n")
        let replay = try fixture.replay()
        let correction = try #require(replay.corrections.first)
        // What the transform does with the corrected version: the old one is superseded, the new one posted.
        try fixture.ledger.transition(recordID: first.id, to: .superseded)
        let second = try fixture.ledger.insertRecord(NewLedgerRecord(
            resource: "requisitions", companyID: 1, projectID: 7, sourceID: 1280646, sourceUpdatedAt: "2026-11-20T10:00:00Z",
            contentSHA256: correction.contentSHA256, idempotencyKey: "ABC:ap-invoices:requisitions:1280646"))
        try fixture.ledger.settleValidation(recordID: second.id, valid: true, reasons: [], runID: nil)
        let batch1 = try fixture.batch([second.id], name: "ap-invoices")
        try fixture.post(second.id, batchID: batch1, state: .rejected, error: "Sage 100: vendor on hold", outcome: "rejected")
        try fixture.ledger.transition(recordID: second.id, to: .valid)
        let batch2 = try fixture.batch([second.id], name: "ap-invoices")
        try fixture.post(second.id, batchID: batch2, state: .posted, key: "R1280646", outcome: "posted")

        let shown = try LedgerShow.find("requisitions:1280646", ledger: fixture.ledger)
        let story = try #require(shown.record)

        #expect(story.versions.map(\.recordID) == [first.id, second.id])
        #expect(story.versions.map(\.state) == ["superseded", "posted"])
        #expect(story.currentState == "posted")
        #expect(story.targetKey == "R1280646")
        #expect(story.attempts.map(\.outcome) == ["rejected", "posted"])
        #expect(story.attempts.map(\.batchID) == [batch1, batch2])
        #expect(story.errors.map(\.text) == ["cost code 09-250 (type M) has no GL mapping", "Sage 100: vendor on hold"])
        #expect(story.corrections.count == 1)
        #expect(story.corrections.first?.fixesRecordID == first.id)
        #expect(story.corrections.first?.inboxFile == "fix.jsonl")
        #expect(story.corrections.first?.fixesErrors == first.errors)
        // Events are in time order: the correction comes before the corrected version entered the ledger.
        let actions = story.events.map(\.action)
        let correctionIndex = try #require(actions.firstIndex(of: "record.correction"))
        let secondStaged = try #require(story.events.firstIndex { $0.action == "record.staged" && $0.recordID == second.id })
        #expect(correctionIndex < secondStaged)
        #expect(story.events.map(\.at) == story.events.map(\.at).sorted())
        #expect(story.events.last?.text.contains("posting -> posted") == true)

        let text = story.text
        let attemptsAt = try #require(text.range(of: "Attempts to post"))
        let rejectedAt = try #require(text.range(of: "rejected  Sage 100: vendor on hold"))
        let postedAt = try #require(text.range(of: "posted  posted"))
        #expect(attemptsAt.lowerBound < rejectedAt.lowerBound && rejectedAt.lowerBound < postedAt.lowerBound)
        #expect(text.contains("applied  fix.jsonl line 1  fixes record \(first.id)"))

        // The same story by ledger id, idempotency key; a batch by its id.
        #expect(try LedgerShow.find(String(second.id), ledger: fixture.ledger).record == story)
        #expect(try LedgerShow.find("ABC:ap-invoices:requisitions:1280646", ledger: fixture.ledger).record == story)
        let batchStory = try #require(try LedgerShow.find(batch2, ledger: fixture.ledger).batch)
        #expect(batchStory.records.map(\.recordID) == [second.id])
        #expect(batchStory.events.first?.action == "batch.create")
        #expect(throws: LedgerShowError.self) { try LedgerShow.find("requisitions:999", ledger: fixture.ledger) }
    }
}
