import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// Exact cents from a decimal string such as "15000.0" or "-12.5".
func procoreCents(_ any: Any?) -> Int64? {
    guard let text = any as? String else { return nil }
    guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
    var scaled = d * 100, rounded = Decimal()
    NSDecimalRound(&rounded, &scaled, 0, .plain)
    guard rounded == scaled else { return nil }     // more than two decimals
    return NSDecimalNumber(decimal: rounded).int64Value
}

func procoreID(_ any: Any?) -> Int64? { (any as? NSNumber)?.int64Value }

@Suite("Procore sandbox: generated data")
struct ProcoreSandboxDataTests {
    @Test("same seed, same bytes; another seed, other data")
    func determinism() async throws {
        func fetch(_ seed: UInt64) async throws -> [Data] {
            try await ProcoreSandboxHarness.with(.init(seed: seed, projects: 2, recordsPerProject: 150)) { h in
                let token = try await h.token()
                let p = await h.sandbox.dataset().projectIDs[1]
                var bodies: [Data] = []
                for path in ["/rest/v1.0/vendors?company_id=\(h.companyID)&per_page=1000",
                             "/rest/v1.1/requisitions?project_id=\(p)&per_page=1000&view=items",
                             "/rest/v1.0/work_order_contracts?project_id=\(p)&per_page=1000",
                             "/rest/v1.0/projects/\(p)/commitment_change_orders",
                             "/rest/v1.1/projects/\(p)/direct_costs?per_page=1000"] {
                    let r = try await h.get(path, token: token)
                    #expect(r.status == 200)
                    bodies.append(r.body)
                }
                return bodies
            }
        }
        let a = try await fetch(7), b = try await fetch(7), c = try await fetch(8)
        #expect(a == b)
        #expect(a[1] != c[1] && a[2] != c[2])
    }

    @Test("updated_at window filter, sort and touch: touched records move into a later window")
    func updatedAtAndTouch() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            let path = "/rest/v1.1/requisitions?project_id=\(p)&per_page=10000"
            let all = try await h.records(path, token: token)
            let stamps = all.compactMap { $0["updated_at"] as? String }.sorted()
            #expect(stamps.count == all.count && all.count > 10)
            // inclusive window between the 3rd and the 8th timestamps
            let window = "filters[updated_at]=\(stamps[2])...\(stamps[7])"
            let inside = try await h.records(path + "&" + window, token: token)
            let expected = all.filter { ($0["updated_at"] as! String) >= stamps[2] && ($0["updated_at"] as! String) <= stamps[7] }
            #expect(Set(inside.compactMap { procoreID($0["id"]) }) == Set(expected.compactMap { procoreID($0["id"]) }))
            // a date-only window covers whole days
            let day = String(stamps[0].prefix(10))
            let byDay = try await h.records(path + "&filters[updated_at]=\(day)...\(day)", token: token)
            #expect(byDay.count == all.filter { ($0["updated_at"] as! String).hasPrefix(day) }.count && !byDay.isEmpty)
            // sort
            let sorted = try await h.records(path + "&sort=-updated_at", token: token)
            let sortedStamps = sorted.compactMap { $0["updated_at"] as? String }
            #expect(sortedStamps == sortedStamps.sorted(by: >))

            let before = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
            let touched = await h.sandbox.touch(resource: "requisitions", count: 3)
            #expect(touched.count == 3)
            let recent = try await h.records("/rest/v1.1/requisitions?project_id=\(p)&per_page=100&filters[updated_at]=\(before)...2100-01-01", token: token)
            let other = try await h.records("/rest/v1.1/requisitions?project_id=\(data(h).projectIDs[1])&per_page=100&filters[updated_at]=\(before)...2100-01-01", token: token)
            let seen = Set((recent + other).compactMap { procoreID($0["id"]) })
            #expect(seen == Set(touched))
            let newStamps = (recent + other).compactMap { $0["updated_at"] as? String }.sorted()
            #expect(Set(newStamps).count == 3, "touch times are strictly increasing")

