import ConnectorTesting
import Foundation
import HTTP
import Procore
import Sandbox
import Synchronization
import Testing

/// The real client against the real sandbox over loopback HTTP (libcurl <-> Hummingbird).
@Suite("Procore client against the sandbox", .serialized)
struct ProcoreSandboxIntegrationTests {
    @Test("paging through every page returns exactly the dataset, each record once")
    func fullPagination() async throws {
        let h = try await ProcoreSandboxHarness.start(ProcoreSandboxConfiguration(projects: 3, recordsPerProject: 150), perPage: 7)
        defer { Task { await h.sandbox.stop() } }
        let dataset = await h.sandbox.dataset()
        let projects = try await h.client.projects()
        #expect(projects.map(\.id).sorted() == dataset.projectIDs.sorted())
        let vendors = try await h.listAll(.vendors, projects: [nil])
        #expect(vendors.count == dataset.counts["vendors"])
        #expect(Set(vendors.keys) == Set(dataset.vendorIDs))
        let requisitions = try await h.listAll(.requisitions, projects: dataset.projectIDs)
        #expect(requisitions.count == dataset.counts["requisitions"])
        let pos = try await h.listAll(.purchaseOrderContracts, projects: dataset.projectIDs)
        #expect(pos.count == dataset.counts["purchase_order_contracts"])

        // Page numbers and Total as reported.
        let collector = RecordCollector()
        try await h.client.list(.requisitions, projectID: dataset.projectIDs[0], updatedBetween: nil) { page in
            await collector.add(page: page)
        }
        let pages = await collector.pages
        let total = try #require(pages.first?.total)
        #expect(pages.map(\.page) == Array(1...pages.count))
        #expect(pages.count == (total + 6) / 7)
        #expect(pages.reduce(0) { $0 + $1.records.count } == total)
        #expect(pages.dropLast().allSatisfy { $0.records.count == 7 })
        let m = await h.client.metrics
        #expect(m.tokensIssued == 1)
        #expect(m.rateLimited == 0)
    }

    @Test("deleted records are hidden unless includeDeleted is set, then they carry deleted_at")
    func includeDeleted() async throws {
        let sandbox = try await ProcoreSandbox.start(ProcoreSandboxConfiguration(projects: 4, recordsPerProject: 200))
        defer { Task { await sandbox.stop() } }
        let dataset = await sandbox.dataset()
        let plain = ProcoreSandboxHarness(sandbox: sandbox, client: ProcoreSandboxHarness.makeClient(sandbox))
        let live = try await plain.listAll(.purchaseOrderContracts, projects: dataset.projectIDs)
        #expect(live.count == dataset.counts["purchase_order_contracts"])

        var config = plain.client.configuration
        config.includeDeleted = true
        let withDeleted = ProcoreSandboxHarness(sandbox: sandbox, client: ProcoreClient(configuration: config, http: CurlHTTPClient()))
        let all = try await withDeleted.listAll(.purchaseOrderContracts, projects: dataset.projectIDs)
        let deleted = dataset.deletedCounts["purchase_order_contracts"] ?? 0
        #expect(all.count == live.count + deleted)
        let flagged = try all.values.filter { try $0.decode(PurchaseOrderContract.self).deletedAt != nil }
        #expect(flagged.count == deleted)
    }

    @Test("the updated_at window returns only records touched inside it")
    func updatedWindow() async throws {
        let h = try await ProcoreSandboxHarness.start(ProcoreSandboxConfiguration(projects: 2, recordsPerProject: 100), perPage: 20)
        defer { Task { await h.sandbox.stop() } }
        let from = Self.iso(Date().addingTimeInterval(-1))
        let touched = await h.sandbox.touch(resource: "requisitions", count: 5)
        #expect(touched.count == 5)
        let to = Self.iso(Date().addingTimeInterval(2))
        let dataset = await h.sandbox.dataset()
        let collected = RecordCollector()
        for project in dataset.projectIDs {
            try await h.client.list(.requisitions, projectID: project, updatedBetween: (from, to)) { page in
                await collected.add(page.records)
            }
        }
        let ids = await collected.records.map(\.id)
        #expect(Set(ids) == Set(touched))
    }

