import ArgumentParser
import Connector
import Foundation
import Procore

/// `ml-connector pull`: Procore -> staging/<run-id>/ (one JSON line per record) + manifest.json.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull new and changed Procore records into staging/<run-id>/.",
        discussion: """
        Each resource is pulled per scope (the company, or each project) inside an updated_at \
        window from its cursor to the run's start; resources without that filter are pulled \
        whole and only changed records are staged. Reads the procore, ledger and staging sections \
        of connector.yml (the whole file of a pay cycle, or only those sections) and asks only \
        for the Procore secret.

        Exit codes: 0 complete; 1 fatal; 2 configuration or usage error (also a Procore secret \
        that is missing or refused); 3 some projects were forbidden or failed (they are named; \
        with --json on standard error); 5 another pull holds the staging lock (named).
        """
    )

    @Option(name: .long, help: "The connector configuration file.")
    var config: String = "connector.yml"

    @Option(name: .long, help: "Only these resources, comma-separated (e.g. requisitions,cost_codes).")
    var resources: String?

    @Option(name: .long, help: "Only these project ids, comma-separated.")
    var projects: String?

    @Flag(name: .long, help: "Ignore cursors and stored hashes: pull and stage everything.")
    var full = false

    @Flag(name: .long, help: "Print only the summary as one JSON object.")
    var json = false

    func run() async throws {
        // The pull's sections of connector.yml (the whole file of a pay cycle is fine); only the
        // Procore secret is asked for, when the client is built.
        let configuration = try ConnectorConfiguration.load(path: config, requireSecrets: false)
        let projectIDs = try projects.map(Self.parseProjects)
        let resourceNames = resources.map { $0.split(separator: ",").map(String.init) }
        let progress = PullProgress.isWanted(json: json) ? PullProgress() : nil
        let summary = try await PullRunner.run(configuration: configuration, resources: resourceNames,
                                               projects: projectIDs, full: full, progress: progress)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(Self.describe(summary))
        }
        if !summary.isComplete {
            // The human summary above names them; with --json they go to standard error too.
            if json { CLI.printError(Self.problems(summary).joined(separator: "\n")) }
            throw ExitStatus.partialPull
        }
    }

    static func parseProjects(_ text: String) throws -> [Int64] {
        try text.split(separator: ",").map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let id = Int64(trimmed), id > 0 else {
                throw CLIFailure.usage("--projects: '\(trimmed)' is not a project id", fix: "give ids separated by commas, e.g. --projects 101,102")
            }
            return id
        }
    }

    static func describe(_ summary: PullSummary) -> String {
        var lines = ["pull \(summary.runID): \(summary.status) in \(String(format: "%.1f", summary.durationSeconds)) s\(summary.full ? " (full)" : "")",
                     "  staged in \(summary.stagedDirectory)"]
        let width = summary.records.keys.map(\.count).max() ?? 10
        for resource in summary.records.keys.sorted() {
            let staged = summary.records[resource] ?? 0
            let received = summary.received[resource] ?? 0
            lines.append("  \(resource.padding(toLength: width, withPad: " ", startingAt: 0))  \(staged) staged (\(received) received)")
        }
        lines.append("  requests \(summary.requests), rate limited \(summary.rateLimited), retries \(summary.retries), tokens \(summary.tokens)")
        if let p = summary.payments {
            // contract_payments is listed one commitment at a time: say how many were asked and why
            var why: [String] = []
            if !p.sweeps.isEmpty { why.append("\(p.sweeps.count) project(s) swept (every commitment: \(Set(p.sweeps.values).sorted().joined(separator: "; ")))") }
            if p.unpaidRequisition > 0 { why.append("\(p.unpaidRequisition) with an approved requisition not fully paid") }
            if p.changedRequisition > 0 { why.append("\(p.changedRequisition) with a changed requisition") }
            lines.append("  payments: \(p.requests) requests for \(p.commitmentsAsked) of \(p.commitmentsKnown) commitments"
                         + (why.isEmpty ? " (none can have new payments)" : ": " + why.joined(separator: ", ")))
            if p.recheckLater > 0 {
                lines.append("  payments: \(p.recheckLater) commitment(s) with an approved requisition not fully paid were listed "
                             + "less than procore.payments_recheck ago and are asked again after it")
            }
        }
        lines += problems(summary)
        return lines.joined(separator: "\n")
    }

    static func problems(_ summary: PullSummary) -> [String] {
        var lines: [String] = []
        for item in summary.forbidden {
            let scope = item.projectID.map { "project \($0)" } ?? "the company"
            lines.append("forbidden: \(item.resource) in \(scope) (\(item.endpoint)): grant the service account access to this tool there, or leave it out with --projects")
        }
        for item in summary.failed {
            lines.append("failed: \(item.resource) in \(item.scope): \(item.message) (pulled again next run)")
        }
        return lines
    }
}
