import Connector
import Demo
import Foundation
import HTTP
import Testing
import Vault
#if canImport(Glibc)
import Glibc
#endif

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

        // The webhook receiver: a delivery with the right secret is stored and pulled early,
        // one with a wrong secret is refused; neither secret is written or printed.
        let webhookSecret = "Bearer scan-webhook-secret-5d1e8a"
        let wrongWebhookSecret = "Bearer wrong-webhook-secret-0b77"
        outputs.append(try await Self.webhookDeliveries(world: world, environment: both, secret: webhookSecret,
                                                         wrongSecret: wrongWebhookSecret))

        // The bearer token the runs shared, from the vault.
        let token = try #require(await VaultTokenStore(location: VaultLocation(configDirectory: world.folder, environment: [:])).load(),
                                 "the runs kept their token in the vault")
        let needles = [procoreSecret, agentKey, token.value, webhookSecret, wrongWebhookSecret,
                       String(webhookSecret.dropFirst(7)), String(wrongWebhookSecret.dropFirst(7))] + Array(wrong.values)

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

    /// Runs `webhooks serve` with a `webhooks:` section added to the configuration, posts one
    /// event with `secret` (stored, then pulled early from the sandbox with the bearer token)
    /// and one with `wrongSecret` (refused 401), then stops it with SIGTERM.
    static func webhookDeliveries(world: World, environment: [String: String], secret: String,
                                  wrongSecret: String) async throws -> CLI.Result {
        let config = world.folder + "/connector.yml"
        let original = try String(contentsOfFile: config, encoding: .utf8)
        try (original + "\nwebhooks:\n  listen: 127.0.0.1:0\n  secret_env: SCAN_WEBHOOK_SECRET\n  debounce_s: 0\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? original.write(toFile: config, atomically: true, encoding: .utf8) }

        let binary = try #require(CLI.binary)
        let files = try CLI.OutputFiles()
        var variables = environment
        variables["SCAN_WEBHOOK_SECRET"] = secret
        let process = CLI.makeProcess(binary, ["webhooks", "serve", "--config", config], environment: variables,
                                      stdout: files.stdout, stderr: files.stderr)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func output() -> String { (try? String(contentsOfFile: files.stdout, encoding: .utf8)) ?? "" }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        // The ready line names the address (the port was picked by the system).
        var url: String?
        while url == nil, process.isRunning, clock.now < deadline {
            if let line = output().split(separator: "\n").first(where: { $0.contains("Listening for Procore webhooks at ") }) {
                url = line.components(separatedBy: " at ").last?.components(separatedBy: " ").first
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let receiver = try #require(url, "webhooks serve did not say where it listens: \(output())")
        let project = try #require(await world.env.procore.dataset().projectIDs.first)
        let body = """
        {"id":1,"ulid":"01JKQ5Z8M3R7W2X9Y4V6T1S0SC","timestamp":"2026-12-07T05:00:00.000000Z","metadata":{"source_user_id":1,"source_project_id":\(project),"source_operation_id":null,"source_company_id":\(world.configuration.base.procore.companyID),"source_application_id":null},"user_id":1,"company_id":\(world.configuration.base.procore.companyID),"project_id":\(project),"api_version":"v2.0","event_type":"update","resource_name":"Requisitions","resource_id":1}
        """
        let http = CurlHTTPClient()
        func post(_ authorization: String) async throws -> Int {
            var headers = HTTPHeaders()
            headers.add("Content-Type", "application/json")
            headers.add("Authorization", authorization)
            return try await http.send(HTTPRequest(method: .post, url: receiver, headers: headers, body: Data(body.utf8))).status
        }
        #expect(try await post(wrongSecret) == 401)
        #expect(try await post(secret) == 200)
        // The early pull ran (the condition, not a fixed wait).
        while !output().contains("event(s):"), process.isRunning, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(output().contains("event(s):"), "the stored event was pulled early: \(output())")
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return CLI.Result(status: process.terminationStatus, stdout: output(),
                          stderr: (try? String(contentsOfFile: files.stderr, encoding: .utf8)) ?? "")
    }
}
