import Foundation
import HTTP
import Ledger
import Procore
import Sandbox
import Testing
@testable import Connector

/// The pull over real HTTP on loopback, against the Procore sandbox.
@Suite("Pull against the Procore sandbox", .serialized)
struct PullSandboxTests {
    @Test("a full pull stages every record, byte for byte, within the request budget")
    func fullPull() async throws {
        let harness = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 5, recordsPerProject: 200))
        defer { Task { await harness.stop() } }
        let dataset = await harness.sandbox.dataset()
        let summary = try await harness.pull()

        #expect(summary.isComplete, "forbidden: \(summary.forbidden) failed: \(summary.failed)")
        for resource in ProcoreResource.allCases {
            #expect(summary.records[resource.stagedName] == dataset.counts[resource.stagedName],
                    "\(resource.stagedName): staged \(summary.records[resource.stagedName] ?? -1), sandbox has \(dataset.counts[resource.stagedName] ?? -1)")
            let ids = try harness.workspace.stagedIDs(run: summary.runID, resource: resource.stagedName)
            #expect(ids.count == Set(ids).count, "\(resource.stagedName) has duplicate lines")
        }
        #expect(summary.records.values.reduce(0, +) > 500)

        // Commitments carry their line items; requisitions their contract and change order items.
        var lineItems = 0
        for resource in ["purchase_order_contracts", "work_order_contracts"] {
            for line in try harness.workspace.lines(run: summary.runID, resource: resource) {
                let object = try JSONSerialization.jsonObject(with: line) as! [String: Any]
                lineItems += ((object["children"] as! [String: Any])["line_items"] as! [Any]).count
            }
        }
        #expect(lineItems > 0 && lineItems <= dataset.counts["commitment_line_items"]!)
        let requisitionLine = try #require(try harness.workspace.lines(run: summary.runID, resource: "requisitions").first)
        let requisition = try JSONSerialization.jsonObject(with: requisitionLine) as! [String: Any]
        #expect(Set((requisition["children"] as! [String: Any]).keys) == ["contract_items", "change_order_items"])

        let stats = await harness.sandbox.stats()

        // The staged record bytes are exactly the bytes the server sent.
        let project = dataset.projectIDs[0]
        let response = try await harness.rawGET("/rest/v1.1/requisitions?project_id=\(project)&per_page=100")
        #expect(response.status == 200)
        let served = try JSONSerialization.jsonObject(with: response.body) as! [[String: Any]]
        let servedIDs = Set(served.map { ($0["id"] as! NSNumber).int64Value })
        var compared = 0
        for line in try harness.workspace.lines(run: summary.runID, resource: "requisitions") {
            let object = try JSONSerialization.jsonObject(with: line) as! [String: Any]
            let id = ((object["record"] as! [String: Any])["id"] as! NSNumber).int64Value
            guard servedIDs.contains(id) else { continue }
            let raw = try #require(line.stagedRecordBytes)
            #expect(raw.first == UInt8(ascii: "{") && raw.last == UInt8(ascii: "}"))
            #expect(response.body.range(of: raw) != nil, "record \(id) differs from the served bytes")
            compared += 1
        }
        #expect(compared == served.count && compared > 0)

        // Requests: at most one per page of each (endpoint, scope), one per child list, plus tokens.
        let manifest = try harness.workspace.manifest(run: summary.runID)
        var budget = 0
        for scope in manifest.scopes {
            // payments are listed per commitment: one request each (checked below)
            if scope.resource == "contract_payments" { continue }
            budget += max(1, (scope.received + harness.perPage - 1) / harness.perPage)
            let children = ProcoreResource(name: scope.resource)!.children.count
            budget += scope.staged * children
        }
        let payments = try #require(summary.payments)
        #expect(payments.requests == payments.commitmentsAsked && payments.commitmentsAsked == payments.commitmentsKnown)
        budget += payments.requests
        #expect(stats.requestsTotal - stats.tokensIssued <= budget, "requests \(stats.requestsTotal - stats.tokensIssued) > budget \(budget)")
        #expect(stats.tokensIssued == 1)
        #expect(summary.requests == stats.requestsTotal - stats.tokensIssued)
        #expect(summary.tokens == 1)
        #expect(manifest.files.map(\.file).sorted() == ProcoreResource.allCases.map { "\($0.stagedName).jsonl" }.sorted())
        #expect(manifest.files.allSatisfy { $0.records == summary.records[String($0.file.dropLast(6))] })
        #expect(try harness.ledger.integrityCheck() == ["ok"])
    }

    @Test("an unchanged second pull stages nothing with one request per scope (payments: per open commitment); after touch, exactly the touched records")
    func incremental() async throws {
        let harness = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 5, recordsPerProject: 200))
        defer { Task { await harness.stop() } }
        let first = try await harness.pull()
        #expect(first.isComplete)

        let before = await harness.sandbox.stats()
        let second = try await harness.pull()
        let after = await harness.sandbox.stats()
        let scopes = try harness.workspace.manifest(run: second.runID).scopes.filter { $0.resource != "contract_payments" }.count
        #expect(second.records.values.reduce(0, +) == 0, "staged: \(second.records)")
        let payments = try #require(second.payments)
        #expect(payments.sweeps.isEmpty && payments.requests == payments.commitmentsAsked
                && payments.commitmentsAsked < payments.commitmentsKnown, "\(payments)")
        #expect(after.requestsTotal - before.requestsTotal <= scopes + payments.requests,
                "\(after.requestsTotal - before.requestsTotal) requests for \(scopes) scopes: \(after.requestsByEndpoint)")
        #expect(try harness.workspace.lines(run: second.runID, resource: "requisitions").isEmpty)

        let touched = await harness.sandbox.touch(resource: "requisitions", count: 10)
        #expect(touched.count == 10)
        // The sandbox stamps touched records with strictly increasing milliseconds, which can run
        // a few ms ahead of the clock; a pull starting before them would (rightly) leave them to
        // the next run's overlap. Let the clock pass them.
        try await Task.sleep(for: .milliseconds(50))
        let third = try await harness.pull()
        #expect(third.records["requisitions"] == 10)
        #expect(third.records.filter { $0.key != "requisitions" }.values.reduce(0, +) == 0)
        #expect(Set(try harness.workspace.stagedIDs(run: third.runID, resource: "requisitions")) == Set(touched))

        // --full ignores cursors and hashes.
        let full = try await harness.pull([.requisitions], full: true)
        #expect(full.records["requisitions"] == first.records["requisitions"])
    }

    @Test("forbidden projects are named (project, endpoint); everything else completes")
    func forbiddenProjects() async throws {
        let harness = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 4, recordsPerProject: 100, forbidProjects: 2))
        defer { Task { await harness.stop() } }
        let dataset = await harness.sandbox.dataset()
        let summary = try await harness.pull()
        // Payments are asked per commitment: a project whose commitments are forbidden has none to ask.
        let projectResources = ProcoreResource.allCases.filter { $0.scope == .project && !$0.listedPerCommitment }
        #expect(summary.failed.isEmpty, "\(summary.failed)")
        #expect(summary.status == "partial")
        #expect(Set(summary.forbidden.compactMap(\.projectID)) == Set(dataset.forbiddenProjectIDs))
        #expect(summary.forbidden.count == projectResources.count * dataset.forbiddenProjectIDs.count)
        #expect(summary.forbidden.allSatisfy { $0.endpoint.hasPrefix("/rest/") })
        let allowed = dataset.projectIDs.filter { !dataset.forbiddenProjectIDs.contains($0) }
        for resource in projectResources where resource.supportsUpdatedAtFilter {
            for project in allowed {
                #expect(try harness.ledger.cursor(resource: resource.stagedName, scope: "project:\(project)") != nil)
            }
            for project in dataset.forbiddenProjectIDs {
                #expect(try harness.ledger.cursor(resource: resource.stagedName, scope: "project:\(project)") == nil)
            }
        }
        #expect(summary.records["requisitions"]! > 0)
        #expect(try harness.ledger.run(summary.runID)?.status == .partial)
    }

    @Test("a pull cancelled mid-way leaves no staged file that looks whole, and no cursor moves")
    func cancelledPull() async throws {
        let harness = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 3, recordsPerProject: 200, latency: .milliseconds(30)),
                                                   perPage: 20)
        defer { Task { await harness.stop() } }
        let (pages, continuation) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await harness.pull(events: { event in
                if case .page(_, _, _, _, let staged, _) = event, staged > 0 { continuation.yield() }
            })
        }
        var seen = 0
        for await _ in pages {
            seen += 1
            if seen == 3 { break }
        }
        // Mid-pull: only hidden temporary files exist.
        #expect(harness.workspace.stagingEntries().allSatisfy { entry in
            entry == ".pull.lock" || entry.split(separator: "/").allSatisfy { $0.hasPrefix(".") }
        }, "\(harness.workspace.stagingEntries())")
        task.cancel()
        await #expect(throws: (any Error).self) { _ = try await task.value }

        let entries = harness.workspace.stagingEntries()
        #expect(!entries.contains { $0.hasSuffix(".jsonl") }, "\(entries)")
        #expect(try harness.ledger.cursors().isEmpty)
        #expect(try harness.ledger.runs(limit: 1).first?.status == .interrupted)

        // The next pull runs normally; every visible run folder has its manifest.
        let summary = try await harness.pull([.vendors, .costCodes])
        #expect(summary.isComplete)
        let visible = (try FileManager.default.contentsOfDirectory(atPath: harness.workspace.stagingRoot)).filter { !$0.hasPrefix(".") }
        #expect(visible == [summary.runID])
        for run in visible {
            #expect(FileManager.default.fileExists(atPath: "\(harness.workspace.stagingRoot)/\(run)/manifest.json"))
        }
    }

    @Test("PullRunner wires connector.yml, the secret variable and the ledger into a pull")
    func runnerFromConfiguration() async throws {
        let harness = try await PullSandboxHarness(ProcoreSandboxConfiguration(projects: 2, recordsPerProject: 60))
        defer { Task { await harness.stop() } }
        let dataset = await harness.sandbox.dataset()
        let folder = harness.workspace.folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("connector.yml")
        try Data("""
            procore:
              environment: custom
              api_base_url: \(harness.sandbox.baseURL)
              auth_base_url: \(harness.sandbox.baseURL)
              company_id: \(dataset.companyID)
              client_id: \(harness.sandbox.configuration.clientID)
              client_secret_env: TEST_PROCORE_SECRET
              per_page: 50
              projects: [\(dataset.projectIDs[1])]
            ledger:
              path: db/ledger.sqlite
            staging:
              dir: out/staging
            """.utf8).write(to: file)
        let configuration = try ConnectorConfiguration.load(
            path: file.path, environment: ["TEST_PROCORE_SECRET": harness.sandbox.configuration.clientSecret])
        let summary = try await PullRunner.run(configuration: configuration, resources: ["requisitions", "vendors"])
        #expect(summary.isComplete)
        #expect(summary.stagedDirectory == folder.path + "/out/staging/" + summary.runID)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/db/ledger.sqlite"))
        #expect(summary.records.keys.sorted() == ["requisitions", "vendors"])
        let ids = try JSONDecoder().decode(StagingManifest.self, from: Data(contentsOf: URL(fileURLWithPath: summary.stagedDirectory + "/manifest.json")))
            .scopes.compactMap(\.projectID)
        #expect(Set(ids) == [dataset.projectIDs[1]], "only the configured project is pulled")

        await #expect(throws: PullError.self) {
            _ = try await PullRunner.run(configuration: configuration, resources: ["requisitions"], projects: [123])
        }
    }
}
