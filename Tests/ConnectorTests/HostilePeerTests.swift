import ConnectorTesting
import Demo
import Foundation
import HTTP
import Procore
import Sage100
import Sandbox
import Testing
@testable import Connector

/// The sandboxes playing hostile peers (`--hostile MODE`), over loopback with the real
/// clients: each answer is refused with a typed error that says why, the client's memory is
/// bounded by its body limit, and nothing is posted from a bad answer.
@Suite("HostilePeerTests: the connector refuses what a hostile Procore or agent answers", .serialized)
struct HostilePeerTests {
    /// A Procore client over a CurlHTTPClient with `limit` bytes of body and `timeout`.
    static func procore(_ mode: HostileAnswer, limit: Int = 4 << 20, timeout: Duration = .seconds(20),
                        _ body: (ProcoreClient, ProcoreSandbox) async throws -> Void) async throws {
        var configuration = ProcoreSandboxConfiguration(projects: 2, recordsPerProject: 40)
        configuration.hostile = mode
        let sandbox = try await ProcoreSandbox.start(configuration)
        let http = CurlHTTPClient(configuration: HTTPClientConfiguration(connectTimeout: .seconds(5), timeout: timeout,
                                                                         maxResponseBytes: limit))
        let client = ProcoreClient(configuration: ProcoreConfiguration(
            environment: .custom(apiBaseURL: sandbox.baseURL, authBaseURL: sandbox.baseURL),
            companyID: configuration.companyID, clientID: configuration.clientID, clientSecret: configuration.clientSecret,
            retry: RetryPolicy(maxAttempts: 2, base: .milliseconds(20), cap: .milliseconds(100)),
            requestTimeout: timeout), http: http)
        do {
            try await body(client, sandbox)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    /// The error `operation` throws, or nil when it did not throw.
    static func failure(_ operation: () async throws -> Void) async -> (any Error)? {
        do { try await operation(); return nil } catch { return error }
    }

    /// What the error `operation` throws says ("no error" when it did not throw).
    static func failureText(_ operation: () async throws -> Void) async -> String {
        (await failure(operation)).map { "\($0)" } ?? "no error"
    }

    @Test("Procore: an endless body is cut off at the client's limit and named; the access token was used only on the API host")
    func procoreEndlessBody() async throws {
        try await Self.procore(.endlessBody) { client, _ in
            let text = await Self.failureText { _ = try await client.projects() }
            #expect(text.contains("larger than 4 MiB"), "\(text)")
            #expect(text.contains("cut off"), "\(text)")
        }
    }

    @Test("Procore: a slow drip ends at the request timeout with a timeout error, not a hang")
    func procoreSlowDrip() async throws {
        try await Self.procore(.slowDrip, timeout: .seconds(1)) { client, _ in
            let text = await Self.failureText { _ = try await client.projects() }
            #expect(text.contains("timed out"), "\(text)")
        }
    }

    @Test("Procore: a 10,000-deep JSON array is refused by depth, not by the stack")
    func procoreDeepJSON() async throws {
        try await Self.procore(.deepJSON) { client, _ in
            let text = await Self.failureText { _ = try await client.projects() }
            #expect(text.contains("nesting deeper than"), "\(text)")
        }
    }

    @Test("Procore: a Link rel=next to another host is not followed (the token would go there)")
    func procoreForeignLink() async throws {
        try await Self.procore(.foreignLink) { client, sandbox in
            let before = await sandbox.stats().requestsTotal
            let text = await Self.failureText { _ = try await client.projects() }
            #expect(text.contains("procore.example.net"), "\(text)")
            #expect(text.contains("not requested"), "\(text)")
            // One page read from the sandbox, none from anywhere else (the next page was never asked for).
            #expect(await sandbox.stats().requestsTotal - before <= 2)
        }
    }

    /// A Sage agent client against a simulator playing `mode`.
    static func sage(_ mode: HostileAnswer, limit: Int = 4 << 20, timeout: Duration = .seconds(20),
                     _ body: (SageAgentClient, SageAgentSimulator) async throws -> Void) async throws {
        var configuration = SageAgentSimulatorConfiguration(apiKey: "hostile-key")
        configuration.hostile = mode
        let simulator = try SageAgentSimulator(configuration: configuration)
        try await simulator.start()
        let agentConfiguration = try SageAgentConfiguration(baseURL: simulator.baseURL, companyCode: "ABC",
                                                            auth: .apiKey(Secret("hostile-key")),
                                                            requestTimeout: timeout, importTimeout: timeout)
        var http = agentConfiguration.httpClientConfiguration
        http.maxResponseBytes = limit
        let client = SageAgentClient(configuration: agentConfiguration, httpClient: CurlHTTPClient(configuration: http))
        do {
            try await body(client, simulator)
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    @Test("agent: an endless body and a slow drip are refused on the first call; nothing reaches Sage")
    func agentBodies() async throws {
        try await Self.sage(.endlessBody) { client, simulator in
            let text = await Self.failureText { _ = try await client.status() }
            #expect(text.contains("larger than 4 MiB"), "\(text)")
            let posted = try simulator.postings()
            #expect(posted.isEmpty)
        }
        try await Self.sage(.slowDrip, timeout: .seconds(1)) { client, simulator in
            let text = await Self.failureText { _ = try await client.vendors() }
            #expect(text.contains("timed out"), "\(text)")
            let posted = try simulator.postings()
            #expect(posted.isEmpty)
        }
        try await Self.sage(.deepJSON) { client, _ in
            let error = await Self.failure { _ = try await client.status() }
            #expect(error is SageAgentError, "\(String(describing: error))")
        }
    }

    @Test("pay cycle against an agent answering XXE or billion-laughs SOAP: the sales orders are refused with the reason, nothing else is harmed, no file is read",
          arguments: [HostileAnswer.xxe, .billionLaughs])
    func soapAnswers(_ mode: HostileAnswer) async throws {
        let folder = NSTemporaryDirectory() + "hostile-\(mode)-\(UUID().uuidString)"
        let env = try await DemoEnvironment.start(directory: folder, options: .init(ownerBilling: .salesOrder, hostileSage: mode))
        let summary = await PayCycle(configuration: try env.configuration()).run()
        let everything = try String(data: JSONEncoder().encode(summary), encoding: .utf8) ?? ""
        // The AP side posted as always; the sales orders did not, and the run says why.
        #expect((summary.post?.postedCount ?? 0) > 0, "\(summary.headline)")
        let salesOrders = try env.agent.postings().filter { $0.kind == .salesOrders }
        #expect(salesOrders.isEmpty)
        #expect(everything.contains("DOCTYPE") || everything.contains("entit"), "\(everything.prefix(4000))")
        #expect(!everything.contains("root:x:0:0"), "the external entity was resolved")
        #expect(summary.exitStatus != .done)
        await env.stop()
    }
}
