import ArgumentParser
import Connector
import Demo
import Foundation

/// `ml-connector demo`: the whole job on the built-in sandboxes, with a scripted correction.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a pay cycle against the built-in Procore and Sage 100 sandboxes, fix the rejects, run again.",
        discussion: """
        Starts the Procore sandbox and the Sage 100 agent simulator inside this process on free \
        loopback ports (no credentials, nothing leaves the machine), writes connector.yml and \
        cost-codes.csv into the folder (one cost code deliberately left unmapped), runs a pay \
        cycle, shows the records that did not go through and why, drops a correction into \
        inbox/ (the missing mapping row and the corrected records), runs again and prints \
        where the reconciliation reports are.

        Owner pay apps post as AR journal entries; with --owner-billing sales_order they post \
        as customers and sales orders through the simulator's eBusiness (SOAP) service instead.

        Examples:
          ml-connector demo --dir /tmp/ml-demo
          open /tmp/ml-demo/outbox/*/reconciliation.html
          ml-connector demo --dir /tmp/ml-demo --owner-billing sales_order

        Exit codes: 0 the demo ended reconciled; 1 it did not (the message says why); 2 the \
        folder cannot be used.
        """
    )

    @Option(name: .long, help: "The demo folder (created; cleared if an earlier demo made it).")
    var dir: String = "demo"

    @Option(name: .long, help: "How owner pay apps go to Sage: journal_entry or sales_order (SOAP eBusiness).")
    var ownerBilling: OwnerBilling = .journalEntry

    func run() async throws {
        let outcome = try await DemoRunner.run(directory: dir, options: .init(ownerBilling: ownerBilling)) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        guard outcome.reconciled else {
            throw CLIFailure.failure("the second pay cycle did not end reconciled: \(outcome.second.headline)",
                                 fix: "read the stages above and the report in the demo folder's outbox/")
        }
    }
}

extension OwnerBilling: ExpressibleByArgument {}
