import ArgumentParser

/// The `ml-connector` command: moves construction financials from Procore into Sage 100.
@main
struct MLConnector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ml-connector",
        abstract: "Move Procore commitments, requisitions, change orders and payments into Sage 100.",
        discussion: """
        A pay cycle is: pull (Procore -> staging/), transform (staging/ -> outbox/), post \
        (outbox/ -> Sage 100 through the agent), reconcile (a report in outbox/). Each stage \
        can run alone. The sandboxes stand in for Procore and the Sage 100 agent when no real \
        system is reachable.
        """,
        subcommands: [PullCommand.self, SandboxCommand.self, BenchCommand.self, RunCommand.self, TransformCommand.self, PostCommand.self,
                      ReconcileCommand.self, ReplayCommand.self, ApproveCommand.self, RejectCommand.self,
                      StatusCommand.self, LedgerCommand.self, MapCommand.self, DemoCommand.self]
    )
}