            // the admin route does the same over HTTP
            let viaHTTP = try await h.post("/_sandbox/touch?resource=purchase_order_contracts&count=2")
            #expect(viaHTTP.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: viaHTTP.body) as? [String: Any])
            #expect((json["ids"] as? [Any])?.count == 2)
            let bad = try await h.post("/_sandbox/touch?resource=nonsense&count=2")
            #expect(bad.status == 400)
            #expect(bad.text.contains("requisitions"), "the error lists the valid resources")
            let invalid = try await h.get(path + "&filters[updated_at]=yesterday", token: token)
            #expect(invalid.status == 400)
            #expect(invalid.text.contains("filters[updated_at]"))
        }
    }

    func data(_ h: ProcoreSandboxHarness) async -> ProcoreSandboxDataset { await h.sandbox.dataset() }

    @Test("deleted records appear only with filters[include_deleted]")
    func deletedRecords() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 3, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let d = await h.sandbox.dataset()
            #expect((d.deletedCounts["work_order_contracts"] ?? 0) + (d.deletedCounts["purchase_order_contracts"] ?? 0) >= 3)
            var hidden = 0, only = 0, with = 0, plain = 0
            for p in d.projectIDs {
                for resource in ["work_order_contracts", "purchase_order_contracts"] {
                    let base = "/rest/v1.0/\(resource)?project_id=\(p)&per_page=1000"
                    let visible = try await h.records(base, token: token)
                    let onlyDeleted = try await h.records(base + "&filters[include_deleted]=only", token: token)
                    let both = try await h.records(base + "&filters[include_deleted]=with", token: token)
                    #expect(visible.allSatisfy { $0["deleted_at"] is NSNull })
                    #expect(onlyDeleted.allSatisfy { $0["deleted_at"] is String })
                    #expect(both.count == visible.count + onlyDeleted.count)
                    hidden += onlyDeleted.count; only += onlyDeleted.count; with += both.count; plain += visible.count
                }
            }
            #expect(only > 0 && hidden == only && with == plain + only)
        }
    }

    @Test("money reconciles to the cent: line items, requisition items and G702 summaries")
    func moneyReconciles() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            var checkedRequisitions = 0
            for kind in ["purchase_order_contracts", "work_order_contracts"] {
                for c in try await h.records("/rest/v1.0/\(kind)?project_id=\(p)&per_page=1000", token: token) {
                    let id = try #require(procoreID(c["id"]))
                    let lines = try await h.records("/rest/v1.0/\(kind)/\(id)/line_items?project_id=\(p)&per_page=1000", token: token)
                    let sum = lines.compactMap { procoreCents($0["amount"]) }.reduce(0, +)
                    #expect(lines.allSatisfy { procoreCents($0["amount"]) != nil }, "amounts are exact decimal strings")
                    #expect(procoreCents(c["grand_total"]) == sum, "\(kind) \(id): grand_total vs line items")
                    #expect(procoreCents(c["revised_contract"]) == sum + (procoreCents(c["approved_change_orders"]) ?? 0))
                }
            }
            for r in try await h.records("/rest/v1.1/requisitions?project_id=\(p)&per_page=1000", token: token) {
                let id = try #require(procoreID(r["id"]))
                let s = try #require(r["summary"] as? [String: Any])
                let items = try await h.records("/rest/v1.0/requisitions/\(id)/contract_items?project_id=\(p)&per_page=1000", token: token)
                    + h.records("/rest/v1.0/requisitions/\(id)/change_order_items?project_id=\(p)&per_page=1000", token: token)
                func total(_ key: String) -> Int64 { items.compactMap { procoreCents($0[key]) }.reduce(0, +) }
                let completed = total("total_completed_and_stored_to_date")
                let retainage = total("work_completed_retainage_from_previous_application") + total("work_completed_retainage_retained_this_period")
                let thisPeriod = total("work_completed_this_period")
                let retainedNow = total("work_completed_retainage_retained_this_period")
                #expect(procoreCents(s["total_completed_and_stored_to_date"]) == completed, "requisition \(id)")
                #expect(procoreCents(s["total_retainage"]) == retainage, "requisition \(id)")
                #expect(procoreCents(s["current_payment_due"]) == thisPeriod - retainedNow, "requisition \(id)")
                #expect(procoreCents(s["total_earned_less_retainage"]) == completed - retainage)
                #expect(procoreCents(s["contract_sum_to_date"]) == total("scheduled_value"))
                #expect(procoreCents(r["total_claimed_amount"]) == thisPeriod)
                let detail = try await h.records("/rest/v1.0/requisitions/\(id)/detail?project_id=\(p)", token: token)
                #expect(detail.count == items.count)
                checkedRequisitions += 1
            }
            #expect(checkedRequisitions > 10)
            var payments: [[String: Any]] = []
            for kind in ["purchase_order_contracts", "work_order_contracts"] {
                for c in try await h.records("/rest/v1.0/\(kind)?project_id=\(p)&per_page=1000", token: token) {
                    let contract = try #require(procoreID(c["id"]))
                    payments += try await h.records("/rest/v1.0/contract_payments?project_id=\(p)&contract_id=\(contract)&per_page=1000", token: token)
                }
            }
            #expect(!payments.isEmpty)
            for pay in payments {
                let req = try #require(procoreID(pay["requisition_id"]))
                let reqs = try await h.records("/rest/v1.1/requisitions?project_id=\(p)&filters[id]=\(req)", token: token)
                let summary = try #require(reqs.first?["summary"] as? [String: Any])
                #expect(procoreCents(pay["amount"]) == procoreCents(summary["current_payment_due"]), "payment pays its requisition")
            }
        }
    }

    @Test("the data carries real-world dirt: markup, quotes, non-ASCII, long and duplicate names, big ids, credits, zeros, no cost code")
    func dirt() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            let vendors = try await h.records("/rest/v1.0/vendors?company_id=\(h.companyID)&per_page=1000", token: token)
            let names = vendors.compactMap { $0["name"] as? String }
            #expect(vendors.count >= 20)
            #expect(names.contains { $0.contains("&") && $0.contains("<") && $0.contains("ü") })
            #expect(names.contains { $0.contains("\"") })
            #expect(names.contains { $0.count > 30 })
            #expect(Set(names).count < names.count, "duplicate vendor names")
            #expect(Set(vendors.compactMap { procoreID($0["id"]) }).count == vendors.count, "ids stay unique")

            let wos = try await h.records("/rest/v1.0/work_order_contracts?project_id=\(p)&per_page=1000", token: token)
            let lines = wos.flatMap { ($0["line_items"] as? [[String: Any]]) ?? [] }
            #expect(lines.contains { $0["cost_code"] is NSNull }, "a line item without a cost code")
            #expect(lines.contains { procoreCents($0["amount"]) == 0 }, "a zero line")
            #expect(lines.contains { (procoreID($0["id"]) ?? 0) > Int64(UInt32.max) }, "ids above 2^32")
            let cos = try await h.records("/rest/v1.0/projects/\(p)/commitment_change_orders", token: token)
            #expect(cos.contains { (procoreCents($0["grand_total"]) ?? 0) < 0 }, "a credit change order")
            let dcs = try await h.records("/rest/v1.1/projects/\(p)/direct_costs?per_page=1000", token: token)
            #expect(dcs.contains { (procoreCents($0["amount"]) ?? 0) < 0 }, "a credit direct cost")
            let reqs = try await h.records("/rest/v1.1/requisitions?project_id=\(p)&per_page=1000", token: token)
            #expect(reqs.allSatisfy { procoreID($0["id"]).map { $0 > Int64(UInt32.max) } ?? false })
            #expect(reqs.allSatisfy { ($0["created_at"] as? String)?.count == 24 }, "ISO 8601 with milliseconds")
        }
    }

    @Test("filters by id (single, comma list, array), status and commitment")
    func filters() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            let base = "/rest/v1.1/requisitions?project_id=\(p)&per_page=1000"
            let all = try await h.records(base, token: token)
            let ids = all.compactMap { procoreID($0["id"]) }
            #expect(try await h.records(base + "&filters[id]=\(ids[0])", token: token).count == 1)
            #expect(try await h.records(base + "&filters[id]=\(ids[0]),\(ids[1])", token: token).count == 2)
            #expect(try await h.records(base + "&filters[id][]=\(ids[0])&filters[id][]=\(ids[2])&filters[id][]=\(ids[3])", token: token).count == 3)
            let approved = try await h.records(base + "&filters[status]=approved", token: token)
            #expect(!approved.isEmpty && approved.allSatisfy { $0["status"] as? String == "approved" })
            let commitment = try #require(procoreID(all[0]["commitment_id"]))
            let forCommitment = try await h.records(base + "&filters[commitment_id]=\(commitment)", token: token)
            #expect(forCommitment.count == all.filter { procoreID($0["commitment_id"]) == commitment }.count)
            let bad = try await h.get(base + "&filters[id]=abc", token: token)
            #expect(bad.status == 400 && bad.text.contains("filters[id]"))
        }
    }

    // How fast it generates is a benchmark's business (docs/benchmarks.md), not a timed test's.
    @Test("50 projects x 2000 records generate and answer a single-record GET")
    func largeDataset() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 50, recordsPerProject: 2000)) { h in
            let d = await h.sandbox.dataset()
            #expect(d.totalRecords > 80_000, "\(d.totalRecords) records")
            let token = try await h.token()
            let p = d.projectIDs[49]
            let page = try await h.records("/rest/v1.1/requisitions?project_id=\(p)&per_page=5", token: token)
            let id = try #require(procoreID(page.first?["id"]))
            let one = try await h.get("/rest/v1.1/requisitions/\(id)?project_id=\(p)", token: token)
            #expect(one.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: one.body) as? [String: Any])
            #expect(procoreID(json["id"]) == id)
            #expect(!((json["items"] as? [Any]) ?? []).isEmpty, "a single requisition carries its items")
        }
    }
}
