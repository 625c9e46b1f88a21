import Foundation
import HTTP
import Synchronization
import Testing
@testable import Procore

@Suite("Procore client (in-memory HTTP)")
struct ProcoreClientTests {
    static let base = "http://127.0.0.1:9"

    private func client(_ http: FakeHTTPClient, perPage: Int = 2, events: ProcoreEventHandler? = nil) -> ProcoreClient {
        let config = ProcoreConfiguration(environment: .custom(apiBaseURL: Self.base, authBaseURL: Self.base),
                                          companyID: 4_264_807, clientID: "cid", clientSecret: "secret",
                                          perPage: perPage,
                                          retry: RetryPolicy(maxAttempts: 4, base: .milliseconds(1), cap: .milliseconds(5)))
        return ProcoreClient(configuration: config, http: http, onEvent: events)
    }

    /// Answers token requests, and API requests with `api`.
    private func fake(_ api: @escaping @Sendable (HTTPRequest, Int) async throws -> HTTPResponse) -> FakeHTTPClient {
        let apiIndex = Mutex(0)
        return FakeHTTPClient { request, _ in
            if request.url.hasSuffix("/oauth/token") {
                return FakeHTTPClient.token("token-\(UUID().uuidString.prefix(8))")
            }
            let i = apiIndex.withLock { v -> Int in defer { v += 1 }; return v }
            return try await api(request, i)
        }
    }

