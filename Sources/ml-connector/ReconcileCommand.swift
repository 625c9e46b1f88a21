import ArgumentParser
import Connector
import Foundation
import Procore

/// `ml-connector reconcile`: agent read-back vs the ledger's source amounts -> report files.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare what Sage 100 holds with what was sent, to the cent, and write the report.",
        discussion: """
        Reads back every batch of the run from the agent and compares it with the amounts the \
        transform sent, per kind, vendor, job and GL account. Writes \
        outbox/<run-id>/reconciliation.html (for a browser), .csv (for a spreadsheet) and .json. \
        Reads only: it never changes the ledger or Sage. Asks only for the Sage agent's \
        credentials (no Procore secret).

        Example:
          ml-connector reconcile --config connector.yml --run 20261129T014000Z-ab12

        With --job-to-date it writes the month-end job-to-date reconciliation instead: for every \
        mapped job and commitment, Procore's original and revised commitment, approved change \
        orders, billed, retainage and paid next to Sage's purchase order, AP invoiced, retention \
        and checks, the differences, the Procore records not sent (with their cause) and every \
        document on the job that Sage holds but the connector did not post (keyed in Sage). \
        Written to outbox/job-to-date/<as-of>/job-to-date.{html,csv,json}. --as-of leaves out \
        documents dated after that day on both sides.

          ml-connector reconcile --config connector.yml --job-to-date --as-of 2026-11-30

        Exit codes: 0 reconciled; 1 the agent could not be read; 2 configuration error; 4 \
        exceptions or totals that differ (listed in the report).
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The run to reconcile (default: the newest run that wrote batches).")
    var run: String?

    @Flag(name: .customLong("job-to-date"), help: "Write the month-end job-to-date reconciliation per job and commitment instead.")
    var jobToDate = false

    @Option(name: .customLong("as-of"), help: ArgumentHelp("With --job-to-date: leave out documents dated after this day.", valueName: "YYYY-MM-DD"))
    var asOf: String?

    func validate() throws {
        if asOf != nil && !jobToDate { throw ValidationError("--as-of goes with --job-to-date") }
        if let asOf, ProcoreDay(iso: asOf) == nil || asOf.count != 10 {
            throw ValidationError("--as-of '\(asOf)' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30")
        }
        if jobToDate && run != nil { throw ValidationError("--run and --job-to-date do not go together: job to date covers every run") }
    }

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        if jobToDate { return try await writeJobToDate(cycle) }
        let outcome = try await cycle.reconcile(runID: run, agent: try cycle.makeAgent(), ledger: try cycle.openLedger())
        if common.json {
            try CLI.printJSON(outcome.report)
        } else {
            print("reconcile \(outcome.report.runID): \(outcome.report.headline())")
            for exception in outcome.report.exceptions.prefix(20) { print("  - \(exception)") }
            if outcome.report.exceptions.count > 20 { print("  … \(outcome.report.exceptions.count - 20) more in the report") }
            for group in outcome.report.carriedOver.prefix(10) {
                print("  - \(group.records) x \(group.kind.title) (\(group.resource), open since \(group.since.prefix(10))): \(group.cause)")
            }
            if outcome.report.carriedOver.count > 10 { print("  … \(outcome.report.carriedOver.count - 10) more causes in the report") }
            print("  \(outcome.files.html)\n  \(outcome.files.csv)\n  \(outcome.files.json)")
        }
        if outcome.exitStatus != .done { throw outcome.exitStatus }
    }

    func writeJobToDate(_ cycle: PayCycle) async throws {
        let showProgress = PayCycleProgress.isWanted(json: common.json) && PayCycleProgress.isTerminal
        @Sendable func progress(_ done: Int, _ total: Int) {
            FileHandle.standardError.write(Data("\rjob to date: job \(done) of \(total)".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
        let onJob: (@Sendable (Int, Int) -> Void)? = showProgress ? progress : nil
        let asOfDay: ProcoreDay? = asOf.flatMap { ProcoreDay(iso: $0) }
        let outcome = try await cycle.jobToDate(asOf: asOfDay, agent: try cycle.makeAgent(), ledger: try cycle.openLedger(),
                                                onJob: onJob)
        let report = outcome.report
        if common.json {
            try CLI.printJSON(report)
        } else {
            print(report.headline())
            for job in report.jobs {
                for c in job.commitments where c.status == .differs {
                    print("  - job \(job.jobNo), commitment \(c.number ?? String(c.commitmentID)): differs by committed \(c.unexplained.committed.grouped), billed \(c.unexplained.billed.grouped), retainage \(c.unexplained.retainage.grouped), paid \(c.unexplained.paid.grouped) beyond the records not sent")
                }
                for d in job.inSageOnly {
                    print("  - job \(job.jobNo): \(d.kind) \(d.sageKey) \(d.amount.grouped) \(d.entered)\(d.countedIn.map { ", counted in \($0)" } ?? "")")
                }
            }
            print("  \(outcome.files.html)\n  \(outcome.files.csv)\n  \(outcome.files.json)")
        }
        if report.exitStatus != .done { throw report.exitStatus }
    }
}
