import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// The approval gate: pending batches are not posted until a person approves them; a rejected
/// batch's records go back to `valid` with the reason; approval files in `inbox/`.
@Suite("Approval gate", .serialized)
struct ApprovalTests {
    @Test("a pending batch is not posted until approved")
    func pendingWaitsForApproval() async throws {
        let h = try await PostHarness()
        defer { Task { await h.shutdown() } }
        let (batchID, ids) = try h.makeBatch(.apInvoices, [try PostHarness.invoice(8001), try PostHarness.invoice(8002)],
                                             approval: "pending_approval")
        let approvals = Approvals(ledger: h.ledger)
        #expect(try approvals.pending().map(\.id) == [batchID])

        let before = try await h.poster().run()
        #expect(before.batches.isEmpty)
        #expect(try h.postedKeys().isEmpty)
        #expect(try h.records(ids).allSatisfy { $0.state == .batched })

        let approved = try approvals.approve(batch: batchID, by: "Dana Ortiz", note: "checked against pay apps")
        #expect(approved.state == .ready)
        let trail = try h.ledger.audit(subject: "batch:\(batchID)")
        let entry = try #require(trail.first { $0.action == "batch.approved" })
        #expect(entry.actor == "Dana Ortiz")
        #expect(entry.detailJSON?.contains("checked against pay apps") == true)
        #expect(throws: ApprovalError.self) { try approvals.approve(batch: batchID, by: "Dana Ortiz") }

        let after = try await h.poster().run()
        #expect(after.kinds.first?.posted == 2)
        #expect(try h.postedKeys().count == 2)
        #expect(try h.records(ids).allSatisfy { $0.state == .posted })
        #expect(throws: ApprovalError.self) { try approvals.reject(batch: batchID, reason: "too late", by: "Dana Ortiz") }
    }

