import Demo
import Foundation
import Testing
@testable import Connector

/// `ml-connector ping` against both sandboxes over loopback: everything passes with the demo's
/// settings; a wrong agent key, a wrong Procore secret, an unreachable agent and forbidden
/// projects are each named with their fix and the exit status, before any pull.
@Suite("Ping", .serialized)
struct PingTests {
    static func configuration(_ env: DemoEnvironment, overriding: [String: String] = [:], yml edit: ((String) -> String)? = nil) throws -> RunConfiguration {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in env.secrets { environment[key] = value }
        for (key, value) in overriding { environment[key] = value }
        var path = env.configPath
        if let edit {
            path = env.directory + "/edited.yml"
            try edit(try String(contentsOfFile: env.configPath, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        }
        return try RunConfiguration.load(path: path, environment: environment, requireSecrets: false)
    }

    @Test("with the demo's settings every check passes; each broken setting is named with its fix")
    func everyCheck() async throws {
        try await DemoEnvironment.withTemporary("ping", options: .init(projects: 4, recordsPerProject: 20, forbidProjects: 2)) { env in
            let dataset = await env.procore.dataset()
            let forbidden = Set(dataset.forbiddenProjectIDs)
            #expect(forbidden.count == 2)

            // Everything reachable: only the two forbidden projects fail, with exit 3.
            let report = await Ping(configuration: try Self.configuration(env)).run()
            let names = report.checks.map { "\($0.system) \($0.name)" }
            for expected in ["procore settings", "procore token", "procore company", "sage settings", "sage agent", "sage company",
                             "sage modules", "sage account structure", "sage read A/P", "sage read P/O", "sage read G/L", "sage clock",
                             "procore rate limit"] {
                #expect(names.contains(expected), "\(expected) in \(names)")
            }
            let failed = report.failed
            #expect(Set(failed.map(\.name)) == Set(forbidden.map { "project \($0)" }), "\(failed)")
            #expect(failed.allSatisfy { $0.fix?.contains("DMSA") == true && $0.failure == .partialPull })
            #expect(report.checks.filter { $0.name.hasPrefix("project ") && $0.status == .ok }.count == dataset.projectIDs.count - 2)
            #expect(report.exitStatus == .partialPull)
            #expect(try env.configuration().ledgerPath.isEmpty == false)
            #expect(await env.procore.stats().requestsByEndpoint.keys.allSatisfy { !$0.contains("requisitions/{id}") },
                    "a ping reads one record per tool, never a pull")

            // A wrong agent key: named, with the fix, exit 2; Procore still checked.
            let wrongKey = await Ping(configuration: try Self.configuration(env, overriding: [DemoEnvironment.agentKeyVariable: "not-the-key"])).run()
            let agentCheck = try #require(wrongKey.checks.first { $0.system == "sage" && $0.name == "agent" })
            #expect(agentCheck.status == .failed && agentCheck.fix?.contains("sage.auth") == true, "\(agentCheck)")
            #expect(wrongKey.checks.contains { $0.system == "procore" && $0.name == "token" && $0.status == .ok })
            #expect(wrongKey.exitStatus == .configuration)
            #expect(!String(describing: wrongKey).contains("not-the-key"), "the key is never echoed")

            // A wrong Procore secret: the token check fails with its fix, exit 2; Sage still checked.
            let wrongSecret = await Ping(configuration: try Self.configuration(env, overriding: [DemoEnvironment.procoreSecretVariable: "wrong-secret"])).run()
            let token = try #require(wrongSecret.checks.first { $0.system == "procore" && $0.name == "token" })
            #expect(token.status == .failed && token.fix?.contains("client secret") == true, "\(token)")
            #expect(wrongSecret.checks.contains { $0.system == "sage" && $0.name == "agent" && $0.status == .ok })
            #expect(wrongSecret.exitStatus == .configuration)
            #expect(!String(describing: wrongSecret).contains("wrong-secret"), "the secret is never echoed")

            // An agent nobody answers at: exit 1, with the fix.
            let unreachable = await Ping(configuration: try Self.configuration(env, yml: { $0.replacingOccurrences(of: env.agent.baseURL, with: "http://127.0.0.1:9") })).run()
            let down = try #require(unreachable.checks.first { $0.system == "sage" && $0.name == "agent" })
            #expect(down.status == .failed && down.fix?.contains("sage.base_url") == true, "\(down)")
            #expect(unreachable.exitStatus == .configuration || unreachable.exitStatus == .fatal)
            #expect(unreachable.failed.contains { $0.failure == .fatal })

            // Nothing was pulled or posted by any of it.
            #expect(try env.agent.postings().isEmpty)
        }
    }
}
