import Demo
import Foundation
import Procore
import Testing
import Vault
@testable import Connector

/// `ml-connector init` with flags against both sandboxes: the configuration and mapping it
/// writes let a pay cycle complete, the secrets are only in the vault, and nothing is overwritten.
@Suite("init", .serialized)
struct SetupTests {
    @Test("init writes a configuration, a cost code table and the vault with which run completes")
    func writesAWorkingConfiguration() async throws {
        try await DemoEnvironment.withTemporary("init", options: .init(projects: 3, recordsPerProject: 25)) { env in
            let folder = env.directory + "/fresh"
            let secret = try #require(env.secrets[DemoEnvironment.procoreSecretVariable])
            let key = try #require(env.secrets[DemoEnvironment.agentKeyVariable])
            let dataset = await env.procore.dataset()
            var options = SetupOptions(directory: folder, procoreEnvironment: .custom(apiBaseURL: env.procore.baseURL, authBaseURL: env.procore.baseURL),
                                       companyID: dataset.companyID, clientID: env.procore.configuration.clientID,
                                       clientSecret: Secret(secret), agentURL: env.agent.baseURL, sageCompany: "ABC",
                                       agentKey: Secret(key), environment: [:])
            options.bankCode = "A"
            let summary = try await Setup.run(options)
            #expect(summary.projects == dataset.projectIDs.count - dataset.inactiveProjectIDs.count)
            #expect(summary.costCodes > 10 && summary.matched > 0)
            #expect(Set(summary.accounts.keys) == ["ap_control", "retainage_payable", "accounts_receivable", "revenue"], "\(summary.accounts)")

            let yml = try String(contentsOfFile: summary.configPath, encoding: .utf8)
            #expect(!yml.contains(secret) && !yml.contains(key), "secrets only in the vault")
            #expect(yml.contains("client_secret_vault: procore-client-secret") && yml.contains("api_key_vault: sage-agent-api-key"))
            let vault = VaultLocation(configDirectory: folder, environment: [:])
            #expect(try vault.secret(named: "procore-client-secret").revealed == secret)
            #expect(!(try String(contentsOfFile: vault.vaultPath, encoding: .utf8)).contains(secret))

            // The written configuration runs a pay cycle against the sandboxes.
            let configuration = try RunConfiguration.load(path: summary.configPath, environment: [:])
            #expect(configuration.mapping.projects.count == summary.projects)
            #expect(configuration.mapping.projects.values.allSatisfy { ($0.jobNo?.count ?? 0) <= 7 })
            let run = await PayCycle(configuration: configuration).run()
            #expect(run.exitCode == 0 || run.exitCode == 4, "\(run.headline)")
            #expect((run.post?.postedCount ?? 0) > 0, "documents reached Sage: \(run.headline)")
            #expect(run.stages["pull"]?.status == "ok")

            // Never overwritten unless asked.
            await #expect(throws: SetupError.self) { try await Setup.run(options) }
            options.force = true
            _ = try await Setup.run(options)
        }
    }

    @Test("job numbers come from project numbers: Sage's 7 characters, unique, never empty")
    func jobNumbers() {
        func project(_ id: Int64, _ number: String?) -> Project {
            var p = Project(id: id, name: nil)
            p.projectNumber = number
            return p
        }
        let jobs = Setup.jobNumbers([project(1, "24-1000"), project(2, "24-1000"), project(3, "Tower #12 (east)"), project(4, nil),
                                     project(5, "ÜBER-12345678")])
        #expect(jobs.map(\.jobNo) == ["24-1000", "24-10-2", "TOWER12", "J4", "BER-123"])
        #expect(Set(jobs.map(\.jobNo)).count == jobs.count)
    }
}
