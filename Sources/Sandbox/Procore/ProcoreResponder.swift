import Foundation
import HTTPTypes
import Hummingbird

/// Hummingbird glue: turns requests into ``ProcoreAnswer``s.
struct ProcoreResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let state: ProcoreSandboxState
    let configuration: ProcoreSandboxConfiguration
    let base: BaseURL
    var webhooks: ProcoreWebhooks? = nil

    /// Bodies larger than this are refused (token requests are tiny).
    static let maxBody = 1 << 20

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        if configuration.latency > .zero { try? await Task.sleep(for: configuration.latency) }
        var request = request
        var answer: ProcoreAnswer
        do {
            let body = try await request.collectBody(upTo: Self.maxBody)
            answer = await handle(request, body: Array(buffer: body))
        } catch {
            answer = .error(413, "Request body larger than \(Self.maxBody) bytes")
        }
        if let hostile = configuration.hostile, request.method == .get, request.uri.path.hasPrefix("/rest/"), answer.status == 200 {
            answer = Self.play(hostile, answer, path: request.uri.path, query: request.uri.query ?? "")
            if let body = hostile.jsonBody() {
                return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: body)
            }
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let n = HTTPField.Name(name) { headers.append(HTTPField(name: n, value: value)) }
        }
        return Response(status: .init(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// A read's answer as `hostile` would give it: the next page on another host.
    static func play(_ hostile: HostileAnswer, _ answer: ProcoreAnswer, path: String, query: String) -> ProcoreAnswer {
        guard hostile == .foreignLink else { return answer }
        var answer = answer
        answer.headers.removeAll { $0.0.lowercased() == "link" }
        answer.headers.append(("Link", HostileAnswer.foreignNextLink(path: path, query: query)))
        return answer
    }

    func header(_ request: Request, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { request.headers[$0] }
    }

    func handle(_ request: Request, body: [UInt8]) async -> ProcoreAnswer {
        let path = request.uri.path
        let query = ProcoreQuery(request.uri.query)
        let method = request.method.rawValue
        if path.hasPrefix("/_sandbox/") {
            return await ProcoreAdmin(state: state, webhooks: webhooks).handle(method: method, path: path, query: query)
        }
        if path.hasPrefix("/oauth/") {
            return await oauth(request, method: method, path: path, query: query, body: body)
        }
        guard path.hasPrefix("/rest/") else {
            await state.count("\(method) (unknown)")
            return .error(404, "No route matches \(method) \(path)")
        }
        let route = method == "GET" ? ProcoreAPI.route(path) : nil
        let createsPayment = method == "POST" && path == "/rest/v1.0/contract_payments"
        let syncsVendors = method == "PATCH" && path == "/rest/v1.0/vendors/sync"
        let originPatch = method == "PATCH" ? ProcoreOriginPatch.route(path) : nil
        let directCostSync = method == "PATCH" ? Self.directCostSyncRoute(path) : nil
        let webhookPath = path.hasPrefix("/rest/v1.0/webhooks/") ? Array(path.split(separator: "/").dropFirst(3).map(String.init)) : nil
        await state.count(route.map(\.template) ?? (createsPayment ? "POST /rest/v1.0/contract_payments"
            : syncsVendors ? "PATCH /rest/v1.0/vendors/sync"
            : originPatch != nil ? "PATCH /rest/v1.0/\(originPatch!.0.rawValue)/{id}"
            : directCostSync != nil ? "PATCH /rest/v1.0/projects/{project_id}/direct_costs/\(directCostSync!.lines ? "line_items/" : "")sync"
            : webhookPath != nil ? "\(method) /rest/v1.0/webhooks" : "\(method) (unknown)"))

        let bearer: String? = header(request, "Authorization").flatMap { value in
            value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)).trimmingSpaces : nil
        }
        switch await state.admit(bearer: bearer) {
        case .unauthorized(let reason):
            return .oauthError(401, "invalid_token", reason, headers: [
                ("WWW-Authenticate", "Bearer realm=\"Procore\", error=\"invalid_token\", error_description=\"\(reason)\"")])
        case .limited(let rate, let retryAfter):
            var a = ProcoreAnswer.error(429, "Rate limit exceeded: retry after \(retryAfter) s")
            a.headers += Self.rateHeaders(rate) + [("Retry-After", String(retryAfter))]
            return a
        case .unavailable(let rate):
            var a = ProcoreAnswer.error(503, "Service temporarily unavailable: retry later")
            a.headers += Self.rateHeaders(rate) + [("Retry-After", "1")]
            return a
        case .admitted(let rate, let ds):
            if let webhookPath, let webhooks {
                var a = await webhooks.handle(method: method, rest: webhookPath, query: query, body: body, dataset: ds)
                a.headers += Self.rateHeaders(rate)
                return a
            }
            var a = createsPayment ? await createPayment(request, body: body, ds: ds)
                : syncsVendors ? await syncVendors(request, body: body, ds: ds)
                : originPatch != nil ? await patchOrigin(request, route: originPatch!, body: body, ds: ds)
                : directCostSync != nil ? await syncDirectCosts(request, route: directCostSync!, body: body, ds: ds)
                : api(request, route: route, path: path, query: query, ds: ds)
            a.headers += Self.rateHeaders(rate)
            return a
        }
    }

    static func rateHeaders(_ r: ProcoreSandboxState.RateHeaders) -> [(String, String)] {
        [("X-Rate-Limit-Limit", String(r.limit)), ("X-Rate-Limit-Remaining", String(r.remaining)),
         ("X-Rate-Limit-Reset", String(r.reset))]
    }

    /// What Procore answers a JSON write whose company header or content type is wrong, or nil.
    func jsonWriteProblem(_ request: Request, ds: ProcoreDataset) -> ProcoreAnswer? {
        if let problem = companyHeaderProblem(request, ds: ds) { return problem }
        guard header(request, "Content-Type")?.lowercased().hasPrefix("application/json") == true else {
            return .error(415, "Content-Type must be application/json")
        }
        return nil
    }

    /// Why the `Procore-Company-Id` header does not name the sandbox's company, or nil when it does.
    func companyHeaderProblem(_ request: Request, ds: ProcoreDataset) -> ProcoreAnswer? {
        guard let companyText = header(request, "Procore-Company-Id")?.trimmingSpaces, !companyText.isEmpty else {
            return .error(400, "Missing Procore-Company-Id header!")
        }
        guard Int64(companyText) == ds.company.id else {
            return .error(403, "Procore-Company-Id \(companyText) is not a company this service account belongs to")
        }
        return nil
    }

    /// `POST /rest/v1.0/contract_payments`: 201 with the payment as the list serves it, or
    /// Procore's error; a created payment is announced to webhooks as a `create` event. A
    /// request repeating an earlier one's `Idempotency-Token` answers that payment again.
    func createPayment(_ request: Request, body: [UInt8], ds: ProcoreDataset) async -> ProcoreAnswer {
        if let problem = companyHeaderProblem(request, ds: ds) { return problem }
        guard header(request, "Content-Type")?.lowercased().hasPrefix("application/json") == true else {
            return .error(415, "Content-Type must be application/json (or multipart/form-data with attachments)")
        }
        do {
            let (index, after) = try await state.createContractPayment(body: body, idempotencyToken: header(request, "Idempotency-Token"))
            var w = ProcoreJSONWriter(capacity: 1024)
            ProcoreEncoder(ds: after).payment(index, into: &w)
            if let webhooks {
                await webhooks.changed(.contract_payments, ids: [after.payments[index].id], eventType: "create", dataset: after)
            }
            return .json(201, w.bytes)
        } catch let e as ProcoreRequestError {
            return .error(e.status, e.message)
        } catch {
            return .error(500, "Internal error: \(error)")
        }
    }

    /// `PATCH /rest/v1.0/vendors/sync`: 200 with the vendors created or updated and an error
    /// entry per refused update; each created or changed vendor is announced to webhooks.
    func syncVendors(_ request: Request, body: [UInt8], ds: ProcoreDataset) async -> ProcoreAnswer {
        if let problem = jsonWriteProblem(request, ds: ds) { return problem }
        do {
            let before = ds.vendors.count
            let (entities, refused, after) = try await state.syncVendors(body: body)
            var w = ProcoreJSONWriter(capacity: 1024)
            let encoder = ProcoreEncoder(ds: after)
            w.beginObject()
            w.beginArray("entities")
            for i in entities { encoder.vendor(i, into: &w) }
            w.endArray()
            w.beginArray("errors")
            for u in refused { ProcoreVendorSync.errorEntry(u, into: &w) }
            w.endArray()
            w.endObject()
            if let webhooks {
                let created = entities.filter { $0 >= before }.map { after.vendors[$0].id }
                let updated = entities.filter { $0 < before }.map { after.vendors[$0].id }
                await webhooks.changed(.vendors, ids: created, eventType: "create", dataset: after)
                await webhooks.changed(.vendors, ids: updated, eventType: "update", dataset: after)
            }
            return .json(200, w.bytes)
        } catch let e as ProcoreRequestError {
            return .error(e.status, e.message)
        } catch {
            return .error(500, "Internal error: \(error)")
        }
    }

    /// `/rest/v1.0/projects/{project_id}/direct_costs/sync` or `…/direct_costs/line_items/sync`.
    static func directCostSyncRoute(_ path: String) -> (projectID: Int64, lines: Bool)? {
        let s = path.split(separator: "/").map(String.init)
        guard s.count >= 6, s[0] == "rest", s[1] == "v1.0", s[2] == "projects", s[4] == "direct_costs", let project = Int64(s[3]) else { return nil }
        if s.count == 6, s[5] == "sync" { return (project, false) }
        if s.count == 7, s[5] == "line_items", s[6] == "sync" { return (project, true) }
        return nil
    }

    /// The direct costs syncs: 200 with the records written and an error entry per refused
    /// update; created and changed direct costs are announced to webhooks.
    func syncDirectCosts(_ request: Request, route: (projectID: Int64, lines: Bool), body: [UInt8], ds: ProcoreDataset) async -> ProcoreAnswer {
        if let problem = jsonWriteProblem(request, ds: ds) { return problem }
        do {
            let (entities, refused, after) = route.lines
                ? try await state.syncDirectCostLines(projectID: route.projectID, body: body)
                : try await state.syncDirectCosts(projectID: route.projectID, body: body)
            var w = ProcoreJSONWriter(capacity: 1024)
            let encoder = ProcoreEncoder(ds: after)
            w.beginObject()
            w.beginArray("entities")
            for i in entities { route.lines ? encoder.directCostLine(i, into: &w) : encoder.directCost(i, into: &w) }
            w.endArray()
            w.beginArray("errors")
            for u in refused { ProcoreDirectCostSync.errorEntry(u, into: &w) }
            w.endArray()
            w.endObject()
            if let webhooks {
                let costs = route.lines ? Array(Set(entities.map { after.directCostLines[$0].directCost })).sorted() : entities
                let created = costs.filter { after.directCosts[$0].createdAt == after.directCosts[$0].updatedAt }.map { after.directCosts[$0].id }
                let updated = costs.filter { after.directCosts[$0].createdAt != after.directCosts[$0].updatedAt }.map { after.directCosts[$0].id }
                await webhooks.changed(.direct_costs, ids: created, eventType: "create", dataset: after)
                await webhooks.changed(.direct_costs, ids: updated, eventType: "update", dataset: after)
            }
            return .json(200, w.bytes)
        } catch let e as ProcoreRequestError {
            return .error(e.status, e.message)
        } catch {
            return .error(500, "Internal error: \(error)")
        }
    }

    /// `PATCH` of a commitment's or requisition's origin fields: 200 with the record as GET
    /// answers it, announced to webhooks as an `update` (Procore does, for the integration's
    /// own writes too).
    func patchOrigin(_ request: Request, route: (ProcoreOriginPatch.Kind, String), body: [UInt8], ds: ProcoreDataset) async -> ProcoreAnswer {
        if let problem = jsonWriteProblem(request, ds: ds) { return problem }
        do {
            let patch = try ProcoreOriginPatch(kind: route.0, idText: route.1, body: body)
            let (index, after) = try await state.patchOrigin(patch)
            var w = ProcoreJSONWriter(capacity: 2048)
            let e = ProcoreEncoder(ds: after)
            let kind: ProcoreTouchable
            switch patch.kind {
            case .purchase_order_contracts: e.purchaseOrder(index, into: &w); kind = .purchase_order_contracts
            case .work_order_contracts: e.workOrder(index, into: &w); kind = .work_order_contracts
            case .requisitions: e.requisition(index, into: &w); kind = .requisitions
            case .contract_payments: e.payment(index, into: &w); kind = .contract_payments
            }
            if let webhooks { await webhooks.changed(kind, ids: [patch.id], eventType: "update", dataset: after) }
            return .json(200, w.bytes)
        } catch let e as ProcoreRequestError {
            return .error(e.status, e.message)
        } catch {
            return .error(500, "Internal error: \(error)")
        }
    }

    func api(_ request: Request, route: (template: String, handler: ProcoreAPI.Handler)?, path: String,
             query: ProcoreQuery, ds: ProcoreDataset) -> ProcoreAnswer {
        if let problem = companyHeaderProblem(request, ds: ds) { return problem }
        guard let route else {
            return .error(404, "No route matches \(request.method.rawValue) \(path)")
        }
        do {
            // As strict as Procore: required parameters, types and enum values per the spec.
            try ProcoreParameterCheck.check(path: path, query: query)
            return try route.handler(ProcoreAPI(ds: ds, baseURL: base.value, path: path, query: query))
        } catch let e as ProcoreRequestError {
            return .error(e.status, e.message)
        } catch {
            return .error(500, "Internal error: \(error)")
        }
    }

    // MARK: OAuth

    func oauth(_ request: Request, method: String, path: String, query: ProcoreQuery, body: [UInt8]) async -> ProcoreAnswer {
        await state.count("\(method) \(path)")
        let noStore = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]
        switch (method, path) {
        case ("POST", "/oauth/token"):
            let c = ProcoreOAuth.credentials(contentType: header(request, "Content-Type"),
                                             authorization: header(request, "Authorization"), body: body, query: query)
            guard let id = c.clientID, let secret = c.clientSecret,
                  ProcoreOAuth.same(id, configuration.clientID), ProcoreOAuth.same(secret, configuration.clientSecret) else {
                return .oauthError(401, "invalid_client",
                    "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
                    headers: noStore)
            }
            guard let grant = c.grantType else {
                return .oauthError(400, "invalid_request", "The request is missing a required parameter: grant_type.", headers: noStore)
            }
            guard grant == "client_credentials" else {
                return .oauthError(400, "unsupported_grant_type",
                    "The authorization grant type '\(grant)' is not supported: a service account uses client_credentials.", headers: noStore)
            }
            let t = await state.issueToken(clientID: id)
            var w = ProcoreJSONWriter(capacity: 256)
            w.beginObject()
            w.string("access_token", t.token); w.string("token_type", "bearer")
            w.int("expires_in", t.expiresIn); w.int("created_at", t.createdAt)
            w.endObject()
            return .json(200, w.bytes, headers: noStore)
        case ("GET", "/oauth/token/info"):
            let bearer = header(request, "Authorization").flatMap { $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)).trimmingSpaces : nil }
            guard let bearer else { return .oauthError(401, "invalid_token", "The access token is invalid") }
            switch await state.lookup(bearer) {
            case .failure(let p): return .oauthError(401, "invalid_token", p.description)
            case .success(let t):
                var w = ProcoreJSONWriter(capacity: 256)
                w.beginObject()
                w.null("resource_owner_id")
                w.emptyArray("scopes")
                w.int("expires_in_seconds", Int64(max(0, (t.expiresAt - ProcoreSandboxState.now()).rounded(.down))))
                w.beginObject("application"); w.string("uid", t.clientID); w.endObject()
                w.int("created_at", Int64(t.createdAt))
                w.endObject()
                return .json(200, w.bytes, headers: noStore)
            }
        case ("POST", "/oauth/revoke"):
            let c = ProcoreOAuth.credentials(contentType: header(request, "Content-Type"),
                                             authorization: header(request, "Authorization"), body: body, query: query)
            if let token = c.token { await state.revoke(token) }
            return .json(200, Array("{}".utf8), headers: noStore)
        default:
            return .error(404, "No route matches \(method) \(path)")
        }
    }
}

