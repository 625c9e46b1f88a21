import ArgumentParser
import Connector
import Foundation

/// `ml-connector post`: outbox batches -> the Sage 100 agent.
struct PostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Send the outbox batches to the Sage 100 agent, exactly once per record.",
        discussion: """
        First settles any record a crashed run left mid-send (asking the agent whether it \
        arrived), then posts ready batches in the order vendors, purchase orders, AP invoices, \
        GL entries, manual checks. Every record carries its idempotency key, so a repeat never \
        writes twice. Batches waiting for approval are left alone (see approve / reject).

        Example:
          ml-connector post --config connector.yml --batch 20261129T014000Z-ab12-ap-invoices

        Asks only for the Sage agent's credentials (no Procore secret).

        Exit codes: 0 everything sent was posted; 1 the post stopped (agent unreachable); \
        2 configuration error; 4 rejected, waiting or uncertain records; 5 another post is \
        running (it holds <ledger>.post.lock).
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Only these batch ids.")
    var batch: [String] = []

    func run() async throws {
        let configuration = try common.load()
        let progress = PayCycleProgress.isWanted(json: common.json) ? PayCycleProgress() : nil
        var onEvent: (@Sendable (PayCycleEvent) -> Void)?
        if let progress { onEvent = { @Sendable event in progress.handle(event) } }
        let cycle = PayCycle(configuration: configuration, onEvent: onEvent)
        let summary = try await cycle.post(agent: try cycle.makeAgent(), ledger: try cycle.openLedger(),
                                           batchIDs: batch.isEmpty ? nil : Set(batch))
        if common.json {
            try CLI.printJSON(summary)
        } else {
            print("post \(summary.runID): \(PayCycle.describe(summary))")
            for issue in summary.rejected { print("  rejected: \(issue.idempotencyKey): \(issue.reasons.joined(separator: "; "))") }
            for issue in summary.waiting { print("  waiting: \(issue.idempotencyKey): \(issue.reasons.joined(separator: "; "))") }
            for issue in summary.uncertain { print("  uncertain: \(issue.idempotencyKey): \(issue.reasons.joined(separator: "; "))") }
        }
        if let stopped = summary.stopped { CLI.fail("the post stopped: \(stopped)") }
        if summary.exitStatus != .done { throw summary.exitStatus }
    }
}