    @Test("every call carries the bearer token and Procore-Company-Id")
    func headers() async throws {
        let http = fake { _, _ in FakeHTTPClient.json(200, #"[{"id":1,"name":"Acme"}]"#) }
        let companies = try await client(http).companies()
        #expect(companies.map(\.id) == [1])
        let request = try #require(http.apiRequests.first)
        #expect(request.headers["Procore-Company-Id"] == "4264807")
        #expect(request.headers["Authorization"]?.hasPrefix("Bearer token-") == true)
        #expect(request.url == "\(Self.base)/rest/v1.0/companies?per_page=2")
    }

    @Test("a Link rel=next to another host, port or scheme is refused and never requested: the token stays home",
          arguments: ["https://evil.example/rest/v1.0/projects?page=2", "http://127.0.0.1:8080/rest/v1.0/projects?page=2",
                      "https://127.0.0.1:9/rest/v1.0/projects?page=2", "//evil.example/x"])
    func foreignNextPage(_ link: String) async throws {
        let http = fake { _, _ in
            FakeHTTPClient.json(200, #"[{"id":1,"name":"Acme"}]"#, ["Link": "<\(link)>; rel=\"next\""])
        }
        do {
            _ = try await client(http).companies()
            Issue.record("a next page at \(link) was followed")
        } catch let ProcoreError.invalidResponse(_, _, reason) {
            #expect(reason.contains("not at the configured API"), "\(reason)")
        }
        #expect(http.apiRequests.count == 1)
        #expect(!http.apiRequests.contains { $0.url.contains("evil.example") || $0.url.contains(":8080") || $0.url.hasPrefix("https") })
    }

    @Test("pages follow Link rel=next exactly, with Total, and stop when there is none")
    func pagination() async throws {
        let http = fake { request, i in
            switch i {
            case 0:
                return FakeHTTPClient.json(200, #"[{"id":1,"updated_at":"2026-01-01T00:00:00Z"},{"id":2}]"#,
                    ["Total": "5", "Link": #"<\#(Self.base)/rest/v1.1/requisitions?project_id=7&opaque=p2>; rel="next", <\#(Self.base)/x?page=3>; rel="last""#])
            case 1:
                #expect(request.url == "\(Self.base)/rest/v1.1/requisitions?project_id=7&opaque=p2")
                return FakeHTTPClient.json(200, #"[{"id":3},{"id":4}]"#,
                    ["Total": "5", "Link": #"<\#(Self.base)/rest/v1.1/requisitions?opaque=p3>; rel="next""#])
            default:
                #expect(request.url == "\(Self.base)/rest/v1.1/requisitions?opaque=p3")
                return FakeHTTPClient.json(200, #"[{"id":5}]"#, ["Total": "5", "Link": #"<\#(Self.base)/x?page=1>; rel="first""#])
            }
        }
        let pages = Mutex<[ProcorePage]>([])
        try await client(http).list(.requisitions, projectID: 7, updatedBetween: ("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")) { page in
            pages.withLock { $0.append(page) }
        }
        let got = pages.withLock { $0 }
        #expect(got.map(\.page) == [1, 2, 3])
        #expect(got.flatMap(\.records).map(\.id) == [1, 2, 3, 4, 5])
        #expect(got.allSatisfy { $0.total == 5 && $0.projectID == 7 && $0.resource == .requisitions })
        #expect(got[0].records[0].updatedAt == "2026-01-01T00:00:00Z")
        #expect(http.apiRequests.count == 3)
        let first = http.apiRequests[0].url
        #expect(first.hasPrefix("\(Self.base)/rest/v1.1/requisitions?project_id=7&"))
        #expect(first.contains("filters%5Bupdated_at%5D=2026-01-01T00%3A00%3A00Z...2026-01-02T00%3A00%3A00Z"))
        #expect(first.contains("page=1&per_page=2"))
    }

    @Test("progress events: one per page with the total, and a token event")
    func events() async throws {
        let seen = Mutex<[String]>([])
        let http = fake { _, i in
            i == 0 ? FakeHTTPClient.json(200, #"[{"id":1},{"id":2}]"#, ["Total": "3", "Link": #"<\#(Self.base)/p2>; rel="next""#])
                   : FakeHTTPClient.json(200, #"[{"id":3}]"#, ["Total": "3"])
        }
        let c = client(http, events: { event in
            switch event {
            case .pageFetched(let resource, let project, let page, let records, let total):
                seen.withLock { $0.append("page \(resource.stagedName) \(project ?? 0) \(page) \(records)/\(total ?? -1)") }
            case .tokenIssued(let expiresIn):
                seen.withLock { $0.append("token \(expiresIn)") }
            default: break
            }
        })
        try await c.list(.directCosts, projectID: 12, updatedBetween: nil) { _ in }
        #expect(seen.withLock { $0 } == ["token 5400", "page direct_costs 12 1 2/3", "page direct_costs 12 2 1/3"])
        let m = await c.metrics
        #expect(m.pages == 2 && m.records == 3 && m.requests == 2)
    }

    @Test("an endpoint without a Link header is one page")
    func noLink() async throws {
        let http = fake { _, _ in FakeHTTPClient.json(200, #"[{"id":10},{"id":11},{"id":12}]"#) }
        let result = try await client(http).children(.requisitions, parentID: 99, projectID: 7)
        #expect(result["contract_items"]?.map(\.id) == [10, 11, 12])
        #expect(result["change_order_items"]?.map(\.id) == [10, 11, 12])
        #expect(http.apiRequests.map(\.url) == [
            "\(Self.base)/rest/v1.0/requisitions/99/contract_items?project_id=7&page=1&per_page=2",
            "\(Self.base)/rest/v1.0/requisitions/99/change_order_items?project_id=7&page=1&per_page=2",
        ])
    }

    @Test("403 is .forbidden with the project and endpoint, and is not retried")
    func forbidden() async {
        let http = fake { _, _ in FakeHTTPClient.json(403, #"{"errors":"forbidden"}"#) }
        do {
            try await client(http).list(.purchaseOrderContracts, projectID: 31, updatedBetween: nil) { _ in }
            Issue.record("no error")
        } catch let error as ProcoreError {
            #expect(error == .forbidden(project: 31, endpoint: "/rest/v1.0/purchase_order_contracts"))
            #expect(error.description.contains("project 31"))
        } catch { Issue.record("\(error)") }
        #expect(http.apiRequests.count == 1)
    }

    @Test("one 401 renews the token and retries once; a second 401 is an error")
    func unauthorized() async throws {
        let once = fake { _, i in i == 0 ? FakeHTTPClient.json(401, #"{"error":"expired"}"#) : FakeHTTPClient.json(200, #"[{"id":1}]"#) }
        let c = client(once)
        #expect(try await c.projects().map(\.id) == [1])
        #expect(once.tokenRequests.count == 2)
        let tokens = once.apiRequests.map { $0.headers["Authorization"] }
        #expect(tokens[0] != tokens[1])
        #expect(await c.metrics.tokensIssued == 2)

        let always = fake { _, _ in FakeHTTPClient.json(401, #"{"error":"invalid_token"}"#) }
        do {
            _ = try await client(always).projects()
            Issue.record("no error")
        } catch let error as ProcoreError {
            guard case .unauthorized(let endpoint, _, let message) = error else { Issue.record("\(error)"); return }
            #expect(endpoint == "/rest/v1.0/projects")
            #expect(message == "invalid_token")
        }
        #expect(always.apiRequests.count == 2)
        #expect(always.tokenRequests.count == 2)
    }

    @Test("5xx and timeouts are retried with backoff; 404 and 422 are not")
    func retries() async throws {
        let flaky = fake { request, i in
            switch i {
            case 0: return FakeHTTPClient.json(500, "oops")
            case 1: throw HTTPError.timedOut(url: request.url)
            case 2: return FakeHTTPClient.json(503, "busy", ["Retry-After": "0"])
            default: return FakeHTTPClient.json(200, #"[{"id":1}]"#)
            }
        }
        let c = client(flaky)
        #expect(try await c.projects().count == 1)
        let m = await c.metrics
        #expect(m.requests == 4)
        #expect(m.retries == 3)
        #expect(m.unavailable == 1)

        for (status, body) in [(404, #"{"errors":"Not Found"}"#), (422, #"{"errors":{"amount":["is invalid"]}}"#)] {
            let http = fake { _, _ in FakeHTTPClient.json(status, body) }
            do {
                _ = try await client(http).get(.requisitions, id: 5, projectID: 7)
                Issue.record("no error for \(status)")
            } catch let error as ProcoreError {
                #expect(error.status == status)
                #expect(error.endpoint == "/rest/v1.1/requisitions/5")
                #expect(error.projectID == 7)
                if status == 422 { #expect(error.description.contains("amount: is invalid")) }
            }
            #expect(http.apiRequests.count == 1)
        }
    }

    @Test("persistent 500s give up after maxAttempts with a clear error")
    func exhausted() async {
        let http = fake { _, _ in FakeHTTPClient.json(502, "bad gateway") }
        do {
            _ = try await client(http).projects()
            Issue.record("no error")
        } catch let error as ProcoreError {
            guard case .retriesExhausted(_, _, let attempts, let last) = error else { Issue.record("\(error)"); return }
            #expect(attempts == 4)
            #expect(last == "HTTP 502")
        } catch { Issue.record("\(error)") }
        #expect(http.apiRequests.count == 4)
    }

    @Test("429 waits for Retry-After, counts, and retries")
    func tooMany() async throws {
        let waits = Mutex<[ProcoreEvent.WaitReason]>([])
        let http = fake { _, i in
            i == 0 ? FakeHTTPClient.json(429, "slow down", ["Retry-After": "1", "X-Rate-Limit-Limit": "25", "X-Rate-Limit-Remaining": "0"])
                   : FakeHTTPClient.json(200, #"[{"id":1}]"#)
        }
        let c = client(http, events: { event in
            if case .waiting(_, let reason, _) = event { waits.withLock { $0.append(reason) } }
        })
        let started = ContinuousClock.now
        #expect(try await c.projects().count == 1)
        #expect(ContinuousClock.now - started >= .milliseconds(500))
        #expect(await c.metrics.rateLimited == 1)
        #expect(waits.withLock { $0 }.contains(.rateLimited))
    }

    @Test("get uses the show endpoint, or a filters[id] list where there is none")
    func get() async throws {
        let http = fake { request, _ in
            request.url.contains("/requisitions/5")
                ? FakeHTTPClient.json(200, #"{"id":5,"updated_at":"2026-01-01T00:00:00Z"}"#)
                : FakeHTTPClient.json(200, #"[{"id":8}]"#)
        }
        let c = client(http)
        let r = try await c.get(.requisitions, id: 5, projectID: 7)
        #expect(r.id == 5 && r.updatedAt == "2026-01-01T00:00:00Z")
        #expect(try await c.get(.projects, id: 8, projectID: nil).id == 8)
        #expect(http.apiRequests.last?.url == "\(Self.base)/rest/v1.0/projects?company_id=4264807&filters%5Bid%5D=8")
        await #expect(throws: ProcoreError.self) { try await c.get(.projects, id: 9, projectID: nil) }
    }

    @Test("a project-scoped list without a project id is refused before any request")
    func needsProject() async {
        let http = fake { _, _ in FakeHTTPClient.json(200, "[]") }
        await #expect(throws: ProcoreError.self) {
            try await client(http).list(.requisitions, projectID: nil, updatedBetween: nil) { _ in }
        }
        #expect(http.requests.isEmpty)
    }

    @Test("a non-array body is an invalid response naming the endpoint and page")
    func badBody() async {
        let http = fake { _, _ in FakeHTTPClient.json(200, #"{"data":[]}"#) }
        do {
            try await client(http).list(.vendors, projectID: nil, updatedBetween: nil) { _ in }
            Issue.record("no error")
        } catch let error as ProcoreError {
            guard case .invalidResponse(let endpoint, _, let reason) = error else { Issue.record("\(error)"); return }
            #expect(endpoint == "/rest/v1.0/vendors")
            #expect(reason.contains("page 1"))
        } catch { Issue.record("\(error)") }
    }

    @Test("the resource catalogue")
    func catalogue() {
        #expect(ProcoreResource.requisitions.stagedName == "requisitions")
        #expect(ProcoreResource.costCodes.stagedName == "cost_codes")
        #expect(ProcoreResource(name: "costCodes") == .costCodes)
        #expect(ProcoreResource(name: "direct_costs") == .directCosts)
        #expect(ProcoreResource.vendors.scope == .company)
        #expect(ProcoreResource.directCosts.scope == .project)
        #expect(!ProcoreResource.costCodes.supportsUpdatedAtFilter)
        #expect(ProcoreResource.requisitions.supportsUpdatedAtFilter)
        #expect(ProcoreResource.requisitions.children.map(\.name) == ["contract_items", "change_order_items"])
        #expect(ProcoreResource.workOrderContracts.children.map { $0.path(parentID: 3) } == ["/rest/v1.0/work_order_contracts/3/line_items"])
        #expect(ProcoreResource.directCosts.listPath(companyID: 1, projectID: 2).path == "/rest/v1.1/projects/2/direct_costs")
        #expect(ProcoreResource.commitmentChangeOrders.listPath(companyID: 1, projectID: 2).path == "/rest/v1.0/projects/2/commitment_change_orders")
    }
}