    @Test("a rejected batch's records go back to valid, with the reason in their errors and the audit trail")
    func rejectReturnsRecordsToValid() throws {
        let ledger = try Self.ledger()
        defer { try? FileManager.default.removeItem(atPath: (ledger.path as NSString).deletingLastPathComponent) }
        let (batchID, ids) = try Self.batch(ledger, state: .pendingApproval)
        let approvals = Approvals(ledger: ledger)

        #expect(throws: ApprovalError.self) { try approvals.reject(batch: batchID, reason: "  \n ", by: "Lee Park") }
        #expect(throws: ApprovalError.self) { try approvals.reject(batch: batchID, reason: "wrong period", by: "") }
        let moved = try approvals.reject(batch: batchID, reason: "Retainage is 5% on this job, not 10%", by: "Lee Park")
        #expect(moved.map(\.id) == ids)
        for id in ids {
            let record = try #require(try ledger.record(id: id))
            #expect(record.state == .valid)
            #expect(record.errors.last?.contains("Retainage is 5% on this job, not 10%") == true)
            #expect(record.errors.last?.contains("Lee Park") == true)
            let trail = try ledger.audit(subject: "record:\(id)")
            #expect(trail.last?.actor == "Lee Park")
            #expect(trail.last?.detailJSON?.contains("Retainage is 5% on this job") == true)
        }
        #expect(try ledger.postingBatch(id: batchID)?.state == .rejected)
        #expect(try ledger.audit(subject: "batch:\(batchID)").contains {
            $0.action == "batch.rejected" && $0.detailJSON?.contains("not 10%") == true
        })
        // Neither approvable nor rejectable again, and the records can be batched again.
        #expect(throws: ApprovalError.self) { try approvals.approve(batch: batchID, by: "Lee Park") }
        #expect(throws: ApprovalError.self) { try approvals.reject(batch: batchID, reason: "again", by: "Lee Park") }
        #expect(try ledger.record(id: ids[0])?.state.canMove(to: .batched) == true)
    }

    @Test("approving a run approves each of its waiting batches and no other run's; a run with none waiting is an error")
    func approveWholeRun() throws {
        let ledger = try Self.ledger()
        defer { try? FileManager.default.removeItem(atPath: (ledger.path as NSString).deletingLastPathComponent) }
        let (first, _) = try Self.batch(ledger, state: .pendingApproval, firstSource: 1)
        let runID = try #require(try ledger.postingBatch(id: first)?.runID)
        // A second batch of the same run (a kind split by batch_size), and another run's batch.
        var ids: [Int64] = []
        for source in Int64(11)...12 {
            let record = try ledger.insertRecord(NewLedgerRecord(
                resource: "requisitions", companyID: 1, projectID: 10, sourceID: source, sourceUpdatedAt: "2026-11-20T10:00:00Z",
                contentSHA256: String(repeating: "c", count: 48) + String(format: "%016x", source), runID: runID,
                idempotencyKey: "ABC:ap-invoices:requisitions:\(source)"))
            try ledger.settleValidation(recordID: record.id, valid: true, reasons: [], runID: runID)
            ids.append(record.id)
        }
        let second = "\(runID)-ap-invoices-2"
        try ledger.commitBatch(BatchCommit(batchID: second, runID: runID, kind: "ap-invoices", company: "ABC", state: .pendingApproval,
                                           path: "/nonexistent/\(second)", controlTotal: "0.00", records: ids.map { ($0, nil) },
                                           identities: [], amounts: [:]))
        let (other, _) = try Self.batch(ledger, state: .pendingApproval, firstSource: 21)

        let approvals = Approvals(ledger: ledger)
        let approved = try approvals.approve(run: runID, by: "Dana Ortiz")
        #expect(Set(approved.map(\.id)) == [first, second])
        #expect(approved.allSatisfy { $0.state == .ready })
        #expect(try approvals.pending().map(\.id) == [other])
        #expect(throws: ApprovalError.noPendingBatches(runID: runID)) { try approvals.approve(run: runID, by: "Dana Ortiz") }
    }

    @Test("inbox approve/reject files act on their batches and move to processed/")
    func inboxFiles() throws {
        let ledger = try Self.ledger()
        let root = (ledger.path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inbox = root + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let (approveID, _) = try Self.batch(ledger, state: .pendingApproval, firstSource: 100)
        let (rejectID, rejectRecords) = try Self.batch(ledger, state: .pendingApproval, firstSource: 200)
        try Data().write(to: URL(fileURLWithPath: inbox + "/approve-\(approveID)"))
        try Data("Vendor on hold until lien waiver arrives\n".utf8).write(to: URL(fileURLWithPath: inbox + "/reject-\(rejectID).txt"))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: inbox + "/correction.jsonl"))

        let summary = try Approvals(ledger: ledger).processInbox(dir: inbox)
        #expect(summary.approved == [approveID])
        #expect(summary.rejected == [rejectID])
        #expect(summary.refused.isEmpty)
        #expect(try ledger.postingBatch(id: approveID)?.state == .ready)
        #expect(try ledger.postingBatch(id: rejectID)?.state == .rejected)
        #expect(try ledger.record(id: rejectRecords[0])?.errors.last?.contains("Vendor on hold until lien waiver arrives") == true)
        let processed = try FileManager.default.contentsOfDirectory(atPath: inbox + "/processed")
        #expect(processed.count == 2)
        #expect(processed.contains { $0.hasSuffix("-approve-\(approveID)") })
        let left = try FileManager.default.contentsOfDirectory(atPath: inbox).sorted()
        #expect(left == ["correction.jsonl", "processed"], "files that are not approvals are left for the replay")
        #expect(try ledger.audit(subject: "batch:\(approveID)").contains { $0.actor.contains("approve-\(approveID)") })
    }

    @Test("hostile, unknown and unreadable approval files are refused with an error file")
    func hostileFiles() throws {
        let ledger = try Self.ledger()
        let root = (ledger.path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inbox = root + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let (batchID, ids) = try Self.batch(ledger, state: .pendingApproval)
        let secret = root + "/secret.txt"
        try Data("not for you".utf8).write(to: URL(fileURLWithPath: secret))
        let names = ["approve-..", "approve-a\u{01}b", "reject-x y", "approve-.hidden", "approve-", "approve-no-such-batch",
                     "reject-\(batchID)", "approve-" + String(repeating: "x", count: 80)]
        for name in names { try Data().write(to: URL(fileURLWithPath: inbox + "/" + name)) }
        try FileManager.default.createSymbolicLink(atPath: inbox + "/approve-link", withDestinationPath: secret)
        try Data(repeating: 0x41, count: Approvals.maxFileBytes + 1).write(to: URL(fileURLWithPath: inbox + "/approve-big"))
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: inbox + "/approve-binary"))

        let summary = try Approvals(ledger: ledger).processInbox(dir: inbox)
        #expect(summary.approved.isEmpty && summary.rejected.isEmpty)
        #expect(summary.refused.count == names.count + 3)
        #expect(try ledger.postingBatch(id: batchID)?.state == .pendingApproval, "nothing acted on the batch")
        #expect(try ledger.record(id: ids[0])?.state == .batched)
        #expect(summary.refused.first { $0.file == "reject-\(batchID)" }?.error?.contains("needs a reason") == true)
        #expect(summary.refused.first { $0.file == "approve-no-such-batch" }?.error?.contains("no batch") == true)
        #expect(summary.refused.first { $0.file == "approve-a?b" }?.error?.contains("characters a batch id never has") == true)
        #expect(summary.refused.first { $0.file == "approve-link" }?.error?.contains("not a plain file") == true)

        let rejected = try FileManager.default.contentsOfDirectory(atPath: inbox + "/rejected")
        let errorFiles = rejected.filter { $0.hasSuffix(".error.txt") }
        #expect(errorFiles.count == names.count + 3)
        #expect(rejected.allSatisfy { name in name.unicodeScalars.allSatisfy { $0.value >= 0x20 } && !name.hasPrefix(".") })
        let inboxLeft = try FileManager.default.contentsOfDirectory(atPath: inbox).filter { Approvals.isApprovalFileName($0) }
        #expect(inboxLeft.isEmpty)
        #expect(try String(contentsOfFile: secret, encoding: .utf8) == "not for you", "a link's target is never touched")
        let text = try String(contentsOfFile: inbox + "/rejected/approve-no-such-batch.error.txt", encoding: .utf8)
        #expect(text.contains("ml-connector status"))
    }

    // MARK: - Fixtures

    static func ledger() throws -> Ledger {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("approval-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try Ledger.open(path: directory + "/ledger.sqlite")
    }

    /// A batch of two records (ledger rows only).
    static func batch(_ ledger: Ledger, state: LedgerBatchState, firstSource: Int64 = 1) throws -> (String, [Int64]) {
        let runID = try ledger.beginRun(kind: "transform")
        var ids: [Int64] = []
        for source in [firstSource, firstSource + 1] {
            let record = try ledger.insertRecord(NewLedgerRecord(
                resource: "requisitions", companyID: 1, projectID: 10, sourceID: source, sourceUpdatedAt: "2026-11-20T10:00:00Z",
                contentSHA256: String(repeating: "b", count: 48) + String(format: "%016x", source), runID: runID,
                idempotencyKey: "ABC:ap-invoices:requisitions:\(source)"))
            try ledger.settleValidation(recordID: record.id, valid: true, reasons: [], runID: runID)
            ids.append(record.id)
        }
        let batchID = "\(runID)-ap-invoices"
        try ledger.commitBatch(BatchCommit(batchID: batchID, runID: runID, kind: "ap-invoices", company: "ABC", state: state,
                                           path: "/nonexistent/\(batchID)", controlTotal: "0.00", records: ids.map { ($0, nil) },
                                           identities: [], amounts: [:]))
        return (batchID, ids)
    }
}
