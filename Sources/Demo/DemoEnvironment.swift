import Connector
import Foundation
import Procore
import Sandbox

/// Both sandboxes started in this process on free loopback ports, and a demo folder holding a
/// `connector.yml`, `cost-codes.csv`, the ledger, staging, outbox and inbox for them.
/// What `ml-connector demo` runs on; tests use it too.
public final class DemoEnvironment: Sendable {
    /// The demo folder (absolute).
    public let directory: String
    public let procore: ProcoreSandbox
    public let agent: SageAgentSimulator
    /// `<directory>/connector.yml`.
    public let configPath: String
    /// The secrets the configuration names, as environment variables (loopback sandbox values).
    public let secrets: [String: String]
    /// The variable the configuration names for the Procore client secret (a key of ``secrets``).
    public static let procoreSecretVariable = DemoFiles.procoreSecretVariable
    /// The variable the configuration names for the Sage agent's API key (a key of ``secrets``).
    public static let agentKeyVariable = DemoFiles.agentKeyVariable

    /// What the sandboxes hold and how slow the agent is.
    public struct Options: Sendable {
        public var projects: Int
        public var recordsPerProject: Int
        public var seed: UInt64
        /// Time each Sage record write takes in the simulator.
        public var writeLatency: Duration
        /// The cost code the mapping leaves out (nil maps every code).
        public var unmappedCostCode: String?
        /// How owner pay apps go to Sage: journal entries, or customers and sales orders
        /// through the simulator's eBusiness service.
        public var ownerBilling: OwnerBilling
        /// The last N projects answer 403 (a partial pull), for tests of the exit codes.
        public var forbidProjects: Int
        /// Each sandbox answers as this hostile peer (nil: as the real system), for tests
        /// that the connector refuses such answers.
        public var hostileProcore: HostileAnswer?
        public var hostileSage: HostileAnswer?
        /// Share of Procore's webhook deliveries lost on the way (the polling fallback's test).
        public var webhookDropRate: Double = 0
        /// `ledger.url`: the ledger in this PostgreSQL database instead of the demo folder's
        /// SQLite file.
        public var ledgerURL: String?

        public init(projects: Int = 2, recordsPerProject: Int = 60, seed: UInt64 = 42, writeLatency: Duration = .zero,
                    unmappedCostCode: String? = DemoData.unmappedCostCode, ownerBilling: OwnerBilling = .journalEntry,
                    forbidProjects: Int = 0, hostileProcore: HostileAnswer? = nil, hostileSage: HostileAnswer? = nil) {
            self.hostileProcore = hostileProcore
            self.hostileSage = hostileSage
            self.projects = projects
            self.recordsPerProject = recordsPerProject
            self.seed = seed
            self.writeLatency = writeLatency
            self.unmappedCostCode = unmappedCostCode
            self.ownerBilling = ownerBilling
            self.forbidProjects = forbidProjects
        }
    }

    /// The file that marks a folder as the demo's, so a second demo may clear it.
    public static let markerName = ".ml-connector-demo"

    private init(directory: String, procore: ProcoreSandbox, agent: SageAgentSimulator, configPath: String, secrets: [String: String]) {
        self.directory = directory
        self.procore = procore
        self.agent = agent
        self.configPath = configPath
        self.secrets = secrets
    }

