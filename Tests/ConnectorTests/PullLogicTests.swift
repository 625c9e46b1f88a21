import ConnectorTesting
import Foundation
import Ledger
import Procore
import Testing
@testable import Connector

/// The pull's rules, against an in-memory Procore (fast); the sandbox tests cover the real wire.
@Suite("Pull logic")
struct PullLogicTests {
    static let runStart = Timestamp.date(from: "2026-11-29T00:40:00Z")!

    func item(_ id: Int64, _ updated: String, _ body: String = "\"x\"") -> InMemoryProcoreSource.Item {
        InMemoryProcoreSource.Item(id: id, updatedAt: updated, body: body)
    }

    func puller(_ source: InMemoryProcoreSource, _ workspace: PullWorkspace, _ resources: [ProcoreResource],
                full: Bool = false, at date: Date = runStart) throws -> Puller {
        Puller(source: source, ledger: try Ledger.open(path: workspace.ledgerPath), stagingRoot: workspace.stagingRoot,
               companyID: 99, options: PullOptions(resources: resources, full: full, maxConcurrency: 2),
               events: nil, now: { date })
    }

    @Test("first pull uses the initial window and advances cursors to the run start; the next starts 5 min earlier")
    func windowsAndCursors() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.set(.requisitions, project: 1, [item(11, "2026-10-01T00:00:00.000Z"), item(12, "2026-10-02T00:00:00.000Z"),
                                               item(13, "2026-10-03T00:00:00.000Z")])
        source.set(.requisitions, project: 2, [item(21, "2026-10-01T00:00:00.000Z")])

        let first = try await puller(source, workspace, [.requisitions]).run()
        #expect(first.isComplete)
        #expect(first.records == ["requisitions": 4])
        #expect(try workspace.stagedIDs(run: first.runID, resource: "requisitions").sorted() == [11, 12, 13, 21])
        #expect(source.windows["requisitions|1"]?.first??.0 == "2000-01-01T00:00:00Z")
        #expect(source.windows["requisitions|1"]?.first??.1 == "2026-11-29T00:40:00.000Z")
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        #expect(try ledger.cursor(resource: "requisitions", scope: "project:1") == "2026-11-29T00:40:00.000Z")
        #expect(try ledger.run(first.runID)?.status == .completed)

