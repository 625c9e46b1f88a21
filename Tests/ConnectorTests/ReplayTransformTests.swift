import Foundation
import Ledger
import Testing
@testable import Connector

@Suite("Replay: a correction re-enters the transform")
struct ReplayTransformTests {
    @Test("an invalid requisition corrected through inbox/ is transformed again from the replay folder and batched")
    func correctionIsTransformed() throws {
        let world = try TransformWorld()
        let broken = Staged.requisition(1280700, invoice: "124", claimed: "700.00", due: "630.00", items: [
            Staged.contractItem(7, lineItem: 90099, thisPeriod: "700.00", retained: "70.00"),
        ])
        let run = try world.stage("20261129T010000Z-aaaa", ["work_order_contracts": [Staged.acmeSubcontract], "requisitions": [broken]])
        let first = try world.transform(run)
        let invalid = try #require(first.invalid.first { $0.sourceID == 1280700 }, "\(first)")
        let failed = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700"))
        #expect(failed.state == .invalid)

        // Finance fixes the line item (framing, 03-100 type L) and drops the corrected line.
        let inbox = world.folder.appendingPathComponent("inbox").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let corrected = Staged.requisition(1280700, invoice: "124", claimed: "700.00", due: "630.00", items: [
            Staged.contractItem(7, lineItem: 90012, thisPeriod: "700.00", retained: "70.00"),
        ])
        try Data((corrected + "\n").utf8).write(to: URL(fileURLWithPath: inbox + "/requisition-1280700.jsonl"))
        let replay = try InboxProcessor(ledger: world.ledger, options: InboxOptions(
            inboxDirectory: inbox, stagingDirectory: world.stagingRoot, companyID: 42)).run()
        #expect(replay.applied == 1, "\(replay.files)")
        let folder = try #require(replay.stagingDirectory)
        #expect(replay.corrections.first?.fixesRecordID == failed.id)
        #expect(replay.corrections.first?.fixesErrors == invalid.reasons)

        let second = try world.transform(folder)

        #expect(second.invalid.isEmpty, "\(second.invalid)")
        #expect(second.counts("ap-invoices").valid == 1)
        let live = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700"))
        #expect(live.id != failed.id)
        #expect(live.state == .batched)
        #expect(try world.ledger.record(id: failed.id)?.state == .superseded)
        let story = try #require(try LedgerShow.find("requisitions:1280700", ledger: world.ledger).record)
        #expect(story.versions.map(\.state) == ["superseded", "batched"])
        #expect(story.corrections.map(\.fixesRecordID) == [failed.id])

        // Replaying the same file again changes nothing.
        try Data((corrected + "\n").utf8).write(to: URL(fileURLWithPath: inbox + "/again.jsonl"))
        let again = try InboxProcessor(ledger: world.ledger, options: InboxOptions(
            inboxDirectory: inbox, stagingDirectory: world.stagingRoot, companyID: 42)).run()
        #expect(again.corrections.isEmpty)
        #expect(again.duplicates == 1)
    }

    @Test("after mapping rows arrive, records that failed on the mapping are checked again by the next transform and pass")
    func mappingRowsRestageInvalidRecords() throws {
        let world = try TransformWorld()
        let contract = Staged.workOrder(9001, vendor: 5551234, vendorName: "Acme Drywall", lines: [
            Staged.lineItem(90011, amount: "10000.00", code: "09-250", type: "S"),
            Staged.lineItem(90013, amount: "700.00", code: "09-999", type: "L"),
        ])
        let requisition = Staged.requisition(1280700, invoice: "124", claimed: "700.00", due: "630.00", items: [
            Staged.contractItem(7, lineItem: 90013, thisPeriod: "700.00", retained: "70.00"),
        ])
        let run = try world.stage("20261129T010000Z-aaaa", ["work_order_contracts": [contract], "requisitions": [requisition]])
        let first = try world.transform(run)
        let failed = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700"), "\(first)")
        #expect(failed.state == .invalid)

        let inbox = world.folder.appendingPathComponent("inbox").path
        let table = world.folder.appendingPathComponent("cost-codes.csv").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try Data("cost_code,cost_type,account,description\n09-999,L,5090-{division}-00,Misc labor\n".utf8)
            .write(to: URL(fileURLWithPath: inbox + "/mapping-09-999.csv"))
        let replay = try InboxProcessor(ledger: world.ledger, options: InboxOptions(
            inboxDirectory: inbox, stagingDirectory: world.stagingRoot, mappingTablePath: table, companyID: 42)).run()

        #expect(replay.files.first?.mappingAdded == 1)
        #expect(replay.restaged.map(\.recordID).contains(failed.id))
        // Nothing is copied: the next transform sees that the mapping changed and checks it again.
        #expect(replay.stagingDirectory == nil)

        world.mapping = try MappingConfiguration.parse(
            yaml: TransformWorld.mappingYAML.replacingOccurrences(of: "CREATE", with: "true")
                .replacingOccurrences(of: "mapping:\n", with: "mapping:\n  cost_code_table: cost-codes.csv\n"),
            file: "connector.yml", baseDirectory: world.folder.path)
        let second = try world.transform()

        #expect(second.contextChanged)
        #expect(second.rechecked >= 1)
        #expect(second.invalid.isEmpty, "\(second.invalid)")
        let record = try #require(try world.ledger.record(id: failed.id))
        #expect(record.state == .batched)
    }
}