/// `/_sandbox/*`: test and demo controls. No authentication, no rate limits.
struct ProcoreAdmin {
    let state: ProcoreSandboxState
    var webhooks: ProcoreWebhooks? = nil

    /// A change to `count` records of `resource` (`touch`, `approve`, `create`), optionally in
    /// one project: the query checked, the change made, each changed record announced to the
    /// webhooks as `eventType`, and `{"resource","ids"}` answered.
    func change(_ query: ProcoreQuery, example: String, eventType: String = "update",
                _ make: (String, Int, Int64?) async throws -> [Int64]) async -> ProcoreAnswer {
        guard let resource = query.first("resource"), !resource.isEmpty else {
            return .error(400, "resource is missing: \(example)")
        }
        let countText = query.first("count") ?? "1"
        guard let count = Int(countText), count >= 0 else {
            return .error(400, "count '\(countText)' is not a non-negative integer")
        }
        var projectID: Int64? = nil
        if let p = query.first("project_id") {
            guard let id = Int64(p) else { return .error(400, "project_id '\(p)' is not an integer id") }
            projectID = id
        }
        do {
            let ids = try await make(resource, count, projectID)
            if let webhooks, let kind = ProcoreTouchable(rawValue: resource) {
                await webhooks.changed(kind, ids: ids, eventType: eventType, dataset: await state.dataset)
            }
            var w = ProcoreJSONWriter()
            w.beginObject(); w.string("resource", resource)
            w.beginArray("ids"); for id in ids { w.int(nil, id) }; w.endArray()
            w.endObject()
            return .json(200, w.bytes)
        } catch let e as ProcoreRequestError {
            return .error(e.status, e.message)
        } catch {
            return .error(500, "\(error)")
        }
    }