    /// Prepares `directory` (created, or cleared if an earlier demo made it), starts both
    /// sandboxes and writes the configuration and mapping.
    /// - Throws: ``DemoError`` when the folder holds files the demo did not write.
    public static func start(directory: String, options: Options = Options()) async throws -> DemoEnvironment {
        let folder = URL(fileURLWithPath: directory).standardizedFileURL.path
        try prepare(folder)
        var procoreConfiguration = ProcoreSandboxConfiguration(seed: options.seed, projects: options.projects,
                                                               recordsPerProject: options.recordsPerProject,
                                                               forbidProjects: options.forbidProjects)
        procoreConfiguration.hostile = options.hostileProcore
        procoreConfiguration.webhookDropRate = options.webhookDropRate
        let procore = try await ProcoreSandbox.start(procoreConfiguration)
        let agent: SageAgentSimulator
        do {
            var agentConfiguration = SageAgentSimulatorConfiguration(
                writeLatency: options.writeLatency, apiKey: DemoFiles.agentKey, databasePath: folder + "/sage-simulator.sqlite")
            agentConfiguration.hostile = options.hostileSage
            agent = try SageAgentSimulator(configuration: agentConfiguration)
            try await agent.start()
        } catch {
            await procore.stop()
            throw error
        }
        let dataset = await procore.dataset()
        let config = folder + "/connector.yml"
        let yml = DemoFiles.connectorYML(procoreURL: procore.baseURL, companyID: dataset.companyID, agentURL: agent.baseURL,
                                         projects: dataset.projectIDs, ownerBilling: options.ownerBilling,
                                         ledgerURL: options.ledgerURL)
        var csv = "cost_code,cost_type,account,description\n"
        for row in DemoData.costCodeAccounts where row.code != options.unmappedCostCode {
            csv += "\(row.code),,\(row.account),\"\(row.name)\"\n"
        }
        do {
            try Data(yml.utf8).write(to: URL(fileURLWithPath: config))
            try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/cost-codes.csv"))
            for sub in ["inbox", "outbox", "staging"] {
                try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
            }
        } catch {
            await agent.stop()
            await procore.stop()
            throw DemoError.folder(path: folder, reason: "\(error)")
        }
        var secrets = [DemoFiles.procoreSecretVariable: procore.configuration.clientSecret,
                       DemoFiles.agentKeyVariable: DemoFiles.agentKey]
        if options.ownerBilling == .salesOrder {
            secrets[DemoFiles.ebusinessPasswordVariable] = agent.configuration.ebusinessPassword
        }
        return DemoEnvironment(directory: folder, procore: procore, agent: agent, configPath: config, secrets: secrets)
    }

    /// Runs `body` with an environment in a fresh temporary folder named after `name`, then stops
    /// both sandboxes and removes the folder, whether `body` returned or threw.
    public static func withTemporary(_ name: String, options: Options = Options(),
                                     _ body: (DemoEnvironment) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        let env = try await start(directory: folder, options: options)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try await body(env)
        } catch {
            await env.stop()
            throw error
        }
        await env.stop()
    }

    /// The pay cycle configuration of the demo folder (secrets from ``secrets``).
    public func configuration() throws -> RunConfiguration {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in secrets { environment[key] = value }
        return try RunConfiguration.load(path: configPath, environment: environment)
    }

    /// Stops both sandboxes.
    public func stop() async {
        await agent.stop()
        await procore.stop()
    }

    /// What the demo writes; a folder holding only these (and the marker) may be cleared.
    static let owned = ["connector.yml", "cost-codes.csv", "ml-connector.sqlite", "ml-connector.sqlite-wal",
                        "ml-connector.sqlite-shm", "sage-simulator.sqlite", "sage-simulator.sqlite-wal",
                        "sage-simulator.sqlite-shm", "staging", "outbox", "inbox", markerName]

    /// True for what the demo writes, including the ledger's and the simulator's side files.
    static func isOwned(_ name: String) -> Bool {
        owned.contains(name) || name.hasPrefix("ml-connector.sqlite") || name.hasPrefix("sage-simulator.sqlite")
    }

    static func prepare(_ folder: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DemoError.folder(path: folder, reason: "it is a file, not a folder; pass another --dir") }
            let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            if !names.isEmpty {
                guard names.contains(markerName) else {
                    throw DemoError.folder(path: folder, reason: "it already holds files the demo did not write; pass an empty or new folder with --dir")
                }
                let foreign = names.filter { !isOwned($0) && !$0.hasPrefix(".") }
                guard foreign.isEmpty else {
                    throw DemoError.folder(path: folder, reason: "it holds \(foreign.prefix(3).joined(separator: ", ")), which the demo did not write; move them or pass another --dir")
                }
                for name in names where isOwned(name) {
                    try? manager.removeItem(atPath: folder + "/" + name)
                }
            }
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("Folder of `ml-connector demo`; a new demo clears it.\n".utf8).write(to: URL(fileURLWithPath: folder + "/" + markerName))
        } catch {
            throw DemoError.folder(path: folder, reason: "\(error)")
        }
    }
}

/// Why the demo could not run.
public enum DemoError: Error, Sendable, CustomStringConvertible {
    case folder(path: String, reason: String)
    case notReconciled(String)

    public var description: String {
        switch self {
        case .folder(let path, let reason): return "cannot use the demo folder \(path): \(reason)"
        case .notReconciled(let message): return "the demo did not end reconciled: \(message)"
        }
    }
}
