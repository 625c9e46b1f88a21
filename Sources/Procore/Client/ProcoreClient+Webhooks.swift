import Foundation
import HTTP

extension ProcoreResource {
    /// The name Procore's webhooks use for this resource (`resource_name` of triggers and events).
    public var webhookResourceName: String {
        switch self {
        case .vendors: return "Company Vendors"
        case .projects: return "Projects"
        case .costCodes: return "Cost Codes"
        case .lineItemTypes: return "Line Item Types"
        case .purchaseOrderContracts: return "Purchase Order Contracts"
        case .workOrderContracts: return "Work Order Contracts"
        case .requisitions: return "Requisitions"
        case .commitmentChangeOrders: return "Commitment Change Orders"
        case .changeOrderPackages: return "Change Order Packages"
        case .primeContracts: return "Prime Contracts"
        case .paymentApplications: return "Payment Applications"
        case .contractPayments: return "Contract Payments"
        case .directCosts: return "Direct Costs"
        }
    }

    /// The resource a webhook `resource_name` names (case-insensitive); nil for resources we do not stage.
    public init?(webhookResourceName name: String) {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let match = ProcoreResource.allCases.first(where: { $0.webhookResourceName.lowercased() == wanted }) else { return nil }
        self = match
    }
}

/// A webhook hook as Procore returns it (`destination_headers.Authorization` comes back masked).
public struct ProcoreWebhookHook: Sendable, Equatable {
    public var id: Int64
    public var namespace: String?
    public var destinationURL: String?
    public var apiVersion: String?
    public var ownedByCompanyID: Int64?
    public var ownedByProjectID: Int64?
}

/// A webhook trigger: one resource and event type the hook is told about.
public struct ProcoreWebhookTrigger: Sendable, Equatable {
    public var id: Int64
    public var hookID: Int64?
    public var resourceName: String
    public var eventType: String
}

/// Creates and lists webhook hooks and triggers (`/rest/v1.0/webhooks/...`) with the client's
/// credentials and company. Registration is rare and not idempotent: a POST is sent once
/// (a 401 renews the token and retries once), never retried on other failures.
public struct ProcoreWebhooksAPI: Sendable {
    public let client: ProcoreClient
    let http: any HTTPClient

    /// - Parameter http: the transport (a ``CurlHTTPClient`` in production, loopback in tests).
    public init(client: ProcoreClient, http: any HTTPClient) {
        self.client = client
        self.http = http
    }

    /// `GET /rest/v1.0/webhooks/hooks?company_id=…&namespace=…`.
    public func hooks(namespace: String? = nil) async throws -> [ProcoreWebhookHook] {
        var query = [("company_id", String(client.configuration.companyID))]
        if let namespace { query.append(("namespace", namespace)) }
        let value = try await send(.get, "/rest/v1.0/webhooks/hooks", query: query, body: nil)
        guard let list = value as? [[String: Any]] else { throw invalid("/rest/v1.0/webhooks/hooks", "expected an array of hooks") }
        return list.compactMap(Self.hook)
    }

    /// `POST /rest/v1.0/webhooks/hooks`: a company-scoped hook delivering to `destinationURL` with
    /// `Authorization: <authorization>` (the value the receiver compares).
    public func createHook(namespace: String, destinationURL: String, authorization: String) async throws -> ProcoreWebhookHook {
        let body: [String: Any] = [
            "company_id": client.configuration.companyID,
            "hook": ["api_version": "v2", "namespace": namespace, "destination_url": destinationURL,
                     "destination_headers": ["Authorization": authorization]] as [String: Any],
        ]
        let path = "/rest/v1.0/webhooks/hooks"
        guard let hook = (try await send(.post, path, query: [], body: body) as? [String: Any]).flatMap(Self.hook) else {
            throw invalid(path, "expected the created hook")
        }
        return hook
    }

    /// `PATCH /rest/v1.0/webhooks/hooks/{id}`: points an existing hook at a new URL and secret.
    public func updateHook(id: Int64, destinationURL: String, authorization: String) async throws -> ProcoreWebhookHook {
        let body: [String: Any] = [
            "company_id": client.configuration.companyID,
            "hook": ["destination_url": destinationURL, "destination_headers": ["Authorization": authorization]] as [String: Any],
        ]
        let path = "/rest/v1.0/webhooks/hooks/\(id)"
        guard let hook = (try await send(.patch, path, query: [], body: body) as? [String: Any]).flatMap(Self.hook) else {
            throw invalid(path, "expected the updated hook")
        }
        return hook
    }

    /// `GET /rest/v1.0/webhooks/resources?company_id=…`: the resource names Procore offers
    /// triggers for (`tools`), each with the event types it refuses (`except`), lowercased.
    public func webhookResources() async throws -> [String: Set<String>] {
        let path = "/rest/v1.0/webhooks/resources"
        let value = try await send(.get, path, query: [("company_id", String(client.configuration.companyID))], body: nil)
        guard let list = value as? [[String: Any]] else { throw invalid(path, "expected an array of webhook resources") }
        var offered: [String: Set<String>] = [:]
        for item in list {
            guard let name = item["tools"] as? String, !name.isEmpty else { continue }
            offered[name.lowercased(), default: []].formUnion(((item["except"] as? [String]) ?? []).map { $0.lowercased() })
        }
        return offered
    }

