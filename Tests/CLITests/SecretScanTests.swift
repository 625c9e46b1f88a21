import Connector
import Demo
import Foundation
import Testing
import Vault

/// No secret is ever written or printed: the built ml-connector runs a pay cycle, ping, the
/// reference exchange, init and failed-credentials runs against the sandboxes, and every file
/// in the folder (ledger, WAL, staging, outbox, reports, vault) and everything printed is
/// searched for each secret (the ones that work, the wrong ones typed, the Procore bearer
/// token the vault keeps): zero hits.
@Suite("CLITests: no secret in any file or output", .serialized,
       .enabled(if: CLI.binary != nil, Comment(rawValue: CLI.missingBinary)))
struct SecretScanTests {
    @Test("secrets and the bearer token appear in no file written and no output")
    func scan() async throws {
        let world = try await World.start()
        defer { Task { await world.stop() } }
        let both = world.procoreSecret.merging(world.agentKey) { a, _ in a }
        var outputs: [CLI.Result] = []

        outputs.append(try await CLI.run(["secrets", "init", "--config", world.config]))
        let run = try await CLI.run(["run", "--config", world.config], environment: both)
        #expect([0, 4].contains(run.status), "\(run)")
        outputs.append(run)
        outputs.append(try await CLI.run(["ping", "--config", world.config], environment: both))
        outputs.append(try await CLI.run(["reference", "--config", world.config, "--json"], environment: both))
        outputs.append(try await CLI.run(["status", "--config", world.config]))
        outputs.append(try await CLI.run(["run", "--config", world.config, "--json"], environment: both))

        // init with the secrets in variables: they go to the new vault only.
        let procoreSecret = try #require(both[DemoEnvironment.procoreSecretVariable])
        let agentKey = try #require(both[DemoEnvironment.agentKeyVariable])
        let initRun = try await CLI.run([
            "init", "--dir", world.folder + "/init", "--procore-environment", "custom", "--procore-url", world.env.procore.baseURL,
            "--company-id", String(world.configuration.base.procore.companyID), "--client-id", world.configuration.base.procore.clientID,
            "--client-secret-env", "SCAN_PROCORE_SECRET", "--agent-url", world.env.agent.baseURL, "--company", "ABC",
            "--api-key-env", "SCAN_AGENT_KEY"], environment: ["SCAN_PROCORE_SECRET": procoreSecret, "SCAN_AGENT_KEY": agentKey])
        #expect(initRun.status == 0, "\(initRun)")
        outputs.append(initRun)

        // Wrong credentials, as typed by a person: refused, never echoed.
        let wrong = [DemoEnvironment.procoreSecretVariable: "wrong-procore-secret-7f31", DemoEnvironment.agentKeyVariable: "wrong-agent-key-9c2e"]
        let failedRun = try await CLI.run(["run", "--config", world.config], environment: wrong)
        #expect(failedRun.status != 0, "\(failedRun)")
        outputs.append(failedRun)
        let failedPing = try await CLI.run(["ping", "--config", world.config], environment: wrong)
        #expect(failedPing.status == 2, "\(failedPing)")
        outputs.append(failedPing)

        // The bearer token the runs shared, from the vault.
        let token = try #require(await VaultTokenStore(location: VaultLocation(configDirectory: world.folder, environment: [:])).load(),
                                 "the runs kept their token in the vault")
        let needles = [procoreSecret, agentKey, token.value] + Array(wrong.values)

        var files = 0
        let enumerator = FileManager.default.enumerator(atPath: world.folder)
        while let relative = enumerator?.nextObject() as? String {
            let path = world.folder + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            files += 1
            for (index, needle) in needles.enumerated() {
                #expect(data.range(of: Data(needle.utf8)) == nil, "\(relative) holds secret #\(index)")
            }
        }
        #expect(files > 20, "the scan read the ledger, staging, outbox and vault files (\(files))")
        for output in outputs {
            for (index, needle) in needles.enumerated() {
                #expect(!output.output.contains(needle), "output of a command holds secret #\(index)")
            }
        }
    }
}
