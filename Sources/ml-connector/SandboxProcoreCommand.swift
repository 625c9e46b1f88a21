import ArgumentParser
import Foundation
import Sandbox

/// `ml-connector sandbox procore`: a local Procore API for demos and tests.
struct SandboxProcoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procore",
        abstract: "Run a local Procore sandbox (OAuth + REST API with generated construction data).",
        discussion: """
        Serves Procore's REST API and OAuth token endpoint on 127.0.0.1 with deterministic \
        data (same --seed, same data). Runs until interrupted (Ctrl-C or SIGTERM). \
        Admin routes: POST /_sandbox/touch?resource=requisitions&count=N, GET /_sandbox/stats.
        """
    )

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 4010

    @Option(help: "Seed of the data generator.")
    var seed: UInt64 = 42

    @Option(help: "Number of projects.")
    var projects: Int = 5

    @Option(name: .customLong("records-per-project"), help: "Approximate records per project across all resources.")
    var recordsPerProject: Int = 200

    @Option(name: .customLong("token-ttl"), help: "Access token lifetime in seconds.")
    var tokenTTL: Int = 5400

    @Option(name: .customLong("hourly-limit"), help: "Requests per client per hour (default: no limit).")
    var hourlyLimit: Int?

    @Option(name: .customLong("spike-limit"), help: "Requests per client per 10 seconds (default: no limit).")
    var spikeLimit: Int?

    @Option(name: .customLong("fail-rate"), help: "Share of API requests answered 503 (0...1).")
    var failRate: Double = 0

    @Option(name: .customLong("latency-ms"), help: "Delay added to every answer, in milliseconds.")
    var latencyMs: Int = 0

    @Option(name: .customLong("forbid-projects"), help: "The last N projects answer 403.")
    var forbidProjects: Int = 0

    @Option(name: .customLong("webhook-drop-rate"), help: "Share of webhook deliveries lost without a trace (0...1), for testing the polling fallback.")
    var webhookDropRate: Double = 0

    @Option(help: ArgumentHelp("Answer every API read as a hostile peer would, to see the connector refuse it: "
                               + HostileAnswer.procore.map(\.rawValue).joined(separator: ", ") + ".", valueName: "mode"))
    var hostile: HostileAnswer?

    @Option(name: .customLong("write-config"), help: "Write a connector YAML config pointing at this sandbox to PATH.")
    var writeConfig: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port \(port) is out of range: use 0...65535") }
        guard projects >= 1 else { throw ValidationError("--projects must be at least 1") }
        guard recordsPerProject >= 1 else { throw ValidationError("--records-per-project must be at least 1") }
        guard tokenTTL >= 1 else { throw ValidationError("--token-ttl must be at least 1 second") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate \(failRate) must be between 0 and 1") }
        guard (0...1).contains(webhookDropRate) else { throw ValidationError("--webhook-drop-rate \(webhookDropRate) must be between 0 and 1") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must not be negative") }
        guard (0...projects).contains(forbidProjects) else { throw ValidationError("--forbid-projects must be between 0 and --projects") }
        if let h = hourlyLimit, h < 1 { throw ValidationError("--hourly-limit must be at least 1") }
        if let s = spikeLimit, s < 1 { throw ValidationError("--spike-limit must be at least 1") }
        if let h = hostile, !HostileAnswer.procore.contains(h) {
            throw ValidationError("--hostile \(h) is a mode of the Sage agent simulator; the Procore sandbox plays "
                                  + HostileAnswer.procore.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() async throws {
        var config = ProcoreSandboxConfiguration(
            port: port, seed: seed, projects: projects, recordsPerProject: recordsPerProject,
            tokenTTL: .seconds(tokenTTL), hourlyLimit: hourlyLimit, spikeLimit: spikeLimit,
            failRate: failRate, latency: .milliseconds(latencyMs), forbidProjects: forbidProjects)
        config.hostile = hostile
        config.webhookDropRate = webhookDropRate
        let sandbox = try await ProcoreSandbox.start(config)
        let data = await sandbox.dataset()
        var lines = [
            "Procore sandbox listening on \(sandbox.baseURL)",
            "  company id:    \(data.companyID)",
            "  client id:     \(config.clientID)",
            "  client secret: \(config.clientSecret)",
            "  projects:      \(data.projectIDs.count) (\(data.forbiddenProjectIDs.count) forbidden), records: \(data.totalRecords)",
        ]
        if let hostile { lines.append("  hostile:       every API read answers \(hostile)") }
        if let path = writeConfig {
            do {
                try Self.connectorYAML(baseURL: sandbox.baseURL, companyID: data.companyID, clientID: config.clientID)
                    .write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                await sandbox.stop()
                throw ConfigWriteError(path: path, reason: error.localizedDescription)
            }
            lines += ["Wrote connector config to \(path). Before running the connector:",
                      "  export PROCORE_CLIENT_SECRET=\(config.clientSecret)"]
        }
        lines.append("Press Ctrl-C to stop.")
        // Said once the group owns the signals: a Ctrl-C right after the banner stops gracefully.
        try await SandboxServiceGroup.run([sandbox], onRunning: { [lines] in SandboxCommand.say(lines) })
        SandboxCommand.say(["Procore sandbox stopped."])
    }

    /// A connector configuration for the sandbox; the secret stays in the environment.
    static func connectorYAML(baseURL: String, companyID: Int64, clientID: String) -> String {
        """
        # Connector configuration for a local Procore sandbox (ml-connector sandbox procore).
        procore:
          environment: custom
          api_base_url: \(baseURL)
          auth_base_url: \(baseURL)
          company_id: \(companyID)
          client_id: \(clientID)
          client_secret_env: PROCORE_CLIENT_SECRET   # the secret itself is never written to the file
          per_page: 1000
        ledger:
          path: ml-connector.sqlite
        staging:
          dir: staging

        """
    }
}

extension SandboxProcoreCommand {
    /// The connector config could not be written.
    struct ConfigWriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String {
            "cannot write the connector config to '\(path)' (\(reason)); check that the folder exists and is writable"
        }
    }
}
