import Money
import Procore
@testable import Demo
import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// A temporary demo folder with both sandboxes running, removed afterwards.
struct PayCycleHarness {
    let env: DemoEnvironment
    let folder: String

    static func start(unmapped: String? = DemoData.unmappedCostCode, writeLatency: Duration = .zero,
                      ownerBilling: OwnerBilling = .journalEntry) async throws -> PayCycleHarness {
        let folder = NSTemporaryDirectory() + "paycycle-\(UUID().uuidString)"
        let env = try await DemoEnvironment.start(directory: folder, options: .init(
            projects: 2, recordsPerProject: 60, seed: 42, writeLatency: writeLatency, unmappedCostCode: unmapped,
            ownerBilling: ownerBilling))
        return PayCycleHarness(env: env, folder: folder)
    }

    func cycle() async throws -> PayCycleSummary {
        await PayCycle(configuration: try env.configuration()).run()
    }

    func ledger() throws -> Ledger { try Ledger.open(path: try env.configuration().ledgerPath) }

    func stop() async {
        await env.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

@Suite("Pay cycle end to end over loopback", .serialized)
struct PayCycleTests {
    @Test("every posted total equals the source to the cent per vendor, job and account; a second run posts nothing and says so")
    func totalsReconcileAndSecondRunIsQuiet() async throws {
        let h = try await PayCycleHarness.start(unmapped: nil)
        defer { Task { await h.stop() } }
        let first = try await h.cycle()
        #expect(first.exitCode == 4, "the seeded dirt (long vendor names, lines without cost codes) needs a person")
        let posted = first.post?.postedCount ?? 0
        #expect(posted > 20)
        #expect(first.rejected.isEmpty)

        // The simulator holds each idempotency key once, and exactly the ledger's posted records.
        let postings = try h.env.agent.postings()
        #expect(postings.count == posted)
        #expect(Set(postings.map(\.idempotencyKey)).count == postings.count)
        let ledger = try h.ledger()
        let ledgerPosted = try ledger.records(in: .posted, limit: 10_000)
        #expect(Set(ledgerPosted.map(\.idempotencyKey)) == Set(postings.map(\.idempotencyKey)))

        // Read back per vendor, job and GL account: equal to the source amounts to the cent.
        let cycle = PayCycle(configuration: try h.env.configuration())
        let agent = try cycle.makeAgent()
        // One run, one id: its batches and its report are named after the run.
        let runID = try #require(first.runID)
        #expect(first.transforms.count == 1)
        #expect(first.reports.map(\.runID) == [runID])
        let report = try await cycle.reconcile(runID: runID, agent: agent, ledger: ledger).report
        #expect(!report.byVendor.isEmpty && !report.byJob.isEmpty && !report.byAccount.isEmpty)
        for row in report.byVendor + report.byJob + report.byAccount {
            #expect(row.difference.isZero, "\(row.kind) \(row.key ?? "-"): source \(row.sourceTotal) vs Sage \(row.postedTotal)")
            #expect(row.sourceTotal == row.postedTotal)
        }
        // The simulator's own posting amounts add up to the report's source totals per kind.
        for kind in report.summary where kind.kind != SageDocumentKind.vendors.rawValue && kind.amountsCompared {
            let simulated = postings.filter { $0.kind.rawValue == kind.kind }.reduce(Decimal(0)) { $0 + $1.amount }
            #expect(simulated == kind.sourceTotal.value, "\(kind.kind): simulator \(simulated) vs source \(kind.sourceTotal)")
        }
        // Only the dirt is left open; everything else posted.
        #expect(report.exceptions.allSatisfy { $0.kind == .invalid }, "\(report.exceptions.map(\.kind))")

        // Nothing changed: nothing is posted, and the summary says so plainly.
        let second = try await h.cycle()
        #expect(second.nothingNew)
        #expect(second.headline.hasPrefix("Nothing new to post"))
        #expect((second.post?.postedCount ?? -1) == 0)
        let postingsAfter = try h.env.agent.postings().count
        #expect(postingsAfter == postings.count)
        #expect(second.transforms.allSatisfy { $0.batches.isEmpty })
        await h.stop()
    }

    @Test("with a small batch_size each kind is split into numbered batches; all post once and reconcile to the cent")
    func smallBatchesPostAndReconcile() async throws {
        let h = try await PayCycleHarness.start(unmapped: nil)
        defer { Task { await h.stop() } }
        var config = try h.env.configuration()
        config.batchSize = 3
        let first = await PayCycle(configuration: config).run()
        let transform = try #require(first.transforms.first { !$0.batches.isEmpty })
        let invoices = transform.batches.filter { $0.kind == SageDocumentKind.apInvoices.rawValue }
        #expect(invoices.count > 1, "the sandbox has more than 3 approved requisitions")
        #expect(invoices.allSatisfy { $0.count <= 3 })
        #expect(invoices.reduce(0) { $0 + $1.count } == transform.counts("ap-invoices").valid)
        let base = "\(try #require(first.runID))-ap-invoices"
        #expect(invoices.map(\.id) == [base] + (1..<invoices.count).map { "\(base)-\($0 + 1)" })
        for batch in transform.batches {
            let manifest = try JSONDecoder().decode(OutboxManifest.self, from: Data(contentsOf: URL(fileURLWithPath: batch.path + "/manifest.json")))
            #expect(manifest.recordCount == batch.count && manifest.records.count == batch.count)
        }

        // Every document posted once, in the agent as in the ledger.
        let posted = first.post?.postedCount ?? 0
        #expect(posted == transform.batches.reduce(0) { $0 + $1.count })
        let postings = try h.env.agent.postings()
        #expect(postings.count == posted)
        #expect(Set(postings.map(\.idempotencyKey)).count == postings.count)

        // Reconciled batch by batch: every breakdown row matches to the cent.
        let report = try await PayCycle(configuration: config)
            .reconcile(runID: try #require(first.runID), agent: try PayCycle(configuration: config).makeAgent(), ledger: try h.ledger()).report
        #expect(report.batches.count == transform.batches.count)
        for row in report.byVendor + report.byJob + report.byAccount {
            #expect(row.difference.isZero, "\(row.kind) \(row.key ?? "-"): source \(row.sourceTotal) vs Sage \(row.postedTotal)")
        }
        #expect(report.exceptions.allSatisfy { $0.kind == .invalid }, "\(report.exceptions.map(\.kind))")
        await h.stop()
    }

    @Test("link_back: every posted commitment and requisition carries its Sage key as origin_id in Procore; the linked versions are unchanged, not drift; a second run links nothing")
    func linkBack() async throws {
        let h = try await PayCycleHarness.start(unmapped: nil)
        defer { Task { await h.stop() } }
        var config = try h.env.configuration()
        config.mapping.linkBack = true
        let first = await PayCycle(configuration: config).run()
        let ledger = try h.ledger()
        let posted = try ledger.records(in: .posted, limit: 100_000).filter { OriginLink.resources.contains($0.resource) }
        #expect(posted.contains { $0.resource == "requisitions" } && posted.contains { $0.resource != "requisitions" })
        #expect(first.links?.linked == posted.count && first.links?.refused.isEmpty == true, "\(String(describing: first.links))")

        struct Origin: Decodable { var originID: String? }
        let client = ProcoreClient(configuration: try config.base.procore.clientConfiguration(file: config.file))
        #expect(posted.contains { $0.resource == "contract_payments" }, "Procore's payments posted as manual checks are linked too")
        for record in posted {
            if record.resource == "contract_payments" {
                // Listed per commitment only: find it among its commitment's payments.
                let contract = try #require(try ledger.sourceContract(resource: record.resource, record.sourceID)?.commitmentID)
                let payments = try await client.contractPayments(projectID: try #require(record.projectID), contractID: contract)
                #expect(payments.first { $0.id == record.sourceID }?.originID == record.targetKey, "payment \(record.sourceID)")
                continue
            }
            let resource = try #require(ProcoreResource(name: record.resource))
            let fetched = try await client.get(resource, id: record.sourceID, projectID: record.projectID)
            #expect(try fetched.decode(Origin.self).originID == record.targetKey, "\(record.resource) \(record.sourceID)")
        }

        // Procore stamped each linked record: the next pull brings the new versions, which send
        // Sage the same documents: unchanged, not drift, nothing posted, nothing linked again.
        let second = await PayCycle(configuration: config).run()
        #expect((second.post?.postedCount ?? -1) == 0)
        #expect(try ledger.records(in: .drift, limit: 10).isEmpty, "a link written by the connector is not a change to correct in Sage")
        #expect(second.links?.linked == 0)
        let keys = try h.env.agent.postings().map(\.idempotencyKey)
        #expect(Set(keys).count == keys.count)
        await h.stop()
    }

    @Test("owner_billing: sales_order in connector.yml: pay apps post as customers and sales orders through eBusiness and reconcile")
    func salesOrdersThroughTheRun() async throws {
        let h = try await PayCycleHarness.start(unmapped: nil, ownerBilling: .salesOrder)
        defer { Task { await h.stop() } }
        let config = try h.env.configuration()
        #expect(config.mapping.ownerBilling == .salesOrder)
        let first = try await h.cycle()
        let transform = try #require(first.transforms.first { !$0.batches.isEmpty })
        let orders = try #require(transform.batches.first { $0.kind == SageDocumentKind.salesOrders.rawValue })
        #expect(orders.count > 0)
        // The envelopes in the outbox carry no password.
        for name in try FileManager.default.contentsOfDirectory(atPath: orders.path) where name.hasSuffix(".xml") {
            let text = try String(contentsOfFile: orders.path + "/" + name, encoding: .utf8)
            #expect(!text.contains(h.env.agent.configuration.ebusinessPassword), "\(name)")
            #expect(text.contains("********"))
        }
        let ledger = try h.ledger()
        let posted = try ledger.records(in: .posted, limit: 10_000).filter { $0.idempotencyKey.contains(":sales-orders:") }
        #expect(posted.count == orders.count)

        // Read back through GetSalesOrder: the sales orders' totals equal the source to the cent.
        let cycle = PayCycle(configuration: config)
        let report = try await cycle.reconcile(runID: try #require(first.runID), agent: try cycle.makeAgent(), ledger: ledger).report
        let kind = try #require(report.summary.first { $0.kind == SageDocumentKind.salesOrders.rawValue })
        #expect(kind.sourceTotal == kind.postedTotal)
        #expect(kind.postedDocuments == orders.count)
        #expect(report.exceptions.allSatisfy { $0.kind == .invalid }, "\(report.exceptions.map(\.reason))")

        // Nothing new: no SOAP call creates anything a second time.
        let second = try await h.cycle()
        #expect((second.post?.postedCount ?? -1) == 0)
        await h.stop()
    }

    @Test("each kind of seeded dirt is rejected naming the record and the field; everything else posts")
    func dirtIsNamed() async throws {
        let h = try await PayCycleHarness.start()
        defer { Task { await h.stop() } }
        let first = try await h.cycle()
        let invalid = first.invalid
        func find(_ text: String) -> TransformSummary.InvalidRecord? {
            invalid.first { record in record.reasons.contains { $0.contains(text) } }
        }
        // Over-long vendor name: record and field named.
        let long = try #require(find("VendorName is 59 characters"))
        #expect(long.resource == "vendors" && long.sourceID == 2_700_009)
        #expect(long.reasons.joined().contains("vendor 2700009"))
        // Names that start like a formula ("+1 Plumbing & Heating", "=Summit Steel Erectors")
        // are real names: nothing is refused for them, so they and what depends on them post.
        #expect(find("formula") == nil, "\(invalid.map(\.reasons))")
        #expect(!invalid.contains { $0.label.contains("+1 Plumbing") || $0.label.contains("=Summit") })
        // A schedule of values line without a cost code: line item named.
        let noCode = try #require(find("has no cost code"))
        #expect(noCode.reasons.joined().contains("line item") || noCode.reasons.joined().contains("contract item"))
        // The cost code the mapping leaves out.
        let unmapped = try #require(find(DemoData.unmappedCostCode))
        #expect(unmapped.label.contains("\(unmapped.sourceID)"))
        // Everything else posted: no live record is left anywhere but posted or invalid.
        let counts = try h.ledger().recordCountsByState()
        for (state, count) in counts where count > 0 {
            #expect([RecordState.posted, .invalid, .superseded].contains(state), "\(count) record(s) in \(state)")
        }
        #expect((counts[.invalid] ?? 0) == invalid.count)
        #expect((counts[.posted] ?? 0) == first.post?.postedCount)

        // The report groups them by root cause: a payment of a refused requisition, or a change
        // order of a refused commitment, counts under that record's cause, with the dollars held.
        struct Written: Decodable { var report: ReconciliationReport }
        let firstReport = try JSONDecoder().decode(
            Written.self, from: Data(contentsOf: URL(fileURLWithPath: try #require(first.reports.first).json))).report
        let refused = firstReport.exceptions.filter { $0.kind == .invalid || $0.kind == .rejected }
        #expect((1...8).contains(firstReport.rootCauses.count), "\(firstReport.rootCauses.map(\.cause))")
        #expect(firstReport.rootCauses.reduce(0) { $0 + $1.records + $1.blockedRecords } == refused.count)
        #expect(!firstReport.rootCauses.contains { $0.cause.contains("is invalid in this transform") })
        #expect(firstReport.rootCauses.contains { $0.blockedRecords > 0 })
        for cause in firstReport.rootCauses {
            for held in cause.held where held.kind != SageDocumentKind.vendors.rawValue {
                #expect(held.recordsWithoutAmount == 0 && !held.amount.isZero, "\(cause.cause): \(held)")
            }
        }
        #expect(refused.allSatisfy { $0.vendorName != nil }, "every refused record names its vendor")
        // status groups the open records by cause with the dollars they hold back and their age.
        let status = try StatusReport.build(ledger: try h.ledger())
        let invalidGroup = try #require(status.failures.first { $0.reason == "invalid" })
        let unmappedCause = try #require(invalidGroup.commonErrors.first { $0.error.contains(DemoData.unmappedCostCode) })
        #expect(unmappedCause.heldAmount.flatMap { Money.parse($0) }.map { $0 > 0 } == true)
        #expect(unmappedCause.since != nil)
        #expect(!invalidGroup.commonErrors.contains { $0.error.contains("is invalid in this transform") },
                "a payment of a refused requisition counts under the requisition's cause")
        #expect(invalidGroup.commonErrors.contains { $0.blocked > 0 })
        #expect(status.text.contains("holds back $"))

        // The report's fix sheet has a row for each thing to fill in: the unmapped cost code (per
        // type), each over-long vendor name, each commitment line without a cost code.
        let config = try h.env.configuration()
        let sheetPath = (try #require(first.reports.first).json as NSString).deletingLastPathComponent + "/fixes.csv"
        let sheet = try String(contentsOfFile: sheetPath, encoding: .utf8)
        #expect(FixSheet.isFixSheet(sheet))
        #expect(sheet.contains("gl_account,\(DemoData.unmappedCostCode)|"))
        #expect(sheet.contains("vendor_name,2700009,") && sheet.contains("vendor_name,2700046,"))
        #expect(sheet.contains("cost_code,work_order_contracts|"))
        // Finance fills it in (as the demo does) and drops it into the inbox: that alone clears every one.
        let correction = DemoCorrection.fill(sheet: sheet, ledger: try PayCycle(configuration: config).openLedger(),
                                             unmappedCostCode: DemoData.unmappedCostCode)
        #expect(correction.notes.count >= 5, "\(correction.notes)")
        try Data(correction.sheet.utf8).write(to: URL(fileURLWithPath: config.inboxDirectory + "/fixes.csv"))
        let second = try await h.cycle()
        #expect(second.replay?.fixRows.count == correction.notes.count, "\(String(describing: second.replay?.fixRows))")
        #expect(second.replay?.files.first?.kind == "fix_sheet")
        #expect(second.exitCode == 0, "\(second.headline)")
        #expect(second.invalid.isEmpty)
        #expect(second.reports.allSatisfy { $0.reconciled })
        let stillInvalid = try h.ledger().recordCountsByState()[.invalid, default: 0]
        #expect(stillInvalid == 0)
        // The second report says what it resolved of the first: every refused record, with the
        // cause that held it back and since when.
        let secondReport = try JSONDecoder().decode(
            Written.self, from: Data(contentsOf: URL(fileURLWithPath: try #require(second.reports.last).json))).report
        #expect(secondReport.resolved.count == refused.count)
        #expect(Set(secondReport.resolved.map(\.cause)).isSubset(of: Set(refused.compactMap(\.cause))))
        #expect(secondReport.resolved.allSatisfy { !$0.heldSince.isEmpty && $0.sageKey != nil })
        #expect(secondReport.headline().hasSuffix("(\(refused.count) held back earlier, now resolved)"))
        // Each report carries the job-to-date section of the jobs its run touched: the first one
        // differs by the records it held back, the second agrees to the cent on every commitment.
        func jobToDate(_ report: String) throws -> JobToDateReport {
            try JSONDecoder().decode(JobToDateReport.self, from: Data(contentsOf: URL(
                fileURLWithPath: (report as NSString).deletingLastPathComponent + "/job-to-date.json")))
        }
        let firstJobToDate = try jobToDate(try #require(first.reports.first).json)
        #expect(firstJobToDate.explained > 0 && firstJobToDate.differing == 0 && !firstJobToDate.agrees, "\(firstJobToDate.headline())")
        let secondJobToDate = try jobToDate(try #require(second.reports.last).json)
        #expect(secondJobToDate.agrees && secondJobToDate.commitments > 0, "\(secondJobToDate.headline())")
        #expect(secondReport.notes.contains { $0.hasPrefix(secondJobToDate.headline()) })

        // A commitment is not a cost: Sage's committed cost per job (its purchase order lines,
        // the change orders' included) equals Procore's revised commitments to the cent, and no
        // journal entry the connector posted touches a cost account.
        let ledger = try h.ledger()
        let high = try ledger.sourceSequenceHigh()
        var revised: [String: Decimal] = [:]
        for resource in ["purchase_order_contracts", "work_order_contracts"] {
            let keys = try ledger.newestSourceKeys(resource: resource, after: 0, through: high)
            for version in try ledger.sourceVersions(seqs: keys.map(\.seq)) {
                let wrapper = try #require(try JSONSerialization.jsonObject(with: version.line) as? [String: Any])
                let record = (wrapper["record"] as? [String: Any]) ?? wrapper
                let status = (record["status"] as? String ?? "").lowercased()
                guard status == "approved" || status == "complete", record["deleted_at"] is NSNull || record["deleted_at"] == nil else { continue }
                let job = try #require(version.projectID.flatMap { config.mapping.projects[$0]?.jobNo })
                revised[job, default: 0] += try #require(Decimal(string: record["revised_contract"] as? String ?? ""))
            }
        }
        let agent = try PayCycle(configuration: config).makeAgent()
        var committed: [String: Decimal] = [:]
        for order in try await agent.postedDocuments(.purchaseOrders, batch: nil) {
            for line in order.record["lines"]?.arrayValue ?? [] {
                committed[line["JobNo"]?.stringValue ?? "", default: 0] += Decimal(string: line["ExtensionAmt"]?.stringValue ?? "") ?? 0
            }
        }
        #expect(!revised.isEmpty)
        #expect(committed == revised)
        let costAccounts = Set(try await agent.allGLAccounts().filter { $0.account.hasPrefix("5") }.map(\.accountKey))
        for entry in try await agent.postedDocuments(.glEntries, batch: nil) {
            for line in entry.record["lines"]?.arrayValue ?? [] {
                #expect(!costAccounts.contains(line["AccountKey"]?.stringValue ?? ""), "journal entry \(entry.sageKey) posts to cost account \(line["AccountKey"]?.stringValue ?? "")")
            }
        }
        await h.stop()
    }

    @Test("the configuration template loads, and an unknown key is an error naming it")
    func configuration() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let template = root.appendingPathComponent("templates/connector.yml").path
        let loaded = try RunConfiguration.load(path: template, requireSecrets: false)
        #expect(loaded.sage.company == "ABC")
        #expect(loaded.sage.verifyTLS)
        #expect(loaded.approvalRequired == false)
        #expect(loaded.vendorNamePolicy == .reject)
        #expect(loaded.outboxDirectory.hasSuffix("/templates/outbox"))
        #expect(loaded.jobToDateInReports == false, "a run's cost follows what changed: the per-run job-to-date section is opt-in")
        let wrongMode = try String(contentsOfFile: template, encoding: .utf8).replacingOccurrences(of: "  job_to_date: off", with: "  job_to_date: yes")
        #expect(throws: ConfigurationError.invalidValue(file: "connector.yml", key: "reports.job_to_date", value: "yes",
                                                        expected: "touched_jobs (each run's report gets the job-to-date section of the jobs it touched) or off")) {
            _ = try RunConfiguration.parse(yaml: wrongMode, file: "connector.yml", baseDirectory: root.appendingPathComponent("templates").path,
                                           requireSecrets: false)
        }

        var text = try String(contentsOfFile: template, encoding: .utf8)
        text = text.replacingOccurrences(of: "  verify_tls: true", with: "  verify_tsl: true")
        do {
            _ = try RunConfiguration.parse(yaml: text, file: "connector.yml", baseDirectory: root.appendingPathComponent("templates").path,
                                           requireSecrets: false)
            Issue.record("an unknown key was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("sage.verify_tsl"))
            #expect(error.description.contains("verify_tls"), "the known keys are listed")
        }
        // A secret that is not in the environment is named, never printed.
        let original = try String(contentsOfFile: template, encoding: .utf8)
        do {
            _ = try RunConfiguration.parse(yaml: original, file: "connector.yml",
                                           baseDirectory: root.appendingPathComponent("templates").path,
                                           environment: [:], requireSecrets: true)
            Issue.record("a missing secret was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("procore.client_secret_env") && !error.description.contains("PROCORE_CLIENT_SECRET"))
        }
    }
}
