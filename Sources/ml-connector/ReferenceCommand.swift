import ArgumentParser
import Connector
import Foundation

/// `ml-connector reference`: the exchange between the two systems outside a pay cycle.
struct ReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Refresh Sage 100's reference data and send Sage's vendors and checks back to Procore.",
        discussion: """
        Sage 100 -> connector: reads the company's account structure, GL accounts (active and \
        inactive) and vendors from the agent into the ledger's cache, which the transform \
        validates every record against (a run does this too; this command does it alone, e.g. \
        daily from cron).

        Sage 100 -> Procore, with mapping.payments: sage (Sage is the payments system): every \
        check written in Sage since the last exchange that pays an AP invoice the connector \
        posted becomes a Procore contract payment on the requisition's commitment, with the \
        check's number and date and origin_id <bank>-<check>/<invoice>, so project managers \
        see paid-to-date in Procore. Each check line is sent once: the ledger records it before \
        and after the request, and a send that got no answer is looked up in Procore by \
        origin_id before it is sent again. Checks the connector posted from Procore payments, \
        voided checks and checks paying invoices keyed in Sage are not sent (counted, with the \
        reason). A run does this after posting, too.

        Sage 100 -> Procore's company directory, with mapping.vendors.sync_to_procore: true: \
        every Sage vendor is put into Procore (PATCH /rest/v1.0/vendors/sync) with its Sage key \
        as origin_id (00-0001000), so the directories agree and commitments to it map to it. A \
        Procore vendor the connector already maps is linked by setting its origin_id; one that \
        carries another integration's origin_id, or a same-name vendor linked to nothing, is \
        listed for a person and never changed or duplicated. Procore's per-vendor refusals are \
        listed in its words and sent again by the next exchange.

        Sage 100 -> Procore direct costs, with mapping.job_costs_to_procore: true: job costs \
        posted in Sage that did not come from Procore (AP invoices keyed in Sage, payroll, Job \
        Cost entries) become direct costs on the job's Procore project, one per Sage document \
        with one line per job cost line on its cost code and cost type, origin_id = the Sage key. \
        Sent through Procore's sync endpoints (matched by origin_id), so a second exchange \
        creates nothing new and a line changed in Sage is updated. Documents the connector \
        posted from Procore are never sent back. A job, cost code or cost type Procore lacks is \
        listed with its fix and sent by the next exchange.

        Validation (every exchange): every Procore cost code and cost type pulled into the \
        ledger, and every budget line of every project (read from Procore's budget views), is \
        resolved through the mapping as a posting would be. Cost codes without a mapping, \
        mapped accounts missing or inactive in Sage 100, and budget lines that would post to \
        them are written to outbox/reference/<date>/reference.{html,csv,json}, each with its \
        project name, amount and fix. Findings do not change the exit code (a run holds the \
        records they affect); the JSON summary counts them under validation.

        Example:
          ml-connector reference --config connector.yml

        Exit codes: 0 done; 1 the agent or Procore could not be read; 2 configuration error; \
        4 Procore refused a payment, a vendor or a direct cost, a job cost has no place in Procore, a vendor needs a person to link it, a send got no answer, or a check sent was voided in Sage \
        (each listed with what to do); 5 another exchange is running.
        """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try common.load()
        let cycle = PayCycle(configuration: configuration)
        let showProgress = PayCycleProgress.isWanted(json: common.json) && PayCycleProgress.isTerminal
        @Sendable func progress(_ done: Int, _ total: Int) {
            FileHandle.standardError.write(Data("\rexchange: payment \(done) of \(total)".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
        @Sendable func budgetProgress(_ done: Int, _ total: Int) {
            FileHandle.standardError.write(Data("\rvalidation: budget of project \(done) of \(total)".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
        let summary = try await cycle.referenceExchange(onProgress: showProgress ? progress : nil,
                                                        onBudgetProgress: showProgress ? budgetProgress : nil)
        if common.json {
            try CLI.printJSON(summary)
        } else {
            let r = summary.reference
            print("reference \(summary.runID): \(r.accounts) GL accounts and \(r.vendors) vendors of company \(r.company) read from the agent")
            if let validation = summary.validation {
                print("validation: \(validation.line)")
                for note in validation.notes { print("  - \(note)") }
                if let report = summary.report { print("  report: \(report.html) (and .csv, .json)") }
            }
            if let vendors = summary.vendors {
                print("vendors: \(vendors.created.count) created in Procore, \(vendors.linked.count) linked by origin_id, \(vendors.inStep) already in step, \(vendors.refused.count) refused, \(vendors.needsPerson.count) for a person"
                      + (vendors.otherDivisions > 0 ? " (\(vendors.otherDivisions) of other AP divisions left out: the connector posts to division \(configuration.mapping.apDivision))" : ""))
                for item in vendors.refused + vendors.needsPerson { print("  - \(item.message)") }
            }
            if let jobCosts = summary.jobCosts {
                print("job costs: \(jobCosts.line)")
                for item in jobCosts.refused + jobCosts.uncertain { print("  - \(item.sageKey) \(item.amount.currency("$")): \(item.message)") }
            }
            if let payments = summary.payments {
                print("payments: \(payments.line)")
                for (reason, tally) in payments.skipped.sorted(by: { $0.key < $1.key }) {
                    let why = PaymentExchangeSummary.SkipReason(rawValue: reason)?.explanation ?? reason
                    print("  - \(tally.count) not sent (\(tally.amount.currency("$"))): \(why)")
                }
                for item in payments.refused + payments.uncertain + payments.voidedAfterSent {
                    print("  - \(item.sageKey) \(item.amount.currency("$")): \(item.message)")
                }
            } else if let note = summary.paymentsNote {
                print("payments: \(note)")
            }
        }
        if summary.exitStatus != .done { throw summary.exitStatus }
    }
}