    /// `GET /rest/v1.0/webhooks/hooks/{hook_id}/triggers`.
    public func triggers(hookID: Int64) async throws -> [ProcoreWebhookTrigger] {
        let path = "/rest/v1.0/webhooks/hooks/\(hookID)/triggers"
        let value = try await send(.get, path, query: [("company_id", String(client.configuration.companyID))], body: nil)
        guard let list = value as? [[String: Any]] else { throw invalid(path, "expected an array of triggers") }
        return list.compactMap(Self.trigger)
    }

    /// `POST /rest/v1.0/webhooks/hooks/{hook_id}/triggers` for one resource and event type (`create`, `update`, `delete`).
    public func createTrigger(hookID: Int64, resourceName: String, eventType: String) async throws -> ProcoreWebhookTrigger {
        let body: [String: Any] = [
            "company_id": client.configuration.companyID, "api_version": "v2",
            "trigger": ["resource_name": resourceName, "event_type": eventType.lowercased()],
        ]
        let path = "/rest/v1.0/webhooks/hooks/\(hookID)/triggers"
        guard let trigger = (try await send(.post, path, query: [], body: body) as? [String: Any]).flatMap(Self.trigger) else {
            throw invalid(path, "expected the created trigger")
        }
        return trigger
    }

    // MARK: plumbing

    private func invalid(_ path: String, _ reason: String) -> ProcoreError {
        .invalidResponse(endpoint: path, project: nil, reason: reason)
    }

    private func send(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: [String: Any]?) async throws -> Any {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        var renewed = false
        while true {
            let token = try await client.tokens.token()
            var headers = HTTPHeaders()
            headers.add("Authorization", "Bearer \(token.value)")
            headers.add("Procore-Company-Id", String(client.configuration.companyID))
            headers.add("Accept", "application/json")
            if data != nil { headers.add("Content-Type", "application/json") }
            let request = HTTPRequest(method: method, url: client.url(path, query), headers: headers, body: data,
                                      timeout: client.configuration.requestTimeout)
            let response: HTTPResponse
            do { response = try await http.send(request) } catch let error as HTTPError {
                throw ProcoreError.transport(endpoint: path, project: nil, error: error)
            }
            switch response.status {
            case 200..<300:
                do { return try JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]) } catch {
                    throw invalid(path, "the body is not JSON: \(error.localizedDescription)")
                }
            case 401 where !renewed:
                renewed = true
                await client.tokens.invalidate(token)
            case 401:
                throw ProcoreError.unauthorized(endpoint: path, project: nil, message: response.text)
            case 403:
                throw ProcoreError.forbidden(project: nil, endpoint: path)
            case 404:
                throw ProcoreError.notFound(endpoint: path, project: nil, message: response.text)
            default:
                throw ProcoreError.http(status: response.status, endpoint: path, project: nil, message: String(response.text.prefix(500)))
            }
        }
    }

    private static func int(_ v: Any?) -> Int64? { (v as? NSNumber)?.int64Value }

    static func hook(_ o: [String: Any]) -> ProcoreWebhookHook? {
        guard let id = int(o["id"]) else { return nil }
        return ProcoreWebhookHook(id: id, namespace: o["namespace"] as? String, destinationURL: o["destination_url"] as? String,
                                  apiVersion: o["api_version"] as? String, ownedByCompanyID: int(o["owned_by_company_id"]),
                                  ownedByProjectID: int(o["owned_by_project_id"]))
    }

    static func trigger(_ o: [String: Any]) -> ProcoreWebhookTrigger? {
        guard let id = int(o["id"]), let name = o["resource_name"] as? String else { return nil }
        return ProcoreWebhookTrigger(id: id, hookID: int(o["webhook_hook_id"]), resourceName: name,
                                     eventType: (o["event_type"] as? String) ?? "")
    }
}

extension ProcoreClient {
    /// The records of `resource` with these ids, through its list endpoint with `filters[id][]=`
    /// (so each record's bytes are those the regular listing returns, and content hashes agree).
    /// Ids that do not exist (deleted since) are simply absent. Asks 100 ids per request.
    public func list(_ resource: ProcoreResource, projectID: Int64?, ids: [Int64]) async throws -> [ProcoreRecord] {
        if resource.listedPerCommitment {
            throw ProcoreError.invalidConfiguration(field: "contract_id",
                reason: "is required to list \(resource.stagedName): list its commitment's payments instead of ids")
        }
        let scopeProject: Int64?
        switch resource.scope {
        case .company: scopeProject = nil
        case .project:
            guard let projectID else {
                throw ProcoreError.invalidConfiguration(field: "project_id", reason: "is required to list \(resource.stagedName) (a project-scoped resource)")
            }
            scopeProject = projectID
        }
        let (path, scopeQuery) = resource.listPath(companyID: configuration.companyID, projectID: scopeProject)
        var out: [ProcoreRecord] = []
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 100, ids.count)])
            start += chunk.count
            var query = scopeQuery
            for id in chunk { query.append(("filters[id][]", String(id))) }
            if configuration.includeDeleted, resource.supportsIncludeDeleted { query.append(("filters[include_deleted]", "with")) }
            query.append(("page", "1"))
            query.append(("per_page", String(max(chunk.count, 1))))
            let response = try await send(url(path, query), endpoint: path, projectID: scopeProject)
            let records: [ProcoreRecord]
            do { records = try ProcoreJSONSplitter.records(of: response.body) } catch {
                throw ProcoreError.invalidResponse(endpoint: path, project: scopeProject, reason: error.description)
            }
            let wanted = Set(chunk)
            out += records.filter { wanted.contains($0.id) }
        }
        return out
    }
}
