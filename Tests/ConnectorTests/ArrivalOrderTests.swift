import Foundation
import Ledger
import Testing
@testable import Connector

/// The ledger orders what it received by its own sequence, never by run ids, folder names or
/// clock strings: a correction and the pull that brings what it refers to may arrive in the
/// same second, in either order, and the transform finds both.
@Suite("Arrival order: a pull and a replay in the same second")
struct ArrivalOrderTests {
    /// A requisition whose line item belongs to a subcontract (with the line's cost code).
    static let contract = Staged.workOrder(9001, vendor: 5551234, vendorName: "Acme Drywall", lines: [
        Staged.lineItem(90011, amount: "10000.00", code: "09-250", type: "S"),
    ])
    static let broken = Staged.requisition(1280700, invoice: "124", claimed: "700.00", due: "630.00", items: [
        Staged.contractItem(7, lineItem: 90099, thisPeriod: "700.00", retained: "70.00"),
    ])
    static let corrected = Staged.requisition(1280700, invoice: "124", claimed: "700.00", due: "630.00", items: [
        Staged.contractItem(7, lineItem: 90011, thisPeriod: "700.00", retained: "70.00"),
    ])

    func replay(_ world: TransformWorld, at now: Date) throws -> ReplaySummary {
        let inbox = world.folder.appendingPathComponent("inbox").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try Data((Self.corrected + "\n").utf8).write(to: URL(fileURLWithPath: inbox + "/requisition-1280700.jsonl"))
        return try InboxProcessor(ledger: world.ledger, options: InboxOptions(
            inboxDirectory: inbox, stagingDirectory: world.stagingRoot, companyID: 42)).run(now: now)
    }

    @Test("the correction arrives before the pull that brings its subcontract, in the same second: the transform batches it",
          arguments: [false, true])
    func sameSecond(replayFirst: Bool) throws {
        let world = try TransformWorld()
        // Cycle 1: the requisition arrives without its subcontract and is invalid.
        try world.stage("cycle-1", ["requisitions": [Self.broken]])
        let first = try world.transform()
        #expect(first.invalid.contains { $0.sourceID == 1280700 }, "\(first.invalid)")

        // Cycle 2: the replay and the pull share one second; run ids of that second sort by a
        // random suffix, so either may "come first" by name.
        let second = Date(timeIntervalSince1970: 1_795_000_000)
        if replayFirst {
            #expect(try replay(world, at: second).applied == 1)
            try world.stage("cycle-2-pull", ["work_order_contracts": [Self.contract]])
        } else {
            try world.stage("cycle-2-pull", ["work_order_contracts": [Self.contract]])
            #expect(try replay(world, at: second).applied == 1)
        }
        let summary = try world.transform()

        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        let live = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700"))
        #expect(live.state == .batched)
        // What arrived later in the same second is still after what arrived earlier.
        let versions = try world.ledger.sourceVersions(resource: "requisitions", sourceID: 1280700)
        #expect(versions.map(\.origin) == ["pull", "inbox"])
        #expect(versions[0].seq < versions[1].seq)
    }

    @Test("an invalid record is checked again only when something it looked up changes, not on every transform")
    func recheckFollowsDependencies() throws {
        let world = try TransformWorld()
        try world.stage("cycle-1", ["requisitions": [Self.broken]])
        #expect(try world.transform().invalid.count == 1)

        // Something unrelated changes: the invalid requisition is not checked again.
        try world.stage("cycle-2", ["vendors": [Staged.vendor(7777, "Unrelated Supply")]])
        let unrelated = try world.transform()
        #expect(unrelated.rechecked == 0)
        #expect(unrelated.invalid.isEmpty)

        // The subcontract owning line item 90099 arrives: the requisition is checked again.
        let owning = Staged.workOrder(9001, vendor: 5551234, vendorName: "Acme Drywall", lines: [
            Staged.lineItem(90099, amount: "10000.00", code: "09-250", type: "S"),
        ])
        try world.stage("cycle-3", ["work_order_contracts": [owning]])
        let fixed = try world.transform()
        #expect(fixed.rechecked == 1)
        #expect(fixed.invalid.isEmpty, "\(fixed.invalid)")
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700")?.state == .batched)
    }
}

@Suite("Staging import: a ledger from before source versions")
struct StagingImportTests {
    @Test("finished staging folders are imported once as source versions; an unfinished one and a second import add nothing")
    func importsOnce() throws {
        let world = try TransformWorld()
        let finished = world.stagingRoot + "/20261129T010000Z-aaaa"
        let unfinished = world.stagingRoot + "/.20261129T020000Z-bbbb.partial"
        for folder in [finished, unfinished] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data((Staged.acmeSubcontract + "\n" + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/work_order_contracts.jsonl"))
            try Data((Staged.goodRequisition + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/requisitions.jsonl"))
        }
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: finished + "/manifest.json"))

        #expect(try StagingImport.importOnce(ledger: world.ledger, stagingRoot: world.stagingRoot) == 2)
        #expect(try StagingImport.importOnce(ledger: world.ledger, stagingRoot: world.stagingRoot) == 0)
        #expect(try world.ledger.sourceVersionCount() == 2)
        #expect(try world.ledger.sourceLineItem(id: 90011)?.costCode == "09-250")
        let summary = try world.transform()
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(Set(summary.batches.map(\.kind)) == ["purchase-orders", "ap-invoices"])
    }
}

@Suite("Staging retention: staging.keep_days")
struct StagingRetentionTests {
    @Test("folders written before keep_days go; newer ones, hidden ones (a pull writing) and files stay")
    func prunesByAge() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        for (name, age) in [("old-run", 91.0), ("recent-run", 89.0), (".partial-run", 200.0)] {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path + "/manifest.json"))
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-age * 86_400)], ofItemAtPath: path)
        }
        try Data("note".utf8).write(to: URL(fileURLWithPath: root + "/README.txt"))
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-400 * 86_400)], ofItemAtPath: root + "/README.txt")

        #expect(StagingRetention.prune(stagingRoot: root, keepDays: 90, now: now) == ["old-run"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: root)) == ["recent-run", ".partial-run", "README.txt"])
        #expect(StagingRetention.prune(stagingRoot: root, keepDays: 0, now: now) == ["recent-run"])
    }
}
