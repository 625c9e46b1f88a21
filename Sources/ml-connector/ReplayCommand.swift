import ArgumentParser
import Connector
import Foundation

/// `ml-connector replay`: apply what was dropped into inbox/.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Apply the corrections, mapping rows and approvals dropped into inbox/.",
        discussion: """
        inbox/*.jsonl or *.json: corrected staged records (same line shape as staging/), staged \
        into staging/<run-id>-replay/ for the next transform. inbox/*.csv: cost-code mapping \
        rows (cost-codes.csv layout) merged into the mapping table. inbox/approve-<batch> and \
        reject-<batch>: approvals. Applied files move to inbox/processed/, refused ones to \
        inbox/rejected/ next to a .error.txt saying what to fix. A record already posted is \
        never re-posted. `run` does this first on its own.

        Example:
          cp fixed-requisition.jsonl inbox/ && ml-connector replay --config connector.yml

        Exit codes: 0 everything applied; 1 fatal; 2 configuration error; 4 some files refused; \
        5 another replay holds inbox/.replay.lock.
        """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        let summary = try cycle.replay(ledger: try cycle.openLedger())
        if common.json {
            try CLI.printJSON(summary)
        } else {
            print("replay \(summary.runID): \(PayCycle.describe(summary))")
            for file in summary.files {
                print("  \(file.file): \(file.result)" + (file.error.map { " (\($0))" } ?? ""))
            }
            if let folder = summary.stagingDirectory { print("  staged for the next transform in \(folder)") }
            for row in summary.fixRows { print("  \(row.file) line \(row.line) (\(row.fix)): \(row.result)") }
            for note in summary.waiting { print("  waiting: \(note)") }
        }
        if summary.needsAttention { throw ExitStatus.needsPerson }
    }
}
