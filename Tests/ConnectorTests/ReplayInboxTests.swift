import Foundation
import Ledger
import Testing
@testable import Connector

@Suite("Replay: corrections from inbox/")
struct ReplayInboxTests {
    @Test("a good correction is staged for the transform, linked to the failure it fixes, and the file moves to processed/")
    func goodCorrection() throws {
        let fixture = try ReplayFixture()
        let failed = try fixture.invalidRecord(id: 101, errors: ["requisition 101: cost code 09-250 (type M) has no GL mapping"])
        let line = ReplayFixture.line(id: 101, total: "1300.00")
        try fixture.drop("req-101.jsonl", line + "\n")

        let summary = try fixture.replay()

        #expect(summary.applied == 1)
        #expect(summary.rejected == 0)
        #expect(fixture.names(fixture.inbox).filter { $0.hasSuffix(".jsonl") }.isEmpty)
        let processed = fixture.names(fixture.inbox + "/processed")
        #expect(processed.count == 1)
        #expect(processed.first?.hasSuffix("-req-101.jsonl") == true)
        let folder = try #require(summary.stagingDirectory)
        #expect(folder == fixture.staging + "/" + summary.runID + "-replay")
        #expect(FileManager.default.fileExists(atPath: folder + "/manifest.json"))
        #expect(fixture.text(folder + "/requisitions.jsonl") == line + "\n")
        let read = StagedRecordReader.read(path: folder + "/requisitions.jsonl")
        #expect(read.errors.isEmpty)
        #expect(read.records.map(\.record.id) == [101])
        let correction = try #require(summary.corrections.first)
        #expect(correction.fixesRecordID == failed.id)
        #expect(correction.fixesErrors == failed.errors)
        #expect(correction.contentSHA256 == read.records.first?.contentSHA256)

        let audit = try fixture.ledger.audit(subject: "record:\(failed.id)").filter { $0.action == "record.correction" }
        #expect(audit.count == 1)
        let detail = try #require(audit.first?.detailJSON)
        #expect(detail.contains("\"fixes_record_id\":\(failed.id)"))
        #expect(detail.contains("cost code 09-250"))
        #expect(detail.contains("req-101.jsonl"))
        #expect(try fixture.ledger.run(summary.runID)?.status == .completed)
    }

    @Test("a malformed JSON line rejects the whole file with the file, line and field named in the error file")
    func malformedLine() throws {
        let fixture = try ReplayFixture()
        _ = try fixture.invalidRecord(id: 101, errors: ["bad"])
        let text = ReplayFixture.line(id: 101, total: "1300.00") + "\n"
            + "{\"resource\":\"requisitions\",\"company_id\":1,\"record\":{\"id\":102,}\n"
            + "{\"resource\":\"requisitions\",\"company_id\":1,\"record\":{\"status\":\"approved\"}}\n"
            + "{\"resource\":\"timecards\",\"company_id\":1,\"record\":{\"id\":5}}\n"
        try fixture.drop("bad.jsonl", text)

        let summary = try fixture.replay()

        #expect(summary.applied == 0)
        #expect(summary.rejected == 1)
        #expect(summary.stagingDirectory == nil)
        #expect(!FileManager.default.fileExists(atPath: fixture.staging))
        #expect(fixture.names(fixture.inbox + "/rejected") == ["bad.jsonl", "bad.jsonl.error.txt"])
        let error = fixture.text(fixture.inbox + "/rejected/bad.jsonl.error.txt")
        #expect(error.contains("bad.jsonl was not applied"))
        #expect(error.contains("line 2: is not well-formed JSON"))
        #expect(error.contains("line 3, field record.id: is missing"))
        #expect(error.contains("line 4, field resource: 'timecards' is not a resource"))
        #expect(!error.contains("line 1"))
        #expect(error.contains("What to do:"))
        let registered = try fixture.ledger.inboxFiles()
        #expect(registered.map(\.state) == ["rejected"])
    }

