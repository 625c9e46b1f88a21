import ConnectorTesting
import Demo
import Foundation
import Procore
import Testing
import Vault
@testable import Connector

/// The Procore access token kept, encrypted, in the vault next to the configuration: runs within
/// its lifetime share it, processes renewing at once ask Procore once, a revoked one is replaced
/// once, and the vault never holds it in clear.
@Suite("Procore token in the vault", .serialized)
struct TokenVaultTests {
    @Test("three runs in a row ask Procore for one token; a revoked token is replaced once")
    func oneTokenPerExpiry() async throws {
        try await DemoEnvironment.withTemporary("token-vault", options: .init(projects: 2, recordsPerProject: 20)) { env in
            let location = VaultLocation(configDirectory: env.directory, environment: [:])
            _ = try location.initialize()
            let configuration = try env.configuration()
            for _ in 0..<3 {
                let run = await PayCycle(configuration: configuration).run()
                #expect(run.exitCode == 0 || run.exitCode == 4, "\(run.headline)")
            }
            #expect(await env.procore.stats().tokensIssued == 1, "three runs, one token")
            let stored = try #require(await VaultTokenStore(location: location).load())
            let vaultText = try String(contentsOfFile: location.vaultPath, encoding: .utf8)
            #expect(!vaultText.contains(stored.value), "the vault holds the token sealed, never in clear")

            // Procore revokes it (401): the next run replaces it once, and the one after reuses that.
            await env.procore.expireTokens()
            _ = await PayCycle(configuration: configuration).run()
            #expect(await env.procore.stats().tokensIssued == 2)
            _ = await PayCycle(configuration: configuration).run()
            #expect(await env.procore.stats().tokensIssued == 2)
            #expect(try #require(await VaultTokenStore(location: location).load()).value != stored.value)
        }
    }

    @Test("clients renewing at the same moment (as two processes would) ask Procore once")
    func concurrentRenewals() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 5)) { h in
            let folder = NSTemporaryDirectory() + "token-race-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let location = VaultLocation(configDirectory: folder, environment: [:])
            _ = try location.initialize()
            let store = try #require(VaultTokenStore.available(location))
            let clients = (0..<4).map { _ in
                var configuration = ProcoreSandboxHarness.makeClient(h.sandbox).configuration
                configuration.tokenStore = store
                return ProcoreClient(configuration: configuration)
            }
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for client in clients { group.addTask { try await client.tokens.token().value } }
                var all: [String] = []
                for try await value in group { all.append(value) }
                return all
            }
            #expect(Set(values).count == 1, "every client got the same token")
            #expect(await h.sandbox.stats().tokensIssued == 1)
        }
    }

    @Test("without a vault the token stays in memory, and ping says how to keep it")
    func noVault() async throws {
        try await DemoEnvironment.withTemporary("token-memory", options: .init(projects: 1, recordsPerProject: 10)) { env in
            let configuration = try env.configuration()
            #expect(try configuration.base.procore.clientConfiguration(file: configuration.file).tokenStore == nil)
            let report = await Ping(configuration: configuration).run()
            let cache = try #require(report.checks.first { $0.name == "token cache" })
            #expect(cache.status == .warning && cache.fix?.contains("secrets init") == true)
        }
    }
}
