import ArgumentParser
import Foundation
import Sandbox

/// `ml-connector sandbox sage`: run the Sage 100 agent simulator on loopback.
struct SandboxSageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sage",
        abstract: "Run the Sage 100 agent simulator (the agent contract in docs/agent-api.yaml).",
        discussion: """
        Serves a seeded company over HTTP (or HTTPS with --tls-dir) on 127.0.0.1 until \
        interrupted. Record locks, module locks and write latency can be injected to rehearse \
        how the connector copes.
        """)

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 4020

    @Option(help: "Company code served.")
    var company: String = "ABC"

    @Option(help: "Seed of the injected record-lock sequence.")
    var seed: UInt64 = 1

    @Option(name: .customLong("lock-rate"), help: "Probability (0-1) that a record write answers 'locked'.")
    var lockRate: Double = 0

    @Option(name: .customLong("module-lock-every"), help: "Lock the whole module every S seconds (423 + Retry-After).")
    var moduleLockEvery: Double?

    @Option(name: .customLong("module-lock-duration"), help: "How long each module lock lasts, in seconds.")
    var moduleLockDuration: Double = 30

    @Option(name: .customLong("write-latency-ms"), help: "Time each record write takes, in milliseconds.")
    var writeLatencyMs: Int = 0

    @Option(name: .customLong("tls-dir"), help: "Serve HTTPS with the certificates in DIR (generated there if missing).")
    var tlsDir: String?

    @Flag(help: "Require a client certificate signed by the CA in --tls-dir (mutual TLS).")
    var mtls: Bool = false

    @Option(name: .customLong("api-key"), help: "API key clients must send as a bearer token (default: a new demo key).")
    var apiKey: String?

    @Flag(name: .customLong("no-api-key"), help: "Accept requests without an API key (with --mtls the certificate is the credential).")
    var noApiKey: Bool = false

    @Option(help: "SQLite file for the simulated Sage tables (default: a new temporary file).")
    var database: String?

    @Option(help: ArgumentHelp("Answer as a hostile peer would, to see the connector refuse it: "
                               + HostileAnswer.sage.map(\.rawValue).joined(separator: ", ")
                               + " (the body modes answer every /v1 request, the SOAP ones eBusiness calls).", valueName: "mode"))
    var hostile: HostileAnswer?

    func validate() throws {
        if mtls && tlsDir == nil { throw ValidationError("--mtls needs --tls-dir (the CA there signs client certificates)") }
        if !(0...1).contains(lockRate) { throw ValidationError("--lock-rate must be between 0 and 1") }
        if let every = moduleLockEvery, every <= 0 { throw ValidationError("--module-lock-every must be a positive number of seconds") }
        if writeLatencyMs < 0 { throw ValidationError("--write-latency-ms cannot be negative") }
        if apiKey != nil && noApiKey { throw ValidationError("--api-key and --no-api-key exclude each other") }
        if let h = hostile, !HostileAnswer.sage.contains(h) {
            throw ValidationError("--hostile \(h) is a mode of the Procore sandbox; the agent simulator plays "
                                  + HostileAnswer.sage.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() async throws {
        var certificates: TestCertificatePaths?
        if let tlsDir {
            certificates = try TestCertificates.existingOrGenerate(in: URL(fileURLWithPath: tlsDir))
        }
        let key = noApiKey ? nil : (apiKey ?? "demo-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        var configuration = SageAgentSimulatorConfiguration(
            port: port, company: company.uppercased(), seed: seed, lockRate: lockRate,
            moduleLockEvery: moduleLockEvery.map { .milliseconds(Int($0 * 1000)) },
            moduleLockDuration: .milliseconds(Int(moduleLockDuration * 1000)),
            writeLatency: .milliseconds(writeLatencyMs), apiKey: key,
            tls: certificates.map(SageAgentSimulatorTLS.init), mtls: mtls, databasePath: database)
        configuration.hostile = hostile
        let simulator = try SageAgentSimulator(configuration: configuration)
        try await simulator.start()
        var lines = ["Sage 100 agent simulator listening on \(simulator.baseURL)"]
        lines.append("  company:   \(simulator.configuration.company) (\(simulator.configuration.companyName))")
        lines.append("  API key:   \(key ?? "(none)")\(apiKey == nil && key != nil ? "  (demo key for this run)" : "")")
        if let certificates {
            lines.append("  CA:        \(certificates.caCert.path)")
            lines.append("  server:    \(certificates.serverCert.path)  key \(certificates.serverKey.path)")
            lines.append("  client:    \(certificates.clientCert.path)  key \(certificates.clientKey.path)\(mtls ? "  (required)" : "")")
        }
        lines.append("  database:  \(simulator.databasePath)\(database == nil ? "  (temporary, removed on stop)" : "")")
        lines.append("  eBusiness: user \(simulator.configuration.ebusinessUsername), POST /v1/companies/\(simulator.configuration.company)/ebusiness")
        if let hostile { lines.append("  hostile:   answers \(hostile)") }
        lines.append("Press Ctrl-C to stop.")
        // Said once the group owns the signals: a Ctrl-C right after the banner stops gracefully.
        try await SandboxServiceGroup.run([simulator], onRunning: { [lines] in SandboxCommand.say(lines) })
        let stats = simulator.stats()
        SandboxCommand.say(["Stopped. Writes: \(stats.writes), locked: \(stats.locksInjected), rejected: \(stats.rejected)."])
    }
}