    func handle(method: String, path: String, query: ProcoreQuery) async -> ProcoreAnswer {
        switch (method, path) {
        case ("POST", "/_sandbox/touch"):
            return await change(query, example: "POST /_sandbox/touch?resource=requisitions&count=N") {
                try await state.touch(resource: $0, count: $1, projectID: $2)
            }
        case ("POST", "/_sandbox/approve"):
            return await change(query, example: "POST /_sandbox/approve?resource=commitment_change_orders&count=N") {
                try await state.approve(resource: $0, count: $1, projectID: $2)
            }
        case ("POST", "/_sandbox/create"):
            var commitmentID: Int64? = nil
            if let text = query.first("commitment_id") {
                guard let id = Int64(text) else { return .error(400, "commitment_id '\(text)' is not an integer id") }
                commitmentID = id
            }
            return await change(query, example: "POST /_sandbox/create?resource=commitment_change_orders&count=N", eventType: "create") {
                try await state.create(resource: $0, count: $1, projectID: $2, commitmentID: commitmentID)
            }
        case ("GET", "/_sandbox/stats"):
            let s = await state.snapshotStats()
            var w = ProcoreJSONWriter()
            w.beginObject()
            w.beginObject("requests_by_endpoint")
            for key in s.requestsByEndpoint.keys.sorted() { w.int(key, s.requestsByEndpoint[key]!) }
            w.endObject()
            w.int("requests_total", s.requestsTotal)
            w.int("rate_limited", s.rateLimited)
            w.int("unavailable", s.unavailable)
            w.int("tokens_issued", s.tokensIssued)
            w.endObject()
            return .json(200, w.bytes)
        case ("GET", "/_sandbox/dataset"):
            let d = ProcoreSandboxDataset(await state.dataset)
            var w = ProcoreJSONWriter()
            w.beginObject()
            w.int("company_id", d.companyID)
            w.beginArray("project_ids"); for id in d.projectIDs { w.int(nil, id) }; w.endArray()
            w.beginArray("forbidden_project_ids"); for id in d.forbiddenProjectIDs { w.int(nil, id) }; w.endArray()
            w.beginObject("counts"); for k in d.counts.keys.sorted() { w.int(k, d.counts[k]!) }; w.endObject()
            w.beginObject("deleted_counts"); for k in d.deletedCounts.keys.sorted() { w.int(k, d.deletedCounts[k]!) }; w.endObject()
            w.endObject()
            return .json(200, w.bytes)
        default:
            return .error(404, "No sandbox route \(method) \(path): use POST /_sandbox/touch, POST /_sandbox/approve, POST /_sandbox/create, GET /_sandbox/stats or GET /_sandbox/dataset")
        }
    }
}
