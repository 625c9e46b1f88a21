import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

@Suite("Procore sandbox: pagination")
struct ProcoreSandboxPaginationTests {
    @Test("Total, Per-Page and absolute first/prev/next/last links that keep every other parameter")
    func linkHeaders() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let project = await h.sandbox.dataset().projectIDs[0]
            let everything = try await h.records("/rest/v1.1/requisitions?project_id=\(project)&per_page=10000", token: token)
            let total = everything.count
            #expect(total > 25, "need several pages, have \(total) requisitions")
            let perPage = 7
            let lastPage = (total + perPage - 1) / perPage
            let base = "/rest/v1.1/requisitions?project_id=\(project)&filters%5Bstatus%5D%5B%5D=approved&filters[status][]=draft&filters[status][]=under_review&filters[status][]=revise_and_resubmit&filters[status][]=approved_as_noted&filters[status][]=pending_owner_approval&per_page=\(perPage)"

            let first = try await h.get(base, token: token)
            #expect(first.status == 200)
            #expect(first.headers["Total"] == String(total))
            #expect(first.headers["Per-Page"] == String(perPage))
            var links = ProcoreLinks(first.headers["Link"])
            #expect(links.prev == nil, "no prev on page 1")
            #expect(pageNumber(links.first) == 1)
            #expect(pageNumber(links.next) == 2)
            #expect(pageNumber(links.last) == lastPage)
            for url in [links.first, links.next, links.last].compactMap({ $0 }) {
                #expect(url.hasPrefix(h.sandbox.baseURL + "/rest/v1.1/requisitions?"), "not absolute: \(url)")
                #expect(url.contains("project_id=\(project)") && url.contains("per_page=\(perPage)"))
                #expect(url.contains("filters%5Bstatus%5D%5B%5D=approved") && url.contains("filters[status][]=draft"), "filters dropped: \(url)")
            }

            let middle = try await h.get(base + "&page=2", token: token)
            links = ProcoreLinks(middle.headers["Link"])
            #expect(pageNumber(links.prev) == 1)
            #expect(pageNumber(links.next) == 3)
            #expect(pageNumber(links.first) == 1 && pageNumber(links.last) == lastPage)

            let last = try await h.get(try #require(links.last), token: token)
            links = ProcoreLinks(last.headers["Link"])
            #expect(links.next == nil, "no next on the last page")
            #expect(pageNumber(links.prev) == lastPage - 1)
            let lastRecords = try #require(try JSONSerialization.jsonObject(with: last.body) as? [Any])
            #expect(lastRecords.count == total - (lastPage - 1) * perPage)

            // following next collects every record once, in id order
            let walked = try await h.all(base, token: token)
            let ids = walked.compactMap { ($0["id"] as? NSNumber)?.int64Value }
            #expect(ids.count == total)
            #expect(Set(ids).count == total)
            #expect(ids == ids.sorted())
        }
    }

    @Test("default per_page follows the spec (30 for requisitions, 100 elsewhere) and is capped at 10000")
    func defaults() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 400)) { h in
            let token = try await h.token()
            let project = await h.sandbox.dataset().projectIDs[0]
            let reqs = try await h.get("/rest/v1.1/requisitions?project_id=\(project)", token: token)
            #expect(reqs.headers["Per-Page"] == "30")
            let count = try #require(try JSONSerialization.jsonObject(with: reqs.body) as? [Any]).count
            #expect(count == min(30, Int(reqs.headers["Total"] ?? "0") ?? 0))
            let vendors = try await h.get("/rest/v1.0/vendors?company_id=\(h.companyID)", token: token)
            #expect(vendors.headers["Per-Page"] == "100")
            let huge = try await h.get("/rest/v1.0/vendors?company_id=\(h.companyID)&per_page=50000", token: token)
            #expect(huge.headers["Per-Page"] == "10000")
            let beyond = try await h.get("/rest/v1.1/requisitions?project_id=\(project)&page=999", token: token)
            #expect(beyond.status == 200)
            #expect(try #require(try JSONSerialization.jsonObject(with: beyond.body) as? [Any]).isEmpty)
        }
    }

    @Test("endpoints Procore does not paginate send no Link header")
    func unpaginated() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let project = await h.sandbox.dataset().projectIDs[0]
            let reqs = try await h.records("/rest/v1.1/requisitions?project_id=\(project)", token: token)
            let req = try #require((reqs.first?["id"] as? NSNumber)?.int64Value)
            let detail = try await h.get("/rest/v1.0/requisitions/\(req)/detail?project_id=\(project)", token: token)
            #expect(detail.status == 200)
            #expect(detail.headers["Link"] == nil)
            let cos = try await h.get("/rest/v1.0/projects/\(project)/commitment_change_orders", token: token)
            #expect(cos.status == 200)
            #expect(cos.headers["Link"] == nil)
        }
    }
}
