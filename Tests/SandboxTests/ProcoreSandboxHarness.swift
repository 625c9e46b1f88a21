import Foundation
import HTTP
import Sandbox
import Testing

/// Starts a sandbox, talks to it over real HTTP (libcurl) and stops it.
struct ProcoreSandboxHarness {
    let sandbox: ProcoreSandbox
    let client = CurlHTTPClient()

    static func with<T>(_ config: ProcoreSandboxConfiguration = .init(projects: 3, recordsPerProject: 120),
                        _ body: (ProcoreSandboxHarness) async throws -> T) async throws -> T {
        let sandbox = try await ProcoreSandbox.start(config)
        let harness = ProcoreSandboxHarness(sandbox: sandbox)
        do {
            let result = try await body(harness)
            await sandbox.stop()
            return result
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    var companyID: Int64 { sandbox.configuration.companyID }

    /// A token from `POST /oauth/token` with form fields.
    func token() async throws -> String {
        let c = sandbox.configuration
        let r = try await client.send(HTTPRequest(
            method: .post, url: sandbox.baseURL + "/oauth/token",
            headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&client_id=\(c.clientID)&client_secret=\(c.clientSecret)".utf8)))
        #expect(r.status == 200, "token request answered \(r.status): \(r.text)")
        let json = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
        return try #require(json["access_token"] as? String)
    }

    /// GET `pathAndQuery` (or an absolute URL) with the bearer token and company header.
    func get(_ pathAndQuery: String, token: String?, company: String?? = .none) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        switch company {
        case .none: headers.add("Procore-Company-Id", String(companyID))
        case .some(.some(let value)): headers.add("Procore-Company-Id", value)
        case .some(.none): break
        }
        let url = pathAndQuery.hasPrefix("http") ? pathAndQuery : sandbox.baseURL + pathAndQuery
        return try await client.send(HTTPRequest(method: .get, url: url, headers: headers))
    }

    func post(_ pathAndQuery: String, headers: HTTPHeaders = HTTPHeaders(), body: Data? = nil) async throws -> HTTPResponse {
        try await client.send(HTTPRequest(method: .post, url: sandbox.baseURL + pathAndQuery, headers: headers, body: body))
    }

    /// GET and decode a JSON array of objects, requiring 200.
    func records(_ pathAndQuery: String, token: String) async throws -> [[String: Any]] {
        let r = try await get(pathAndQuery, token: token)
        #expect(r.status == 200, "GET \(pathAndQuery) answered \(r.status): \(r.text)")
        return try #require(try JSONSerialization.jsonObject(with: r.body) as? [[String: Any]], "GET \(pathAndQuery) is not an array")
    }

    /// Follows `Link: rel="next"` from `pathAndQuery` and returns every record.
    func all(_ pathAndQuery: String, token: String) async throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        var next: String? = pathAndQuery
        var pages = 0
        while let url = next {
            let r = try await get(url, token: token)
            #expect(r.status == 200, "GET \(url) answered \(r.status): \(r.text)")
            out += try #require(try JSONSerialization.jsonObject(with: r.body) as? [[String: Any]])
            next = ProcoreLinks(r.headers["Link"]).next
            pages += 1
            #expect(pages < 10_000, "pagination does not end")
            if pages >= 10_000 { break }
        }
        return out
    }
}

/// The rel -> URL pairs of a `Link` header.
struct ProcoreLinks {
    var rels: [String: String] = [:]
    init(_ header: String?) {
        for part in (header ?? "").components(separatedBy: ", <") {
            let p = part.hasPrefix("<") ? String(part.dropFirst()) : part
            guard let close = p.firstIndex(of: ">"), let relRange = p.range(of: "rel=\"") else { continue }
            let rel = p[relRange.upperBound...].prefix { $0 != "\"" }
            rels[String(rel)] = String(p[..<close])
        }
    }
    var next: String? { rels["next"] }
    var prev: String? { rels["prev"] }
    var first: String? { rels["first"] }
    var last: String? { rels["last"] }
}

/// Parses `page` out of a URL's query.
func pageNumber(_ url: String?) -> Int? {
    guard let url, let comps = URLComponents(string: url) else { return nil }
    return comps.queryItems?.first { $0.name == "page" }?.value.flatMap(Int.init)
}