    @Test("hostile names, links, pipes, unknown kinds and oversized files are refused; README and hidden files are left alone")
    func hostileFiles() throws {
        let fixture = try ReplayFixture()
        let good = ReplayFixture.line(id: 7) + "\n"
        try fixture.drop("-rf.jsonl", good)
        try fixture.drop("a\u{1B}[31mb.jsonl", good)
        try fixture.drop("a\\b.jsonl", good)
        try fixture.drop("evil..jsonl", good)
        try fixture.drop(String(repeating: "x", count: 200) + ".jsonl", good)
        try fixture.drop("notes.txt", "hello")
        try fixture.drop("big.jsonl", String(repeating: " ", count: 300) + good)
        try fixture.drop("README.md", "what the inbox is for")
        try fixture.drop(".partial-upload.jsonl", good)
        let secret = fixture.root + "/secret.txt"
        try Data("do not read".utf8).write(to: URL(fileURLWithPath: secret))
        try FileManager.default.createSymbolicLink(atPath: fixture.inbox + "/link.jsonl", withDestinationPath: secret)
        #expect(mkfifo(fixture.inbox + "/pipe.jsonl", 0o600) == 0)

        let summary = try fixture.replay(maxFileBytes: 200)

        #expect(summary.applied == 0)
        #expect(summary.rejected == 9)
        #expect(summary.corrections.isEmpty)
        #expect(Set(summary.ignored) == ["README.md", ".partial-upload.jsonl"])
        #expect(Set(fixture.names(fixture.inbox)) == ["README.md", ".partial-upload.jsonl", ".replay.lock", "rejected"])
        let rejected = fixture.names(fixture.inbox + "/rejected")
        for name in rejected {
            #expect(InboxFileName.problem(name, maxBytes: 140) == nil, "unsafe name in rejected/: \(name)")
        }
        #expect(rejected.filter { $0.hasSuffix(".error.txt") }.count == 9)
        #expect(fixture.text(fixture.inbox + "/rejected/_rf.jsonl.error.txt").contains("starts with '-'"))
        #expect(fixture.text(fixture.inbox + "/rejected/link.jsonl.error.txt").contains("symbolic link"))
        #expect(fixture.text(fixture.inbox + "/rejected/pipe.jsonl.error.txt").contains("named pipe"))
        #expect(fixture.text(fixture.inbox + "/rejected/notes.txt.error.txt").contains("does not say what it holds"))
        #expect(fixture.text(fixture.inbox + "/rejected/big.jsonl.error.txt").contains("at most 200 bytes"))
        #expect(fixture.text(fixture.inbox + "/rejected/a_b.jsonl.error.txt").contains("path separator"))
        #expect(fixture.text(fixture.inbox + "/rejected/a__31mb.jsonl.error.txt").contains("control characters"))
        // The link moved as a link; its target is untouched.
        #expect(fixture.text(secret) == "do not read")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: fixture.inbox + "/rejected/link.jsonl")) == secret)
    }