        // Record 12 changed inside the overlap of the next window; 13 changed earlier but is unchanged in content.
        source.mutate { $0.items["requisitions|1"]![1] = InMemoryProcoreSource.Item(id: 12, updatedAt: "2026-11-29T00:41:00.000Z", body: "\"y\"") }
        let later = Timestamp.date(from: "2026-11-29T01:00:00Z")!
        let second = try await puller(source, workspace, [.requisitions], at: later).run()
        #expect(source.windows["requisitions|1"]?.last??.0 == "2026-11-29T00:35:00.000Z")
        #expect(source.windows["requisitions|1"]?.last??.1 == "2026-11-29T01:00:00.000Z")
        #expect(second.records == ["requisitions": 1])
        #expect(try workspace.stagedIDs(run: second.runID, resource: "requisitions") == [12])
    }

    @Test("records already staged inside the overlap are not staged again")
    func overlapNotRestaged() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.set(.requisitions, project: 1, [item(11, "2026-11-29T00:38:00.000Z")])
        source.projectIDs = [1]
        let first = try await puller(source, workspace, [.requisitions]).run()
        #expect(first.records["requisitions"] == 1)
        let second = try await puller(source, workspace, [.requisitions], at: Self.runStart.addingTimeInterval(60)).run()
        #expect(second.received["requisitions"] == 1, "the overlap returns the record again")
        #expect(second.records["requisitions"] == 0, "but it is unchanged, so nothing is staged")
    }

    @Test("resources without an updated_at filter are pulled whole; only changed records staged; gone ones forgotten")
    func wholeResources() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.projectIDs = [1]
        source.set(.costCodes, project: 1, [item(1, "a"), item(2, "a"), item(3, "a")])
        let first = try await puller(source, workspace, [.costCodes]).run()
        #expect(first.records["cost_codes"] == 3)
        #expect(source.windows["cost_codes|1"]?.first! == nil, "no updated_at filter sent")

        source.set(.costCodes, project: 1, [item(1, "a"), item(2, "a", "\"changed\""), item(4, "a")])
        let second = try await puller(source, workspace, [.costCodes]).run()
        #expect(try workspace.stagedIDs(run: second.runID, resource: "cost_codes").sorted() == [2, 4])
        let hashes = try Ledger.open(path: workspace.ledgerPath).contentHashes(resource: "cost_codes", scope: "project:1")
        #expect(hashes.keys.sorted() == [1, 2, 4])
        #expect(try Ledger.open(path: workspace.ledgerPath).cursor(resource: "cost_codes", scope: "project:1") == nil)

        let full = try await puller(source, workspace, [.costCodes], full: true).run()
        #expect(full.records["cost_codes"] == 3, "--full stages everything again")
    }

    @Test("a failing scope is recorded, keeps its cursor, and the others complete")
    func failedScope() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.set(.requisitions, project: 1, [item(11, "2026-10-01T00:00:00.000Z")])
        source.set(.requisitions, project: 2, [item(21, "2026-10-01T00:00:00.000Z")])
        source.failures["requisitions|2"] = .retriesExhausted(endpoint: "/rest/v1.1/requisitions", project: 2, attempts: 6, lastFailure: "503")
        source.failures["direct_costs|1"] = .forbidden(project: 1, endpoint: "/rest/v1.1/projects/1/direct_costs")
        let summary = try await puller(source, workspace, [.requisitions, .directCosts]).run()
        #expect(!summary.isComplete)
        #expect(summary.status == "partial")
        #expect(summary.failed.map(\.scope) == ["project:2"])
        #expect(summary.failed.first?.message.contains("503") == true)
        #expect(summary.forbidden == [PullSummary.Forbidden(resource: "direct_costs", projectID: 1, endpoint: "/rest/v1.1/projects/1/direct_costs")])
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        #expect(try ledger.cursor(resource: "requisitions", scope: "project:1") != nil)
        #expect(try ledger.cursor(resource: "requisitions", scope: "project:2") == nil)
        #expect(try ledger.cursor(resource: "direct_costs", scope: "project:1") == nil)
        #expect(try ledger.cursor(resource: "direct_costs", scope: "project:2") != nil)
        #expect(try ledger.run(summary.runID)?.status == .partial)
        let manifest = try workspace.manifest(run: summary.runID)
        #expect(manifest.failed == summary.failed)
        #expect(manifest.scopes.first { $0.scope == "project:2" && $0.resource == "requisitions" }?.status == "failed")

        // Next run: the failed scope starts again from the beginning.
        source.failures = [:]
        let next = try await puller(source, workspace, [.requisitions], at: Self.runStart.addingTimeInterval(600)).run()
        #expect(next.isComplete)
        #expect(source.windows["requisitions|2"]?.last??.0 == "2000-01-01T00:00:00Z")
        #expect(try workspace.stagedIDs(run: next.runID, resource: "requisitions") == [21])
    }

    @Test("a record leaving the window while paging shifts others: the scope is listed again, nothing is lost")
    func pageShiftRelist() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.projectIDs = [1]
        source.perPage = 2
        source.set(.requisitions, project: 1, (1...6).map { item(Int64($0), "2026-10-0\($0)T00:00:00.000Z") })
        // Just before page 2, record 1 (already read) is updated after the window's end.
        source.beforePage = { page, key in
            guard page == 2, key == "requisitions|1" else { return }
            source.mutate { s in
                if s.items[key]![0].updatedAt.hasPrefix("2026-10") {
                    s.items[key]![0].updatedAt = "2026-11-29T00:45:00.000Z"
                }
            }
        }
        let summary = try await puller(source, workspace, [.requisitions]).run()
        // Without the relist record 3 would be skipped (it moved onto page 1).
        #expect(try workspace.stagedIDs(run: summary.runID, resource: "requisitions").sorted() == [1, 2, 3, 4, 5, 6])
        #expect(try workspace.manifest(run: summary.runID).scopes.first?.relisted == true)
        #expect(source.listCalls.filter { $0 == "requisitions|1" }.count == 2)
    }

    @Test("a record seen twice in one run is staged once")
    func dedupeWithinRun() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.projectIDs = [1]
        source.set(.requisitions, project: 1, (1...4).map { item(Int64($0), "2026-10-0\($0)T00:00:00.000Z") })
        source.beforePage = { page, key in
            guard page == 2 else { return }
            // Record 1 moves behind the others (still inside the window): it is served again on page 2.
            source.mutate { s in
                let first = s.items[key]!.removeFirst()
                s.items[key]!.insert(first, at: 2)
            }
        }
        let summary = try await puller(source, workspace, [.requisitions]).run()
        let ids = try workspace.stagedIDs(run: summary.runID, resource: "requisitions")
        #expect(ids.count == Set(ids).count)
        #expect(Set(ids) == [1, 2, 3, 4])
    }

    @Test("children are staged inside their parent's line and not fetched again for unchanged parents")
    func children() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.projectIDs = [1]
        source.set(.requisitions, project: 1, [item(5, "2026-11-29T00:39:00.000Z"), item(6, "2026-11-29T00:39:30.000Z")])
        let first = try await puller(source, workspace, [.requisitions]).run()
        #expect(source.childCalls == 2)
        let line = try #require(try workspace.lines(run: first.runID, resource: "requisitions").first)
        let object = try JSONSerialization.jsonObject(with: line) as! [String: Any]
        let children = object["children"] as! [String: [[String: Any]]]
        #expect(Set(children.keys) == ["contract_items", "change_order_items"])
        #expect((children["contract_items"]?.first?["parent"] as? NSNumber)?.int64Value == 5)
        #expect(object["company_id"] as? Int == 99)
        #expect(object["project_id"] as? Int == 1)
        #expect(object["resource"] as? String == "requisitions")

        // Both are inside the next window's overlap but unchanged: no child requests.
        let second = try await puller(source, workspace, [.requisitions], at: Self.runStart.addingTimeInterval(30)).run()
        #expect(second.records["requisitions"] == 0)
        #expect(source.childCalls == 2)
    }

    @Test("refused credentials stop the pull; nothing is staged and the run is marked failed")
    func authenticationIsFatal() async throws {
        let workspace = try PullWorkspace()
        let source = InMemoryProcoreSource()
        source.failures["requisitions|1"] = .authenticationFailed(clientID: "abc", authURL: "http://127.0.0.1:1/oauth/token", status: 401, message: "invalid_client")
        source.set(.requisitions, project: 2, [item(1, "2026-10-01T00:00:00.000Z")])
        await #expect(throws: PullError.self) {
            _ = try await puller(source, workspace, [.requisitions]).run()
        }
        #expect(!workspace.stagingEntries().contains { $0.hasSuffix(".jsonl") })
        let runs = try Ledger.open(path: workspace.ledgerPath).runs(limit: 5)
        #expect(runs.map(\.status) == [.failed])
    }

    @Test("a second pull while one holds the staging lock is refused")
    func lockRefusesSecondPull() async throws {
        let workspace = try PullWorkspace()
        let lock = try StagingLock.acquire(root: workspace.stagingRoot)
        do {
            _ = try await puller(InMemoryProcoreSource(), workspace, [.requisitions]).run()
            Issue.record("pull ran while locked")
        } catch let error as PullError {
            #expect(error.description.contains("another pull is running"))
        }
        withExtendedLifetime(lock) {}
    }

    @Test("a crashed pull's partial folder is removed and its run marked interrupted")
    func crashLeftovers() async throws {
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        let dead = try ledger.beginRun(kind: "pull")
        let partial = try StagingRun(root: workspace.stagingRoot, runID: dead, resources: ["requisitions"])
        try await partial.writers["requisitions"]!.append(Data("{\"half\":\n".utf8), count: 1)
        #expect(workspace.stagingEntries().contains(".\(dead).partial/.requisitions.jsonl.tmp"))
        #expect(!FileManager.default.fileExists(atPath: "\(workspace.stagingRoot)/\(dead)"))

        let source = InMemoryProcoreSource()
        source.projectIDs = [1]
        let summary = try await puller(source, workspace, [.requisitions]).run()
        #expect(try ledger.run(dead)?.status == .interrupted)
        #expect(!workspace.stagingEntries().contains { $0.contains(dead) })
        #expect(workspace.stagingEntries().contains("\(summary.runID)/manifest.json"))
    }

    @Test("--resources names are checked against the catalogue")
    func resourceNames() throws {
        #expect(try PullOptions.resources(named: ["requisitions", "cost_codes", "costCodes"]) == [.costCodes, .requisitions])
        #expect(throws: PullError.self) { try PullOptions.resources(named: ["requisition"]) }
        #expect(throws: PullError.self) { try PullOptions.resources(named: [" "]) }
    }
}
