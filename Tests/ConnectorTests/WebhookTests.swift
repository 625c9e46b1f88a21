import Foundation
import HTTP
import Ledger
import Procore
import Sage100
import Sandbox
import Testing
@testable import Connector

/// Webhooks end to end over loopback: the Procore sandbox delivers to the real receiver, the
/// ledger dedupes, the dispatcher pulls exactly the changed records.
@Suite("Procore webhooks")
struct WebhookTests {
    /// A fresh random Authorization value, as an operator would generate.
    static func secret() -> String {
        var rng = SystemRandomNumberGenerator()
        return "Bearer " + (0..<4).map { _ in String(rng.next() as UInt64, radix: 36) }.joined()
    }

    static func sandboxConfiguration(duplicates: Bool = false) -> ProcoreSandboxConfiguration {
        var c = ProcoreSandboxConfiguration(projects: 2, recordsPerProject: 80)
        c.webhookRetryScale = 0.01
        c.webhookDuplicates = duplicates
        c.webhookTimeout = .seconds(2)
        return c
    }

    /// Polls `condition` every 20 ms for up to `seconds`.
    static func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    static func post(_ url: String, authorization: String?, body: String) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        if let authorization { headers.add("Authorization", authorization) }
        return try await CurlHTTPClient().send(HTTPRequest(method: .post, url: url, headers: headers, body: Data(body.utf8)))
    }

    static func payload(ulid: String = "01JKQ5Z8M3R7W2X9Y4V6T1S0AB", resourceName: String = "Requisitions", resourceID: Int64 = 54321,
                        projectID: Int64 = 1, companyID: Int64 = 4_264_807) -> String {
        """
        {"id":123456789,"ulid":"\(ulid)","timestamp":"2026-02-06T23:34:12.246562Z","metadata":{"source_user_id":1,"source_project_id":\(projectID),"source_operation_id":null,"source_company_id":\(companyID),"source_application_id":null},"user_id":1,"company_id":\(companyID),"project_id":\(projectID),"api_version":"v2.0","event_type":"update","resource_name":"\(resourceName)","resource_id":\(resourceID)}
        """
    }

    /// Record ids in a staged `<resource>.jsonl`.
    static func stagedIDs(_ directory: String, _ resource: String) throws -> [Int64] {
        let text = try String(contentsOfFile: directory + "/\(resource).jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let record = try #require(object["record"] as? [String: Any])
            return try #require((record["id"] as? NSNumber)?.int64Value)
        }
    }

    @Test("touch -> delivered twice -> stored once -> the early pull stages exactly the touched records")
    func endToEnd() async throws {
        let h = try await PullSandboxHarness(Self.sandboxConfiguration(duplicates: true))
        let secret = Self.secret()
        let receiver = try await WebhookReceiver.start(ledger: h.ledger, secret: Secret(secret))
        do {
            // The polling pull ran before: cursors and hashes exist.
            let baseline = try await h.pull([.requisitions])
            #expect(baseline.isComplete)
            let projects = await h.sandbox.dataset().projectIDs
            let cursorsBefore = try projects.map { try h.ledger.cursor(resource: "requisitions", scope: "project:\($0)") }

            let api = ProcoreWebhooksAPI(client: h.client, http: CurlHTTPClient())
            let registration = try await WebhookService.register(api: api, destinationURL: receiver.url, authorization: secret,
                                                                 resources: [.requisitions, .vendors])
            #expect(registration.triggersCreated.count == 6)
            #expect(registration.updated == false)
            let again = try await WebhookService.register(api: api, destinationURL: receiver.url, authorization: secret,
                                                          resources: [.requisitions, .vendors])
            #expect(again.updated && again.triggersCreated.isEmpty && again.triggersKept == 6 && again.hookID == registration.hookID)

            let touched = await h.sandbox.touch(resource: "requisitions", count: 3)
            #expect(touched.count == 3)
            let delivered = try await Self.eventually { await h.sandbox.successfulWebhookDeliveries() >= 6 }
            #expect(delivered, "each event is delivered twice")
            let counts = receiver.counters.snapshot
            #expect(counts.stored == 3)
            #expect(counts.duplicates == 3)
            let stored = try h.ledger.unprocessedWebhookEvents()
            #expect(stored.count == 3)
            #expect(Set(stored.map(\.resourceID)) == Set(touched))
            #expect(stored.allSatisfy { $0.resourceName == "Requisitions" && $0.eventType == "update" && $0.ulid.count == 26 })

            let pull = WebhookPull(source: h.client, ledger: h.ledger, stagingRoot: h.workspace.stagingRoot,
                                   companyID: h.sandbox.configuration.companyID)
            let dispatcher = WebhookDispatcher(ledger: h.ledger, companyID: h.sandbox.configuration.companyID,
                                               debounce: .zero, pull: { try await pull.run($0) })
            let result = try await dispatcher.dispatch()
            #expect(result.events == 3)
            #expect(result.requested["requisitions"] == 3)
            #expect(result.staged["requisitions"] == 3)
            let run = try #require(try h.ledger.runs(limit: 1).first)
            #expect(run.kind == "pull" && run.status == .completed)
            let directory = h.workspace.stagingRoot + "/" + (result.runID ?? "")
            #expect(Set(try Self.stagedIDs(directory, "requisitions")) == Set(touched))
            #expect(FileManager.default.fileExists(atPath: directory + "/manifest.json"))
            // The early pull leaves the polling cursors alone.
            let cursorsAfter = try projects.map { try h.ledger.cursor(resource: "requisitions", scope: "project:\($0)") }
            #expect(cursorsAfter == cursorsBefore)
            #expect(try h.ledger.unprocessedWebhookEvents().isEmpty)
            // Nothing left: a second dispatch does nothing.
            #expect(try await dispatcher.dispatch().events == 0)
            // The next polling pull finds nothing new for those records (their hashes were kept).
            let next = try await h.pull([.requisitions])
            #expect(next.records["requisitions"] == 0)
        } catch {
            await receiver.stop()
            await h.stop()
            throw error
        }
        await receiver.stop()
        await h.stop()
    }

    @Test("a wrong or missing Authorization is answered 401 and nothing is stored")
    func unauthorized() async throws {
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        let secret = Self.secret()
        let receiver = try await WebhookReceiver.start(ledger: ledger, secret: Secret(secret))
        let wrong = try await Self.post(receiver.url, authorization: secret + "x", body: Self.payload())
        let missing = try await Self.post(receiver.url, authorization: nil, body: Self.payload())
        let right = try await Self.post(receiver.url, authorization: secret, body: Self.payload(ulid: "01JKQ5Z8M3R7W2X9Y4V6T1S0AC"))
        await receiver.stop()
        #expect(wrong.status == 401)
        #expect(missing.status == 401)
        #expect(!wrong.text.contains(secret))
        #expect(right.status == 200)
        let stored = try ledger.unprocessedWebhookEvents()
        #expect(stored.map(\.ulid) == ["01JKQ5Z8M3R7W2X9Y4V6T1S0AC"])
        #expect(receiver.counters.snapshot.unauthorized == 2)
    }

    @Test("a malformed payload is answered 400 naming the field, and nothing is stored")
    func malformed() async throws {
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        let secret = Self.secret()
        let receiver = try await WebhookReceiver.start(ledger: ledger, secret: Secret(secret))
        let cases: [(body: String, field: String?)] = [
            ("{not json", nil),
            (#"{"resource_name":"Requisitions","resource_id":1,"event_type":"update"}"#, "ulid"),
            (#"{"ulid":"short","resource_name":"Requisitions","resource_id":1,"event_type":"update"}"#, "ulid"),
            (#"{"ulid":"01JKQ5Z8M3R7W2X9Y4V6T1S0AB","resource_name":"Requisitions","resource_id":"12","event_type":"update"}"#, "resource_id"),
            (#"{"ulid":"01JKQ5Z8M3R7W2X9Y4V6T1S0AB","resource_id":12,"event_type":"update"}"#, "resource_name"),
            (#"{"ulid":"01JKQ5Z8M3R7W2X9Y4V6T1S0AB","resource_name":"Requisitions","resource_id":12,"event_type":"explode"}"#, "event_type"),
        ]
        var answers: [(HTTPResponse, String?)] = []
        for c in cases { answers.append((try await Self.post(receiver.url, authorization: secret, body: c.body), c.field)) }
        let huge = try await Self.post(receiver.url, authorization: secret, body: String(repeating: " ", count: 70_000) + Self.payload())
        await receiver.stop()
        for (response, field) in answers {
            #expect(response.status == 400, "\(response.text)")
            let json = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: String])
            if let field {
                #expect(json["field"] == field, "\(response.text)")
                #expect(json["error"]?.contains("'\(field)'") == true, "\(response.text)")
            } else {
                #expect(json["error"]?.contains("JSON") == true, "\(response.text)")
            }
        }
        #expect(huge.status == 413)
        #expect(try ledger.unprocessedWebhookEvents().isEmpty)
        #expect(receiver.counters.snapshot.rejected == cases.count + 1)
    }

    @Test("while the receiver is down the sandbox retries, and the event arrives once it is back")
    func receiverDown() async throws {
        let h = try await PullSandboxHarness(Self.sandboxConfiguration())
        let secret = Self.secret()
        // Find a free port, then leave it closed.
        let probe = try await WebhookReceiver.start(ledger: h.ledger, secret: Secret(secret))
        let port = probe.port, url = probe.url
        await probe.stop()
        do {
            let api = ProcoreWebhooksAPI(client: h.client, http: CurlHTTPClient())
            let registration = try await WebhookService.register(api: api, destinationURL: url, authorization: secret, resources: [.vendors])
            let touched = await h.sandbox.touch(resource: "vendors", count: 1)
            #expect(touched.count == 1)
            // Failed attempts are listed as retried deliveries.
            let token = try await h.client.tokens.token()
            var headers = HTTPHeaders()
            headers.add("Authorization", "Bearer \(token.value)")
            headers.add("Procore-Company-Id", String(h.sandbox.configuration.companyID))
            let failing = try await Self.eventually {
                let r = try await CurlHTTPClient().send(HTTPRequest(
                    url: h.sandbox.baseURL + "/rest/v1.0/webhooks/hooks/\(registration.hookID)/deliveries?company_id=\(h.sandbox.configuration.companyID)&filters[status]=failing",
                    headers: headers))
                return ((try? JSONSerialization.jsonObject(with: r.body) as? [Any])?.count ?? 0) >= 2
            }
            #expect(failing, "at least two failed attempts are recorded while the receiver is down")
            #expect(try h.ledger.unprocessedWebhookEvents().isEmpty)

            let receiver = try await WebhookReceiver.start(ledger: h.ledger, secret: Secret(secret), port: port)
            let arrived = try await Self.eventually(15) { receiver.counters.snapshot.stored == 1 }
            await receiver.stop()
            #expect(arrived, "the retried delivery reaches the receiver once it listens again")
            let stored = try h.ledger.unprocessedWebhookEvents()
            #expect(stored.map(\.resourceID) == touched)
            #expect(stored.first?.resourceName == "Company Vendors")
            #expect(stored.first?.projectID == nil)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    @Test("events for resources we do not stage are stored, ignored, and trigger no pull")
    func unknownResource() async throws {
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        let secret = Self.secret()
        let receiver = try await WebhookReceiver.start(ledger: ledger, secret: Secret(secret))
        let r = try await Self.post(receiver.url, authorization: secret, body: Self.payload(resourceName: "ERP Requests"))
        await receiver.stop()
        #expect(r.status == 200)
        let pulls = PullCounter()
        let dispatcher = WebhookDispatcher(ledger: ledger, companyID: 4_264_807, debounce: .zero, pull: { _ in
            await pulls.add()
            throw CancellationError()
        })
        let result = try await dispatcher.dispatch()
        #expect(result.events == 1)
        #expect(result.ignored == 1)
        #expect(await pulls.count == 0)
        #expect(try ledger.unprocessedWebhookEvents().isEmpty)
    }

    @Test("a failed early pull keeps the events for the next try")
    func failedPullKeepsEvents() async throws {
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        try ledger.recordWebhookEvent(WebhookEventRow(ulid: "01JKQ5Z8M3R7W2X9Y4V6T1S0AD", companyID: 4_264_807, projectID: 7,
                                                      resourceName: "Purchase Order Contracts", resourceID: 5, eventType: "update", payload: "{}"))
        let pulls = PullCounter()
        let dispatcher = WebhookDispatcher(ledger: ledger, companyID: 4_264_807, debounce: .zero, pull: { targets in
            await pulls.add()
            #expect(targets == [WebhookPullTarget(resource: .purchaseOrderContracts, projectID: 7, ids: [5])])
            throw PullError.projectsUnavailable(reason: "Procore is down")
        })
        await #expect(throws: PullError.self) { try await dispatcher.dispatch() }
        #expect(await pulls.count == 1)
        #expect(try ledger.unprocessedWebhookEvents().count == 1)
    }

    @Test("a burst of events within the debounce shares one early pull")
    func debounce() async throws {
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        let pulls = PullCounter()
        let asked = TargetLog()
        // A debounce far longer than the gaps between events, so a loaded machine still sees one burst.
        let dispatcher = WebhookDispatcher(ledger: ledger, companyID: 4_264_807, debounce: .seconds(2),
                                           sweepInterval: .seconds(3600), pull: { targets in
            await pulls.add()
            await asked.set(targets)
            return PullSummary(runID: "r", stagedDirectory: "/tmp/none", status: "complete", full: false,
                               records: ["requisitions": targets.reduce(0) { $0 + $1.ids.count }], received: [:],
                               requests: 0, rateLimited: 0, retries: 0, tokens: 0, forbidden: [], failed: [], durationSeconds: 0)
        })
        let runner = Task { await dispatcher.run() }
        // Give the startup sweep (nothing stored yet) time to pass.
        try await Task.sleep(for: .milliseconds(400))
        for (i, id) in [Int64(11), 12, 11].enumerated() {
            try ledger.recordWebhookEvent(WebhookEventRow(ulid: "01JKQ5Z8M3R7W2X9Y4V6T1S0A\(i)", companyID: 4_264_807, projectID: 3,
                                                          resourceName: "Requisitions", resourceID: id, eventType: "update", payload: "{}"))
            await dispatcher.notify()
            try await Task.sleep(for: .milliseconds(50))
        }
        let done = try await Self.eventually(10) { try ledger.unprocessedWebhookEvents().isEmpty }
        runner.cancel()
        await runner.value
        #expect(done)
        #expect(await pulls.count == 1)
        #expect(await asked.targets == [WebhookPullTarget(resource: .requisitions, projectID: 3, ids: [11, 12])])
    }

    @Test("events of a scope that failed in the early pull are kept; the others are marked processed")
    func failedScopeKeepsEvents() async throws {
        let workspace = try PullWorkspace()
        let ledger = try Ledger.open(path: workspace.ledgerPath)
        for (ulid, project) in [("01JKQ5Z8M3R7W2X9Y4V6T1S0B1", Int64(3)), ("01JKQ5Z8M3R7W2X9Y4V6T1S0B2", 4)] {
            try ledger.recordWebhookEvent(WebhookEventRow(ulid: ulid, companyID: 4_264_807, projectID: project,
                                                          resourceName: "Requisitions", resourceID: 9, eventType: "update", payload: "{}"))
        }
        let dispatcher = WebhookDispatcher(ledger: ledger, companyID: 4_264_807, debounce: .zero, pull: { targets in
            PullSummary(runID: "r", stagedDirectory: "/tmp/none", status: "partial", full: false, records: ["requisitions": 1],
                        received: [:], requests: 2, rateLimited: 0, retries: 0, tokens: 0, forbidden: [],
                        failed: [.init(resource: "requisitions", scope: "project:4", projectID: 4, endpoint: nil, message: "503")],
                        durationSeconds: 0)
        })
        let result = try await dispatcher.dispatch()
        #expect(result.events == 1)
        #expect(result.kept == 1)
        #expect(try ledger.unprocessedWebhookEvents().map(\.ulid) == ["01JKQ5Z8M3R7W2X9Y4V6T1S0B2"])
    }

    @Test("the webhooks section is read from connector.yml, and its unknown keys are errors")
    func configuration() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let templates = root.appendingPathComponent("templates").path
        let template = try String(contentsOfFile: templates + "/connector.yml", encoding: .utf8)
        let section = "\nwebhooks:\n  listen: 127.0.0.1:8099\n  secret_env: MY_HOOK_SECRET\n  public_url: https://hooks.example.com/procore/webhooks\n  debounce_s: 2\n"
        let uncommented = template.components(separatedBy: "\nwebhooks:").first ?? template
        let loaded = try RunConfiguration.parse(yaml: uncommented + section, file: "connector.yml", baseDirectory: templates,
                                                environment: ["MY_HOOK_SECRET": "Bearer abc"], requireSecrets: false)
        let webhooks = try #require(loaded.webhooks)
        #expect(webhooks.host == "127.0.0.1" && webhooks.port == 8099)
        #expect(webhooks.secret?.revealed == "Bearer abc")
        #expect(webhooks.publicURL == "https://hooks.example.com/procore/webhooks")
        #expect(webhooks.debounceSeconds == 2)
        do {
            _ = try RunConfiguration.parse(yaml: uncommented + section + "  secret: oops\n", file: "connector.yml", baseDirectory: templates,
                                           environment: [:], requireSecrets: false)
            Issue.record("an unknown key under webhooks must be refused")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("webhooks.secret"))
        }
        do {
            _ = try RunConfiguration.parse(yaml: uncommented + "\nwebhooks:\n  listen: 8085\n", file: "connector.yml", baseDirectory: templates,
                                           environment: [:], requireSecrets: false)
            Issue.record("a listen value without host must be refused")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("webhooks.listen"))
        }
        #expect(throws: WebhookError.self) { try WebhookService.settings(loaded.withoutWebhookSecret()) }
    }
}

actor TargetLog {
    var targets: [WebhookPullTarget] = []
    func set(_ t: [WebhookPullTarget]) { targets = t }
}

actor PullCounter {
    var count = 0
    func add() { count += 1 }
}

extension RunConfiguration {
    func withoutWebhookSecret() -> RunConfiguration {
        var copy = self
        copy.webhooks?.secret = nil
        return copy
    }
}
