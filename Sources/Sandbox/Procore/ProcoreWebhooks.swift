import Foundation
import HTTP
import Procore

/// The sandbox's webhooks: hooks, triggers, the resources list, and deliveries.
///
/// When records change (the admin `touch`), each hook with a matching trigger receives the
/// v2.0 payload by POST at its `destination_url` with its `destination_headers`. A non-2xx
/// answer or no answer within ``ProcoreSandboxConfiguration/webhookTimeout`` is retried with
/// exponential backoff (1 s doubling up to 1 h, times ``ProcoreSandboxConfiguration/webhookRetryScale``);
/// after 12 h (scaled the same way) the event is discarded. With
/// ``ProcoreSandboxConfiguration/webhookDuplicates`` every event is delivered twice.
actor ProcoreWebhooks {
    struct Hook: Sendable {
        var id: Int64
        var namespace: String
        var apiVersion: String
        var destinationURL: String
        var destinationHeaders: [(String, String)]
        var companyID: Int64?
        var projectID: Int64?
    }

    struct Trigger: Sendable {
        var id: Int64
        var hookID: Int64
        var resourceName: String
        var eventType: String
        var companyID: Int64?
        var projectID: Int64?
    }

    struct Delivery: Sendable {
        var id: Int64
        var hookID: Int64
        var event: ProcoreWebhookEvent
        var outcome: String
        var responseStatus: Int?
        var responseBody: String?
        var responseError: String?
        var startedAt: String
        var completedAt: String
    }

    /// The user the sandbox's changes are attributed to.
    static let userID: Int64 = 7_000_001
    /// Webhook resource names the sandbox lists (those it can raise events for, then a few others Procore has).
    static let otherResourceNames = ["Purchase Order Contract Line Items", "Direct Cost Line Items", "ERP Requests"]

    let configuration: ProcoreSandboxConfiguration
    private let http: CurlHTTPClient
    private var hooks: [Hook] = []
    private var triggers: [Trigger] = []
    private var deliveries: [Delivery] = []
    private var nextHookID: Int64 = 41_000
    private var nextTriggerID: Int64 = 52_000
    private var nextEventID: Int64 = 900_000_000
    private var nextDeliveryID: Int64 = 1
    private var inFlight: [Int64: Task<Void, Never>] = [:]
    private var nextTask: Int64 = 0
    private var stopped = false
    private var rng = SystemRandomNumberGenerator()
    /// Which deliveries are dropped: the same seed drops the same ones.
    private lazy var dropRandom = SplitMix64(seed: configuration.seed ^ 0x5EED_D80B)

    init(configuration: ProcoreSandboxConfiguration) {
        self.configuration = configuration
        self.http = CurlHTTPClient(configuration: HTTPClientConfiguration(
            connectTimeout: configuration.webhookTimeout, timeout: configuration.webhookTimeout, maxConcurrentRequests: 8))
    }

    // MARK: events

    /// Raises one event per record and delivers it to every matching hook.
    func changed(_ kind: ProcoreTouchable, ids: [Int64], eventType: String, dataset ds: ProcoreDataset) {
        guard !stopped else { return }
        let name = kind.webhookResourceName
        for id in ids {
            let project = kind.projectID(ofRecord: id, in: ds)
            let ms = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
            nextEventID += 1
            let event = ProcoreWebhookEvent(
                id: nextEventID, ulid: ProcoreWebhookEvent.ulid(milliseconds: ms, using: &rng),
                timestamp: Self.timestamp(Date()), userID: Self.userID, companyID: ds.company.id, projectID: project,
                eventType: eventType, resourceName: name, resourceID: id)
            for hook in hooks where matches(hook, event) {
                // A delivery lost on the way (configuration.webhookDropRate): never sent, never
                // retried; the connector's polling has to find the change.
                if configuration.webhookDropRate > 0, dropRandom.chance(rate: configuration.webhookDropRate) {
                    droppedDeliveries += 1
                    continue
                }
                start(hookID: hook.id, event: event)
            }
        }
    }

    private func matches(_ hook: Hook, _ event: ProcoreWebhookEvent) -> Bool {
        if let p = hook.projectID, p != event.projectID { return false }
        return triggers.contains {
            $0.hookID == hook.id && $0.resourceName.lowercased() == event.resourceName.lowercased()
                && $0.eventType.lowercased() == event.eventType.lowercased()
                && ($0.projectID == nil || $0.projectID == event.projectID)
        }
    }

    private func start(hookID: Int64, event: ProcoreWebhookEvent) {
        nextTask += 1
        let key = nextTask
        inFlight[key] = Task { [self] in
            await self.deliverWithRetries(hookID: hookID, event: event)
            await self.finished(key)
        }
    }

    private func finished(_ key: Int64) { inFlight[key] = nil }

    /// Deliveries dropped on purpose (``ProcoreSandboxConfiguration/webhookDropRate``).
    private(set) var droppedDeliveries = 0

    /// Waits after failed attempt `n` (1-based): 1 s, 2 s, 4 s … capped at 1 h, times the scale.
    func backoff(afterAttempt n: Int) -> Double {
        min(pow(2, Double(min(n - 1, 20))), 3600) * configuration.webhookRetryScale
    }

    private func deliverWithRetries(hookID: Int64, event: ProcoreWebhookEvent) async {
        let giveUpAfter = 12 * 3600 * configuration.webhookRetryScale
        let began = Date()
        var attempt = 0
        var copies = configuration.webhookDuplicates ? 2 : 1
        while !Task.isCancelled {
            attempt += 1
            let ok = await attemptDelivery(hookID: hookID, event: event)
            if ok {
                copies -= 1
                if copies == 0 { return }
                continue
            }
            let wait = backoff(afterAttempt: attempt)
            if Date().timeIntervalSince(began) + wait > giveUpAfter {
                markDiscarded(hookID: hookID, event: event)
                return
            }
            do { try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) } catch { return }
        }
    }

    private func attemptDelivery(hookID: Int64, event: ProcoreWebhookEvent) async -> Bool {
        guard let hook = hooks.first(where: { $0.id == hookID }) else { return true }
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("User-Agent", "Procore-Webhooks-Sandbox")
        for (name, value) in hook.destinationHeaders { headers.add(name, value) }
        let request = HTTPRequest(method: .post, url: hook.destinationURL, headers: headers, body: Data(event.json()),
                                  timeout: configuration.webhookTimeout)
        let started = Self.timestamp(Date())
        var delivery = Delivery(id: 0, hookID: hookID, event: event, outcome: "retried", responseStatus: nil,
                                responseBody: nil, responseError: nil, startedAt: started, completedAt: started)
        var ok = false
        do {
            let response = try await http.send(request)
            delivery.responseStatus = response.status
            delivery.responseBody = String(response.text.prefix(1000))
            ok = response.isSuccess
            if !ok { delivery.responseError = "HTTP \(response.status)" }
        } catch {
            delivery.responseError = "\(error)"
        }
        delivery.outcome = ok ? "ok" : "retried"
        delivery.completedAt = Self.timestamp(Date())
        record(delivery)
        return ok
    }

    private func record(_ d: Delivery) {
        var d = d
        d.id = nextDeliveryID
        nextDeliveryID += 1
        deliveries.append(d)
    }

    private func markDiscarded(hookID: Int64, event: ProcoreWebhookEvent) {
        let now = Self.timestamp(Date())
        record(Delivery(id: 0, hookID: hookID, event: event, outcome: "discarded", responseStatus: nil, responseBody: nil,
                        responseError: "not delivered within 12 hours: discarded", startedAt: now, completedAt: now))
    }

    /// Stops retrying and waits for the attempts in flight.
    func stop() async {
        stopped = true
        let tasks = Array(inFlight.values)
        for t in tasks { t.cancel() }
        for t in tasks { await t.value }
    }

    /// Successful deliveries so far (all hooks).
    func successfulDeliveries() -> Int { deliveries.filter { $0.outcome == "ok" }.count }

    // MARK: REST

    /// `/rest/v1.0/webhooks/...` (after authentication): `rest` is the path below `webhooks/`.
    func handle(method: String, rest: [String], query: ProcoreQuery, body: [UInt8], dataset ds: ProcoreDataset) -> ProcoreAnswer {
        do {
            switch (method, rest.count, rest.first ?? "") {
            case ("GET", 1, "resources"):
                _ = try scope(query: query, body: nil, ds: ds)
                return resources()
            case ("POST", 1, "hooks"): return try createHook(body: body, ds: ds)
            case ("GET", 1, "hooks"): return try listHooks(query: query, ds: ds)
            case ("PATCH", 2, "hooks"): return try updateHook(id: try pathID(rest[1], "id"), body: body, query: query, ds: ds)
            case ("POST", 3, "hooks") where rest[2] == "triggers":
                return try createTrigger(hookID: try pathID(rest[1], "hook_id"), body: body, ds: ds)
            case ("GET", 3, "hooks") where rest[2] == "triggers":
                return try listTriggers(hookID: try pathID(rest[1], "hook_id"), query: query, ds: ds)
            case ("GET", 3, "hooks") where rest[2] == "deliveries":
                return try listDeliveries(hookID: try pathID(rest[1], "hook_id"), query: query, ds: ds)
            default:
                return .error(404, "No route matches \(method) /rest/v1.0/webhooks/\(rest.joined(separator: "/"))")
            }
        } catch let e as ProcoreRequestError {
            return .error(e.status, e.message)
        } catch {
            return .error(500, "Internal error: \(error)")
        }
    }

    private func pathID(_ text: String, _ name: String) throws -> Int64 {
        guard let id = Int64(text) else { throw ProcoreRequestError(status: 400, message: "\(name) '\(text)' is not an integer id") }
        return id
    }

    private func object(_ body: [UInt8]) throws -> [String: Any] {
        guard !body.isEmpty else { throw ProcoreRequestError(status: 400, message: "The request body is empty: send a JSON object") }
        guard let o = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw ProcoreRequestError(status: 400, message: "The request body is not a JSON object")
        }
        return o
    }

    private static func int(_ v: Any?) -> Int64? {
        if let n = v as? NSNumber { return n.int64Value }
        if let s = v as? String { return Int64(s) }
        return nil
    }

    /// The company or project scope a request names (query first, then body); checked against the dataset.
    private func scope(query: ProcoreQuery, body: [String: Any]?, ds: ProcoreDataset) throws -> (company: Int64?, project: Int64?) {
        let companyText = query.first("company_id"), projectText = query.first("project_id")
        var company = companyText.flatMap { Int64($0) } ?? Self.int(body?["company_id"])
        let project = projectText.flatMap { Int64($0) } ?? Self.int(body?["project_id"])
        if let c = companyText, Int64(c) == nil { throw ProcoreRequestError(status: 400, message: "company_id '\(c)' is not an integer id") }
        if let p = projectText, Int64(p) == nil { throw ProcoreRequestError(status: 400, message: "project_id '\(p)' is not an integer id") }
        guard company != nil || project != nil else {
            throw ProcoreRequestError(status: 400, message: "company_id or project_id is required: you must supply one of them")
        }
        if let c = company, c != ds.company.id {
            throw ProcoreRequestError(status: 403, message: "company_id \(c) is not a company this service account belongs to")
        }
        if let p = project {
            guard ds.projectIndex(id: p) != nil else { throw ProcoreRequestError(status: 404, message: "project_id \(p) was not found") }
            if company == nil { company = ds.company.id }
        }
        return (company, project)
    }

    private func createHook(body: [UInt8], ds: ProcoreDataset) throws -> ProcoreAnswer {
        let o = try object(body)
        let s = try scope(query: ProcoreQuery(nil), body: o, ds: ds)
        guard let h = o["hook"] as? [String: Any] else {
            throw ProcoreRequestError(status: 400, message: "hook is missing: send {\"company_id\": …, \"hook\": {\"api_version\": \"v2\", \"namespace\": …, \"destination_url\": …}}")
        }
        guard let url = h["destination_url"] as? String, url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ProcoreRequestError(status: 422, message: "hook.destination_url must be an http(s) URL")
        }
        let namespace = (h["namespace"] as? String) ?? ""
        guard !namespace.isEmpty else { throw ProcoreRequestError(status: 422, message: "hook.namespace is required") }
        let headers = try destinationHeaders(h["destination_headers"])
        nextHookID += 1
        let hook = Hook(id: nextHookID, namespace: namespace, apiVersion: (h["api_version"] as? String) ?? "v2",
                        destinationURL: url, destinationHeaders: headers ?? [], companyID: s.project == nil ? s.company : nil,
                        projectID: s.project)
        hooks.append(hook)
        return .json(201, hookJSON(hook))
    }

    private func destinationHeaders(_ v: Any?) throws -> [(String, String)]? {
        guard let v else { return nil }
        guard let d = v as? [String: Any] else { throw ProcoreRequestError(status: 422, message: "hook.destination_headers must be an object of header names to values") }
        return try d.keys.sorted().map { key in
            guard let value = d[key] as? String else { throw ProcoreRequestError(status: 422, message: "hook.destination_headers.\(key) must be a string") }
            return (key, value)
        }
    }

    private func updateHook(id: Int64, body: [UInt8], query: ProcoreQuery, ds: ProcoreDataset) throws -> ProcoreAnswer {
        let o = try object(body)
        _ = try scope(query: query, body: o, ds: ds)
        guard let i = hooks.firstIndex(where: { $0.id == id }) else { throw ProcoreRequestError(status: 404, message: "Webhooks hook \(id) was not found") }
        let h = (o["hook"] as? [String: Any]) ?? [:]
        if let url = h["destination_url"] {
            guard let url = url as? String, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ProcoreRequestError(status: 422, message: "hook.destination_url must be an http(s) URL")
            }
            hooks[i].destinationURL = url
        }
        if let ns = h["namespace"] as? String, !ns.isEmpty { hooks[i].namespace = ns }
        if let v = h["api_version"] as? String { hooks[i].apiVersion = v }
        if let headers = try destinationHeaders(h["destination_headers"]) { hooks[i].destinationHeaders = headers }
        return .json(200, hookJSON(hooks[i]))
    }

    private func listHooks(query: ProcoreQuery, ds: ProcoreDataset) throws -> ProcoreAnswer {
        let s = try scope(query: query, body: nil, ds: ds)
        let namespace = query.first("namespace"), version = query.first("api_version")
        let selected = hooks.filter {
            (s.project == nil ? $0.projectID == nil : $0.projectID == s.project)
                && (namespace == nil || $0.namespace == namespace) && (version == nil || $0.apiVersion == version)
        }
        var w = ProcoreJSONWriter()
        w.beginArray()
        for h in selected { w.element(hookJSON(h)) }
        w.endArray()
        return .json(200, w.bytes)
    }

    private func hookJSON(_ h: Hook) -> [UInt8] {
        var w = ProcoreJSONWriter(capacity: 512)
        w.beginObject()
        w.int("id", h.id)
        w.string("api_version", h.apiVersion)
        w.beginObject("destination_headers")
        for (name, value) in h.destinationHeaders { w.string(name, Self.mask(value)) }
        w.endObject()
        w.string("destination_url", h.destinationURL)
        w.int("owned_by_company_id", h.companyID)
        w.int("owned_by_project_id", h.projectID)
        w.int("owned_by_user_id", Self.userID)
        w.string("namespace", h.namespace)
        w.endObject()
        return w.bytes
    }

    /// Procore shows only the last 5 characters of a destination header.
    static func mask(_ value: String) -> String {
        value.count <= 5 ? String(repeating: "*", count: value.count) : String(repeating: "*", count: value.count - 5) + value.suffix(5)
    }

    private func hook(_ id: Int64) throws -> Hook {
        guard let h = hooks.first(where: { $0.id == id }) else { throw ProcoreRequestError(status: 404, message: "Webhooks hook \(id) was not found") }
        return h
    }

    private func createTrigger(hookID: Int64, body: [UInt8], ds: ProcoreDataset) throws -> ProcoreAnswer {
        let o = try object(body)
        let s = try scope(query: ProcoreQuery(nil), body: o, ds: ds)
        _ = try hook(hookID)
        guard let t = o["trigger"] as? [String: Any] else {
            throw ProcoreRequestError(status: 400, message: "trigger is missing: send {\"company_id\": …, \"api_version\": \"v2\", \"trigger\": {\"resource_name\": …, \"event_type\": \"create|update|delete\"}}")
        }
        guard let name = t["resource_name"] as? String, let canonical = Self.resourceNames.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw ProcoreRequestError(status: 422, message: "trigger.resource_name '\((t["resource_name"] as? String) ?? "")' is not a webhook resource: see GET /rest/v1.0/webhooks/resources")
        }
        guard let type = (t["event_type"] as? String)?.lowercased(), ["create", "update", "delete"].contains(type) else {
            throw ProcoreRequestError(status: 422, message: "trigger.event_type must be create, update or delete")
        }
        nextTriggerID += 1
        let trigger = Trigger(id: nextTriggerID, hookID: hookID, resourceName: canonical, eventType: type.uppercased(),
                              companyID: s.project == nil ? s.company : nil, projectID: s.project)
        triggers.append(trigger)
        return .json(201, triggerJSON(trigger))
    }

    private func listTriggers(hookID: Int64, query: ProcoreQuery, ds: ProcoreDataset) throws -> ProcoreAnswer {
        _ = try scope(query: query, body: nil, ds: ds)
        _ = try hook(hookID)
        var w = ProcoreJSONWriter()
        w.beginArray()
        for t in triggers where t.hookID == hookID { w.element(triggerJSON(t)) }
        w.endArray()
        return .json(200, w.bytes)
    }

    private func triggerJSON(_ t: Trigger) -> [UInt8] {
        var w = ProcoreJSONWriter(capacity: 256)
        w.beginObject()
        w.int("id", t.id)
        w.int("webhook_hook_id", t.hookID)
        w.string("resource_name", t.resourceName)
        w.null("resource_id")
        w.string("event_type", t.eventType)
        w.int("company_id", t.companyID)
        w.int("project_id", t.projectID)
        w.int("user_id", Self.userID)
        w.endObject()
        return w.bytes
    }

    private func listDeliveries(hookID: Int64, query: ProcoreQuery, ds: ProcoreDataset) throws -> ProcoreAnswer {
        _ = try scope(query: query, body: nil, ds: ds)
        _ = try hook(hookID)
        let status = query.first("filters[status]") ?? "any"
        let wanted: Set<String>
        switch status {
        case "any": wanted = ["ok", "retried", "failed", "discarded"]
        case "successful": wanted = ["ok"]
        case "failing": wanted = ["retried", "failed"]
        case "discarded": wanted = ["discarded"]
        default: throw ProcoreRequestError(status: 400, message: "filters[status] '\(status)' must be any, successful, failing or discarded")
        }
        let size = Int(query.first("page_size") ?? "100") ?? 100
        guard (1...1000).contains(size) else { throw ProcoreRequestError(status: 400, message: "page_size must be between 1 and 1000") }
        let after = Int64(query.first("page_start") ?? "0") ?? 0
        var w = ProcoreJSONWriter()
        w.beginArray()
        for d in deliveries.lazy.filter({ $0.hookID == hookID && $0.id > after && wanted.contains($0.outcome) }).prefix(size) {
            w.beginObject()
            d.event.write(into: &w, key: "event")
            w.int("event_id", d.event.id)
            w.string("outcome", d.outcome)
            w.string("response_body", d.responseBody)
            w.string("response_error", d.responseError)
            w.string("started_at", d.startedAt)
            w.string("completed_at", d.completedAt)
            w.int("response_status", d.responseStatus.map(Int64.init))
            w.beginObject("response_headers"); w.endObject()
            w.endObject()
        }
        w.endArray()
        return .json(200, w.bytes)
    }

    /// Every resource name the sandbox accepts in triggers.
    static var resourceNames: [String] {
        ProcoreTouchable.allCases.map(\.webhookResourceName) + otherResourceNames
    }

    private func resources() -> ProcoreAnswer {
        var w = ProcoreJSONWriter()
        w.beginArray()
        for name in Self.resourceNames {
            w.beginObject()
            w.string("api_version", "v2")
            w.string("product_category", "Financials")
            w.string("tools", name)
            w.emptyArray("except")
            w.string("create", "create")
            w.string("update", "update")
            w.string("delete", "delete")
            w.endObject()
        }
        w.endArray()
        return .json(200, w.bytes)
    }

    /// `2026-02-06T23:34:12.246562Z` (microseconds, UTC), as Procore's events carry.
    static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
        let seconds = micros / 1_000_000, fraction = micros % 1_000_000
        let base = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)),
                                               timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
        let frac = String(fraction).leftPadded(6)
        return String(base.dropLast()) + "." + frac + "Z"
    }
}