    @Test("a processed/ or rejected/ that is a symbolic link stops the replay before anything leaves the inbox", arguments: ["processed", "rejected"])
    func symlinkedSubfolderIsRefused(_ folder: String) throws {
        let fixture = try ReplayFixture()
        _ = try fixture.invalidRecord(id: 101, errors: ["bad cost code"])
        let outside = fixture.root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: fixture.inbox + "/" + folder, withDestinationPath: outside)
        try fixture.drop("fix.jsonl", ReplayFixture.line(id: 101, total: "1300.00") + "\n")
        try fixture.drop("notes.txt", "not a correction\n")
        #expect(throws: ReplayError.self) { try fixture.replay() }
        do {
            _ = try fixture.replay()
        } catch let error as ReplayError {
            #expect(error.description.contains("\(folder) is a symbolic link"))
            #expect(error.exitStatus == .configuration)
        }
        #expect(fixture.names(outside).isEmpty, "nothing was moved or written outside the inbox")
        #expect(fixture.names(fixture.inbox).contains("fix.jsonl") && fixture.names(fixture.inbox).contains("notes.txt"))
        #expect(try fixture.ledger.sourceVersionCount() == 0, "nothing was applied")
    }

    @Test("whole files only: a .jsonl whose last line is unfinished, a .part copy and a file inside the settle window wait; the completed file applies every line")
    func partialFilesWait() throws {
        let fixture = try ReplayFixture()
        let lines = (1...8).map { ReplayFixture.line(id: 200 + Int64($0), total: "1\($0)00.00") }
        for id in 201...208 { _ = try fixture.invalidRecord(id: Int64(id), errors: ["bad cost code"]) }
        // A copy cut after two lines and part of the third.
        let partial = lines[0..<2].joined(separator: "\n") + "\n" + lines[2].prefix(40)
        try fixture.drop("fixes.jsonl", partial)
        try fixture.drop("more.jsonl.part", lines[3] + "\n")
        let first = try fixture.replay()
        #expect(first.corrections.isEmpty && first.files.isEmpty, "\(first.files)")
        #expect(first.waiting.count == 1 && first.waiting[0].contains("fixes.jsonl") && first.waiting[0].contains("no line end"))
        #expect(first.ignored.contains("more.jsonl.part"))
        #expect(fixture.names(fixture.inbox).contains("fixes.jsonl"), "left in the inbox, not moved to processed/")

        // The copy finishes: every line applies.
        try fixture.drop("fixes.jsonl", lines.joined(separator: "\n") + "\n")
        let second = try fixture.replay()
        #expect(second.corrections.count == 8, "\(second.files)")
        #expect(second.waiting.isEmpty)

        // Inside the settle window a file waits even when it looks whole.
        try fixture.drop("late.jsonl", ReplayFixture.line(id: 209) + "\n")
        var options = fixture.options()
        options.settleSeconds = 3600
        let third = try InboxProcessor(ledger: fixture.ledger, options: options).run()
        #expect(third.waiting.count == 1 && third.waiting[0].contains("settle window"))
        #expect(fixture.names(fixture.inbox).contains("late.jsonl"))
    }

    @Test("a fix sheet with a row that cannot be applied is refused whole, naming each row; empty rows are skipped")
    func fixSheetRowsAreChecked() throws {
        let fixture = try ReplayFixture(table: "cost_code,cost_type,account,description\r\n01-100,,5010-00-00,General\r\n")
        let header = FixSheet.header.joined(separator: ",")
        try fixture.drop("fixes.csv", header + "\n"
            + "gl_account,09-300|S,GL account,,5100-07-00,3,10.00,why,1\n"
            + "vendor_name,2700046,a name,Blue Ridge Roofing & Sheet Metal,Blue Ridge Roofing and Sheet Metal Co,2,0.00,why,2\n"
            + "bogus,xyz,?,,value,1,0.00,why,3\n"
            + "cost_code,work_order_contracts|1|2,a code,,,1,0.00,why,4\n")
        let summary = try fixture.replay()
        #expect(summary.rejected == 1)
        let error = fixture.text(fixture.inbox + "/rejected/fixes.csv.error.txt")
        #expect(error.contains("line 4: fix 'bogus'"), "\(error)")
        #expect(!error.contains("line 5"), "an empty row is skipped")
        #expect(fixture.text(fixture.table).contains("09-300") == false, "nothing applied from a refused sheet")

        // Filled correctly, the GL account row becomes a mapping row and the run says so.
        try fixture.drop("fixes-2.csv", header + "\n" + "gl_account,09-300|S,GL account,,5100-07-00,3,10.00,why,1\n")
        let applied = try fixture.replay()
        #expect(applied.applied == 1 && applied.files.first?.kind == "fix_sheet")
        #expect(applied.fixRows.map(\.result) == ["cost code 09-300 type S maps to 5100-07-00"])
        #expect(fixture.text(fixture.table).contains("09-300,S,5100-07-00"))
    }

    @Test("the same file dropped twice is applied once")
    func sameFileTwice() throws {
        let fixture = try ReplayFixture()
        _ = try fixture.invalidRecord(id: 101, errors: ["bad cost code"])
        let text = ReplayFixture.line(id: 101, total: "1300.00") + "\n"
        try fixture.drop("fix.jsonl", text)
        let first = try fixture.replay()
        #expect(first.corrections.count == 1)

        try fixture.drop("fix-again.jsonl", text)
        let second = try fixture.replay()

        #expect(second.corrections.isEmpty)
        #expect(second.stagingDirectory == nil)
        #expect(second.duplicates == 1)
        #expect(fixture.names(fixture.staging).filter { !$0.hasPrefix(".") } == [first.runID + "-replay"])
        let error = fixture.text(fixture.inbox + "/rejected/fix-again.jsonl.error.txt")
        #expect(error.contains("it is not applied twice"))
        #expect(error.contains("fix.jsonl"))
        let corrections = try fixture.ledger.audit(actions: ["record.correction"], detailContaining: "requisitions")
        #expect(corrections.count == 1)
    }

    @Test("a correction of a posted record is refused and never staged")
    func postedRecordRefused() throws {
        let fixture = try ReplayFixture()
        let record = try fixture.validRecord(id: 300)
        let batch = try fixture.batch([record.id], name: "ap-invoices")
        try fixture.post(record.id, batchID: batch, state: .posted, key: "AP-0000300", outcome: "posted")
        try fixture.drop("fix-300.jsonl", ReplayFixture.line(id: 300, total: "999.00") + "\n")

        let summary = try fixture.replay()

        #expect(summary.rejected == 1)
        #expect(summary.corrections.isEmpty)
        #expect(summary.stagingDirectory == nil)
        let error = fixture.text(fixture.inbox + "/rejected/fix-300.jsonl.error.txt")
        #expect(error.contains("line 1: requisitions 300 is already posted as AP-0000300; a posted record is never re-posted; correct it in Sage 100"))
        let refused = try fixture.ledger.audit(subject: "record:\(record.id)").filter { $0.action == "record.correction_refused" }
        #expect(refused.count == 1)
        #expect(try fixture.ledger.record(id: record.id)?.state == .posted)
    }

    @Test("mapping rows are appended, a conflicting row replaces the old one (audited), an identical row changes nothing")
    func mappingRows() throws {
        let fixture = try ReplayFixture(table: """
            cost_code,cost_type,account,description,confidence
            01-100,,5010-{division}-00,General conditions,high
            09-250,M,,Gypsum board - materials,low
            03-100,,5030-{division}-00,Concrete forming,high

            """)
        try fixture.drop("mapping-fix.csv", """
            cost_code,cost_type,account,description
            09-250,M,5090-{division}-10,Gypsum board - materials
            03-100,,5031-{division}-00,
            01-100,,5010-{division}-00,General conditions
            05-100,S,5100-{division}-00,"Structural steel, subcontract"

            """)

        let summary = try fixture.replay()

        let outcome = try #require(summary.files.first)
        #expect(outcome.result == "applied")
        #expect(outcome.mappingAdded == 1)
        #expect(outcome.mappingReplaced == 2)
        #expect(outcome.mappingUnchanged == 1)
        let table = try CostCodeTable.parse(fixture.text(fixture.table), file: "cost-codes.csv")
        let accounts = Dictionary(uniqueKeysWithValues: table.rows.map { ($0.costCode + "/" + ($0.costType ?? ""), $0.account.text) })
        #expect(accounts == ["01-100/": "5010-{division}-00", "09-250/M": "5090-{division}-10",
                             "03-100/": "5031-{division}-00", "05-100/S": "5100-{division}-00"])
        #expect(table.rows.first { $0.costCode == "03-100" }?.description == "Concrete forming")
        #expect(table.rows.first { $0.costCode == "05-100" }?.description == "Structural steel, subcontract")
        // The extra column survives.
        #expect(fixture.text(fixture.table).hasPrefix("cost_code,cost_type,account,description,confidence\r\n"))
        let replaced = try fixture.ledger.audit(subject: "mapping:03-100:*")
        #expect(replaced.map(\.action) == ["mapping.row.replaced"])
        #expect(replaced.first?.detailJSON?.contains("\"old_account\":\"5030-{division}-00\"") == true)
        #expect(try fixture.ledger.audit(subject: "mapping:05-100:S").map(\.action) == ["mapping.row.added"])
    }

    @Test("a mapping row that would run as a spreadsheet formula is refused, and the table is left as it was")
    func mappingFormulaRefused() throws {
        let original = "cost_code,cost_type,account,description\r\n01-100,,5010-00-00,General\r\n"
        let fixture = try ReplayFixture(table: original)
        try fixture.drop("formula.csv", "cost_code,cost_type,account,description\n=1+2,,5010-00-00,x\n")

        let summary = try fixture.replay()

        #expect(summary.rejected == 1)
        #expect(fixture.text(fixture.table) == original)
        let error = fixture.text(fixture.inbox + "/rejected/formula.csv.error.txt")
        #expect(error.contains("line 2") && error.contains("cost_code"), "\(error)")
        #expect(error.contains("formula"))
    }

    @Test("a .json file may hold a pretty-printed array of corrected records")
    func jsonArray() throws {
        let fixture = try ReplayFixture()
        _ = try fixture.invalidRecord(id: 401, errors: ["x"])
        _ = try fixture.invalidRecord(id: 402, errors: ["y"])
        try fixture.drop("fixes.json", "[\n  " + ReplayFixture.line(id: 401, total: "1.00") + ",\n  "
                         + ReplayFixture.line(id: 402, total: "2.00") + "\n]\n")

        let summary = try fixture.replay()

        #expect(summary.applied == 1)
        #expect(summary.corrections.map(\.sourceID) == [401, 402])
        let read = StagedRecordReader.read(path: try #require(summary.stagingDirectory) + "/requisitions.jsonl")
        #expect(read.errors.isEmpty)
        #expect(read.records.map(\.record.id) == [401, 402])
    }

    @Test("approval files are handed to the approval processor in the same pass, not refused as unknown")
    func approvalsHandedOver() throws {
        let fixture = try ReplayFixture()
        let record = try fixture.validRecord(id: 500)
        let batch = try fixture.batch([record.id], name: "ap-invoices", state: .pendingApproval)
        try fixture.drop("approve-\(batch)", "checked against the pay application")
        _ = try fixture.invalidRecord(id: 501, errors: ["x"])
        try fixture.drop("fix.jsonl", ReplayFixture.line(id: 501, total: "5.00") + "\n")

        let summary = try fixture.replay()

        #expect(summary.approvals?.approved == [batch])
        #expect(summary.files.map(\.file) == ["fix.jsonl"])
        #expect(summary.applied == 1)
        #expect(try fixture.ledger.postingBatch(id: batch)?.state == .ready)
        #expect(fixture.names(fixture.inbox + "/processed").count == 2)
    }
}
