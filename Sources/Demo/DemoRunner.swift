import Connector
import Foundation

/// The scripted demo: both sandboxes in-process, a pay cycle with the seeded dirt rejected,
/// a correction dropped into `inbox/`, a second pay cycle that ends reconciled.
public enum DemoRunner {
    /// What the demo did.
    public struct Outcome: Sendable {
        public var first: PayCycleSummary
        public var second: PayCycleSummary
        public var directory: String
        /// True when the second cycle ended with every report reconciled.
        public var reconciled: Bool { second.exitCode == 0 && second.reports.allSatisfy(\.reconciled) }
    }

    /// Runs the demo in `directory`, writing what happens through `output` (whole lines).
    public static func run(directory: String, options: DemoEnvironment.Options = .init(),
                           output: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        func say(_ text: String = "") { output(text + "\n") }
        let started = ContinuousClock.now
        say("ml-connector demo: Procore sandbox + Sage 100 agent simulator on loopback, nothing leaves this machine.")
        let env = try await DemoEnvironment.start(directory: directory, options: options)
        do {
            let outcome = try await script(env, say: say, output: output)
            await env.stop()
            let elapsed = ContinuousClock.now - started
            say(String(format: "Demo finished in %.1f s.", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            return outcome
        } catch {
            await env.stop()
            throw error
        }
    }

    static func script(_ env: DemoEnvironment, say: (String) -> Void, output: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        let dataset = await env.procore.dataset()
        say("  Procore sandbox   \(env.procore.baseURL)  company \(dataset.companyID), \(dataset.projectIDs.count) projects, \(dataset.counts.values.reduce(0, +)) records")
        say("  Sage agent        \(env.agent.baseURL)  company ABC")
        say("  configuration     \(env.configPath)")
        say("  mapping           \(env.directory)/cost-codes.csv (cost code \(DemoData.unmappedCostCode) deliberately left out)")
        say("")

        let progress = PayCycleProgress(output: output)
        say("== Pay cycle 1 ==")
        let first = await PayCycle(configuration: try env.configuration(), onEvent: { progress.handle($0) }).run()
        say(first.headline)
        say("")
        if !first.invalid.isEmpty || !first.rejected.isEmpty {
            say("Records that did not go to Sage 100, with the reason:")
            for record in first.invalid {
                say("  - \(record.label) [\(record.resource) \(record.sourceID)]")
                for reason in record.reasons.prefix(3) { say("      \(reason)") }
                if record.reasons.count > 3 { say("      … and \(record.reasons.count - 3) more") }
            }
            for issue in first.rejected {
                say("  - rejected by Sage: \(issue.idempotencyKey): \(issue.reasons.joined(separator: "; "))")
            }
            say("")
        }

        // The correction finance drops into the inbox: the first report's fix sheet, filled in.
        let config = try env.configuration()
        guard let firstReport = first.reports.last else { throw DemoError.notReconciled("the first pay cycle wrote no report") }
        let correction = try env.dropFilledFixSheet(reportJSON: firstReport.json)
        say("== Correction dropped into \(config.inboxDirectory)/ ==")
        say("  fixes.csv   (the first report's fix sheet, \(correction.notes.count) row(s) filled in as finance would)")
        for note in correction.notes { say("    \(note)") }
        say("")

        say("== Pay cycle 2 ==")
        let second = await PayCycle(configuration: try env.configuration(), onEvent: { progress.handle($0) }).run()
        say(second.headline)
        say("")
        if !second.invalid.isEmpty || !second.rejected.isEmpty {
            say("Still open:")
            for record in second.invalid { say("  - \(record.label): \(record.reasons.first ?? "")") }
            for issue in second.rejected { say("  - \(issue.idempotencyKey): \(issue.reasons.first ?? "")") }
            say("")
        }
        say("Reports:")
        for report in first.reports + second.reports {
            say("  \(report.runID): \(report.headline)")
            say("    \(report.html)")
        }
        say("Ledger: \(config.ledgerURL?.redacted ?? config.ledgerPath)   (try: ml-connector status --config \(env.configPath))")
        return Outcome(first: first, second: second, directory: env.directory)
    }
}
