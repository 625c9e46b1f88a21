import Demo
import Foundation
import HTTP
import Testing
@testable import Connector

/// Both sandboxes in this process and a demo folder with the whole `connector.yml` for them;
/// the CLI runs against it as a child process.
struct World {
    let env: DemoEnvironment
    let folder: String
    let configuration: RunConfiguration

    static func start(forbidProjects: Int = 0, unmapped: String? = DemoData.unmappedCostCode) async throws -> World {
        let folder = NSTemporaryDirectory() + "cli-\(UUID().uuidString)"
        let env = try await DemoEnvironment.start(directory: folder, options: .init(
            projects: 2, recordsPerProject: 40, seed: 7, unmappedCostCode: unmapped, forbidProjects: forbidProjects))
        return World(env: env, folder: folder, configuration: try env.configuration())
    }

    var config: String { env.configPath }
    /// Only the Procore client secret.
    var procoreSecret: [String: String] {
        [DemoEnvironment.procoreSecretVariable: env.secrets[DemoEnvironment.procoreSecretVariable] ?? ""]
    }
    /// Only the Sage agent's API key.
    var agentKey: [String: String] {
        [DemoEnvironment.agentKeyVariable: env.secrets[DemoEnvironment.agentKeyVariable] ?? ""]
    }

    func stop() async {
        await env.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// The README's exit code table, produced by the built executable: every code, from the
/// commands that produce it.
@Suite("CLITests: the exit code table of the built ml-connector", .serialized,
       .enabled(if: CLI.binary != nil, Comment(rawValue: CLI.missingBinary)))
struct ExitCodeTests {
    // MARK: 0

    @Test("0: --version prints the version constant; help for a real command exits 0")
    func version() async throws {
        let version = try await CLI.run(["--version"])
        #expect(version.status == 0, "\(version)")
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ProductVersion.current, "\(version)")
        let help = try await CLI.run(["help", "map", "check"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("ml-connector map check"), "\(help)")
    }

    @Test("0: pull --resources vendors reads the whole connector.yml and needs only the Procore secret")
    func pullWithTheWholeFile() async throws {
        let world = try await World.start()
        defer { Task { await world.stop() } }
        let text = try String(contentsOfFile: world.config, encoding: .utf8)
        #expect(text.contains("\nsage:") && text.contains("\nmapping:"), "the demo writes the whole file")
        let pull = try await CLI.run(["pull", "--resources", "vendors", "--config", world.config], environment: world.procoreSecret)
        #expect(pull.status == 0, "\(pull)")
        #expect(pull.stdout.contains("vendors"), "\(pull)")
        let staged = try FileManager.default.contentsOfDirectory(atPath: world.configuration.stagingDirectory).filter { !$0.hasPrefix(".") }
        #expect(staged.count == 1, "one staging folder: \(staged)")
        await world.stop()
    }

    // MARK: 0, 1, 4 and the secrets each command asks for

    @Test("one configuration: each command asks only for the secrets it uses; 4 when records need a person; 1 when the agent is gone")
    func secretsPerCommand() async throws {
        let world = try await World.start()
        defer { Task { await world.stop() } }
        let procoreVariable = DemoEnvironment.procoreSecretVariable
        let agentVariable = DemoEnvironment.agentKeyVariable

        let status = try await CLI.run(["status", "--config", world.config])
        #expect(status.status == 0, "a fresh ledger needs nobody, and status needs no secret: \(status)")

        let pull = try await CLI.run(["pull", "--config", world.config], environment: world.procoreSecret)
        #expect(pull.status == 0, "\(pull)")
        #expect(!pull.output.contains(agentVariable), "\(pull)")

        // The seeded dirt (lines without a cost code, over-long vendor names) makes records invalid.
        let transform = try await CLI.run(["transform", "--refresh", "--config", world.config], environment: world.agentKey)
        #expect(transform.status == 4, "\(transform)")
        #expect(transform.stdout.contains("invalid:"), "\(transform)")

        let mapCheck = try await CLI.run(["map", "check", "--config", world.config], environment: world.agentKey)
        #expect([0, 4].contains(mapCheck.status), "\(mapCheck)")
        #expect(mapCheck.stdout.contains("cost code lines mapped"), "\(mapCheck)")

        let post = try await CLI.run(["post", "--config", world.config], environment: world.agentKey)
        #expect([0, 4].contains(post.status), "\(post)")
        #expect(post.stdout.hasPrefix("post "), "\(post)")

        let reconcile = try await CLI.run(["reconcile", "--config", world.config], environment: world.agentKey)
        #expect([0, 4].contains(reconcile.status), "\(reconcile)")
        #expect(reconcile.stdout.contains("reconciliation.html"), "\(reconcile)")

        let replay = try await CLI.run(["replay", "--config", world.config])
        #expect(replay.status == 0, "an empty inbox: \(replay)")
        let afterwards = try await CLI.run(["status", "--config", world.config])
        #expect(afterwards.status == 4, "invalid records wait for a person: \(afterwards)")
        let outbox = world.configuration.outboxDirectory
        let batches = try FileManager.default.contentsOfDirectory(atPath: outbox)
            .filter { FileManager.default.fileExists(atPath: "\(outbox)/\($0)/manifest.json") }
        let show = try await CLI.run(["ledger", "show", "batch:" + (try #require(batches.first)), "--config", world.config])
        #expect(show.status == 0, "\(show)")

        for result in [transform, mapCheck, post, reconcile, replay, afterwards, show] {
            #expect(!result.output.contains(procoreVariable), "no Procore secret asked for: \(result)")
        }

        // run asks for both before its first stage, naming the missing one.
        let run = try await CLI.run(["run", "--config", world.config], environment: world.agentKey)
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("procore.client_secret_env") && !run.stderr.contains(procoreVariable),
                "names the key, never the value (it may be a pasted secret): \(run)")

        // 1: the agent is gone; nothing else is wrong. Reconcile must read Sage back, so it stops.
        await world.env.agent.stop()
        let noAgent = try await CLI.run(["reconcile", "--config", world.config], environment: world.agentKey)
        #expect(noAgent.status == 1, "the agent could not be read: \(noAgent)")
        #expect(noAgent.stderr.hasPrefix("error: "), "\(noAgent)")
        await world.stop()
    }

    // MARK: 2

    @Test("2: an unknown flag, an unknown command, `help bogus`, a bad --projects value")
    func usageErrors() async throws {
        for arguments in [["status", "--bogus"], ["bogus"], ["help", "bogus"], ["help", "map", "bogus"],
                          ["pull", "--projects", "x1"], ["reject"]] {
            let result = try await CLI.run(arguments)
            #expect(result.status == 2, "ml-connector \(arguments.joined(separator: " ")): \(result)")
            #expect(!result.stderr.isEmpty, "a usage error says what is wrong: \(result)")
            #expect(result.stdout.isEmpty, "\(result)")
        }
        let help = try await CLI.run(["help", "bogus"])
        #expect(help.stderr.contains("'bogus'"), "\(help)")
    }

    @Test("2: an unknown key anywhere in connector.yml stops every command, naming the key")
    func unknownKeys() async throws {
        let folder = NSTemporaryDirectory() + "cli-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let template = try String(contentsOf: CLI.root.appendingPathComponent("templates/connector.yml"), encoding: .utf8)
        let nested = folder + "/nested.yml", top = folder + "/top.yml"
        try template.replacingOccurrences(of: "  verify_tls: true", with: "  verify_tls: true\n  base_urll: https://sage-server:4020")
            .write(toFile: nested, atomically: true, encoding: .utf8)
        try (template + "\nsagee:\n  company: ABC\n").write(toFile: top, atomically: true, encoding: .utf8)
        for (file, key) in [(nested, "sage.base_urll"), (top, "sagee")] {
            for command in [["pull"], ["status"], ["post"], ["map", "check"]] {
                let result = try await CLI.run(command + ["--config", file], environment: ["PROCORE_CLIENT_SECRET": "x", "SAGE_AGENT_API_KEY": "y"])
                #expect(result.status == 2, "\(command) with \(key): \(result)")
                #expect(result.stderr.contains("unknown key '\(key)'"), "\(command): \(result)")
            }
        }
        let missing = try await CLI.run(["status", "--config", folder + "/absent.yml"])
        #expect(missing.status == 2, "\(missing)")
    }

    @Test("2: a Procore secret that Procore refuses, from pull and from run alike")
    func refusedSecret() async throws {
        let world = try await World.start()
        defer { Task { await world.stop() } }
        var wrong = world.env.secrets
        wrong[DemoEnvironment.procoreSecretVariable] = "not-the-secret"
        let pull = try await CLI.run(["pull", "--config", world.config], environment: wrong)
        #expect(pull.status == 2, "\(pull)")
        #expect(pull.stderr.contains("refused the client credentials"), "\(pull)")
        let run = try await CLI.run(["run", "--config", world.config], environment: wrong)
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains("refused the client credentials"), "\(run)")
        await world.stop()
    }

    // MARK: 3

    @Test("3: a forbidden project makes a partial pull, named in the human output and with --json")
    func partialPull() async throws {
        let world = try await World.start(forbidProjects: 1)
        defer { Task { await world.stop() } }
        let forbidden = try #require(await world.env.procore.dataset().forbiddenProjectIDs.first)
        let pull = try await CLI.run(["pull", "--config", world.config], environment: world.procoreSecret)
        #expect(pull.status == 3, "\(pull)")
        #expect(pull.stdout.contains("forbidden:") && pull.stdout.contains("project \(forbidden)"), "\(pull)")
        let json = try await CLI.run(["pull", "--json", "--config", world.config], environment: world.procoreSecret)
        #expect(json.status == 3, "\(json)")
        #expect(json.stderr.contains("project \(forbidden)"), "\(json)")

        let run = try await CLI.run(["run", "--config", world.config], environment: world.env.secrets)
        #expect(run.status == 3, "\(run)")
        #expect(run.stdout.contains("project \(forbidden)"), "the human output names the forbidden project: \(run)")
        await world.stop()
    }

    // MARK: 4

    @Test("4: a whole run with records that need a person")
    func needsPerson() async throws {
        let world = try await World.start()
        defer { Task { await world.stop() } }
        let run = try await CLI.run(["run", "--config", world.config], environment: world.env.secrets)
        #expect(run.status == 4, "\(run)")
        #expect(run.stdout.contains("Invalid records"), "\(run)")
        #expect(run.stdout.contains("Needs a person:"), "the headline says so: \(run)")
        await world.stop()
    }

    // MARK: 5

    @Test("5: a lock another holder has: pull, replay, post and run say which lock file and exit 5")
    func busy() async throws {
        let world = try await World.start()
        defer { Task { await world.stop() } }
        let config = world.configuration
        let secrets = world.env.secrets

        do {
            let held = try StagingLock.acquire(root: config.stagingDirectory)
            let pull = try await CLI.run(["pull", "--config", world.config], environment: secrets)
            #expect(pull.status == 5, "\(pull)")
            #expect(pull.stderr.contains(held.path), "names \(held.path): \(pull)")
        }
        do {
            let held = try InboxLock.acquire(config.inboxDirectory)
            let lockFile = config.inboxDirectory + "/" + InboxLock.fileName
            let replay = try await CLI.run(["replay", "--config", world.config])
            #expect(replay.status == 5, "\(replay)")
            #expect(replay.stderr.contains(lockFile), "\(replay)")
            let run = try await CLI.run(["run", "--config", world.config], environment: secrets)
            #expect(run.status == 5, "the run stops at its replay: \(run)")
            #expect(run.stderr.contains(lockFile), "\(run)")
            withExtendedLifetime(held) {}
        }
        do {
            let held = try PostLock.acquire(ledgerPath: config.ledgerPath)
            let post = try await CLI.run(["post", "--config", world.config], environment: world.agentKey)
            #expect(post.status == 5, "\(post)")
            #expect(post.stderr.contains(held.path), "\(post)")
        }
        do {
            let held = try OutboxLock.acquire(outboxRoot: config.outboxDirectory)
            let run = try await CLI.run(["run", "--config", world.config], environment: secrets)
            #expect(run.status == 5, "the run stops at its transform: \(run)")
            #expect(run.stderr.contains(held.path), "\(run)")
        }
        // Released: the same commands go through.
        let free = try await CLI.run(["replay", "--config", world.config])
        #expect(free.status == 0, "\(free)")
        await world.stop()
    }
}