    @Test("every record of every resource decodes into its model, money exactly")
    func modelsDecode() async throws {
        let h = try await ProcoreSandboxHarness.start(ProcoreSandboxConfiguration(projects: 1, recordsPerProject: 200), perPage: 100)
        defer { Task { await h.sandbox.stop() } }
        let project = try #require(await h.sandbox.dataset().projectIDs.first)
        let companies = try await h.client.companies()
        #expect(companies.first?.id == h.sandbox.configuration.companyID)
        var decoded = 0
        for resource in ProcoreResource.allCases {
            // line_item_types is company-wide, but its spec requires a project_id too
            let scope: Int64? = resource.scope == .project || resource == .lineItemTypes ? project : nil
            let records = try await h.listAll(resource, projects: [scope]).values.sorted { $0.id < $1.id }
            for record in records {
                try Self.decode(resource, record)
                decoded += 1
            }
            if let parent = records.first, !resource.children.isEmpty {
                let children = try await h.client.children(resource, parentID: parent.id, projectID: scope)
                for (name, items) in children {
                    for item in items {
                        switch name {
                        case "contract_items": _ = try item.decode(RequisitionContractItem.self, resource: name)
                        case "change_order_items": _ = try item.decode(RequisitionChangeOrderItem.self, resource: name)
                        default: _ = try item.decode(CommitmentLineItem.self, resource: name)
                        }
                    }
                }
            }
        }
        #expect(decoded > 50)

        // Requisition items add up to the requisition's claim, to the cent.
        let requisitions = try await h.listAll(.requisitions, projects: [project]).values
        var checked = 0
        for record in requisitions.prefix(5) {
            let requisition = try record.decode(Requisition.self, resource: "requisitions")
            let items = try await h.client.children(.requisitions, parentID: record.id, projectID: project)
            let contract = try (items["contract_items"] ?? []).map { try $0.decode(RequisitionContractItem.self) }
            let changes = try (items["change_order_items"] ?? []).map { try $0.decode(RequisitionChangeOrderItem.self) }
            let billed = contract.compactMap(\.workCompletedThisPeriod).reduce(Decimal(0), +)
                + changes.compactMap(\.workCompletedThisPeriod).reduce(Decimal(0), +)
            if let claimed = requisition.totalClaimedAmount {
                #expect(billed == claimed, "requisition \(record.id)")
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test("single records by id")
    func getByID() async throws {
        let h = try await ProcoreSandboxHarness.start(ProcoreSandboxConfiguration(projects: 1, recordsPerProject: 100))
        defer { Task { await h.sandbox.stop() } }
        let project = try #require(await h.sandbox.dataset().projectIDs.first)
        let list = try await h.listAll(.requisitions, projects: [project])
        let some = try #require(list.values.first)
        let fetched = try await h.client.get(.requisitions, id: some.id, projectID: project)
        #expect(fetched.id == some.id)
        #expect(fetched.updatedAt == some.updatedAt)
        #expect(try await h.client.get(.projects, id: project, projectID: nil).id == project)
        await #expect(throws: ProcoreError.self) { try await h.client.get(.requisitions, id: 1, projectID: project) }
    }

    @Test("token TTL of a few seconds over a longer listing: renewed just ahead of expiry, once per lifetime")
    func tokenRenewal() async throws {
        let h = try await ProcoreSandboxHarness.start(
            ProcoreSandboxConfiguration(projects: 1, recordsPerProject: 300, tokenTTL: .seconds(6), latency: .milliseconds(60)),
            perPage: 3, maxConcurrent: 1, renewalMargin: .seconds(2))
        defer { Task { await h.sandbox.stop() } }
        let project = try #require(await h.sandbox.dataset().projectIDs.first)
        let started = ContinuousClock.now
        let expected = await h.sandbox.dataset().counts["requisitions"] ?? 0
        var got = 0
        while ContinuousClock.now - started < .seconds(12) {
            got = try await h.listAll(.requisitions, projects: [project]).count
            #expect(got == expected)
        }
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        let m = await h.client.metrics
        let stats = await h.sandbox.stats()
        // Renewed 0.6 s (a tenth of the lifetime) before each 6 s expiry: one token per 5.4 s of
        // work, never a 401 on the way.
        let lower = Int(elapsed / 5.4)
        let upper = Int((elapsed / 5.4).rounded(.up)) + 1
        #expect((lower...upper).contains(m.tokensIssued), "\(m.tokensIssued) tokens in \(elapsed) s")
        #expect(stats.tokensIssued == m.tokensIssued)
        #expect(m.retries == 0, "a request met an expired token")
    }

    @Test("spike limit 25 per 10 s: pacing avoids every 429")
    func spikeLimit() async throws {
        let waits = Mutex(0)
        let sandbox = try await ProcoreSandbox.start(ProcoreSandboxConfiguration(projects: 2, recordsPerProject: 300, spikeLimit: 25))
        defer { Task { await sandbox.stop() } }
        let dataset = await sandbox.dataset()
        // About 30 requests: enough to cross the 25-request window once, quick enough for a test.
        let perPage = max(1, (dataset.counts["requisitions"] ?? 0) / 28)
        let client = ProcoreSandboxHarness.makeClient(sandbox, perPage: perPage, maxConcurrent: 4, onEvent: { event in
            if case .waiting(_, .pacing, _) = event { waits.withLock { $0 += 1 } }
        })
        let h = ProcoreSandboxHarness(sandbox: sandbox, client: client)
        let records = try await h.listAll(.requisitions, projects: dataset.projectIDs)
        #expect(records.count == dataset.counts["requisitions"])
        let m = await h.client.metrics
        let stats = await h.sandbox.stats()
        #expect(m.requests > 25, "the test must cross the limit to mean anything (\(m.requests) requests)")
        #expect(stats.rateLimited == 0)
        #expect(m.rateLimited == 0)
        #expect(m.waitsForPacing > 0)
        #expect(waits.withLock { $0 } == m.waitsForPacing)
    }

    @Test("5% of requests answered 503: every record still arrives")
    func failRate() async throws {
        let h = try await ProcoreSandboxHarness.start(
            ProcoreSandboxConfiguration(projects: 3, recordsPerProject: 150, failRate: 0.05), perPage: 5)
        defer { Task { await h.sandbox.stop() } }
        let dataset = await h.sandbox.dataset()
        let requisitions = try await h.listAll(.requisitions, projects: dataset.projectIDs)
        #expect(requisitions.count == dataset.counts["requisitions"])
        let costCodes = try await h.listAll(.costCodes, projects: dataset.projectIDs)
        #expect(costCodes.count == dataset.counts["cost_codes"])
        let m = await h.client.metrics
        let stats = await h.sandbox.stats()
        #expect(stats.unavailable > 0, "no 503 was injected in \(m.requests) requests")
        #expect(m.unavailable == stats.unavailable)
        #expect(m.retries >= m.unavailable)
    }

    @Test("a project outside the service account answers .forbidden with its id; others still work")
    func forbiddenProject() async throws {
        let h = try await ProcoreSandboxHarness.start(ProcoreSandboxConfiguration(projects: 3, recordsPerProject: 60, forbidProjects: 1))
        defer { Task { await h.sandbox.stop() } }
        let dataset = await h.sandbox.dataset()
        let forbidden = try #require(dataset.forbiddenProjectIDs.first)
        do {
            try await h.client.list(.requisitions, projectID: forbidden, updatedBetween: nil) { _ in }
            Issue.record("no error for the forbidden project")
        } catch let error as ProcoreError {
            #expect(error == .forbidden(project: forbidden, endpoint: "/rest/v1.1/requisitions"))
            #expect(error.description.contains("\(forbidden)"))
        }
        let allowed = try #require(dataset.projectIDs.first { $0 != forbidden })
        try await h.client.list(.requisitions, projectID: allowed, updatedBetween: nil) { _ in }
        #expect(await h.client.metrics.retries == 0)
    }

    @Test("a wrong secret: a clear error naming the client id, never the secret")
    func wrongSecret() async throws {
        let h = try await ProcoreSandboxHarness.start(ProcoreSandboxConfiguration(projects: 1, recordsPerProject: 20),
                                               secret: "not-the-secret-xyz")
        defer { Task { await h.sandbox.stop() } }
        do {
            _ = try await h.client.projects()
            Issue.record("accepted a wrong secret")
        } catch let error as ProcoreError {
            guard case .authenticationFailed(let clientID, let url, let status, _) = error else {
                Issue.record("wrong error: \(error)"); return
            }
            #expect(clientID == "sandbox-client")
            #expect(status == 401)
            #expect(url.hasSuffix("/oauth/token"))
            #expect(error.description.contains("sandbox-client"))
            #expect(!error.description.contains("not-the-secret-xyz"))
            #expect(!"\(error)".contains("not-the-secret-xyz"))
        }
        #expect(await h.sandbox.stats().requestsTotal <= 1)
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    static func decode(_ resource: ProcoreResource, _ record: ProcoreRecord) throws {
        let name = resource.stagedName
        switch resource {
        case .vendors: _ = try record.decode(Vendor.self, resource: name)
        case .projects: _ = try record.decode(Project.self, resource: name)
        case .costCodes: _ = try record.decode(CostCode.self, resource: name)
        case .lineItemTypes: _ = try record.decode(LineItemType.self, resource: name)
        case .purchaseOrderContracts: _ = try record.decode(PurchaseOrderContract.self, resource: name)
        case .workOrderContracts: _ = try record.decode(WorkOrderContract.self, resource: name)
        case .requisitions: _ = try record.decode(Requisition.self, resource: name)
        case .commitmentChangeOrders: _ = try record.decode(CommitmentChangeOrder.self, resource: name)
        case .changeOrderPackages: _ = try record.decode(ChangeOrderPackage.self, resource: name)
        case .primeContracts: _ = try record.decode(PrimeContract.self, resource: name)
        case .paymentApplications: _ = try record.decode(PaymentApplication.self, resource: name)
        case .contractPayments: _ = try record.decode(ContractPayment.self, resource: name)
        case .directCosts: _ = try record.decode(DirectCost.self, resource: name)
        }
    }
}
