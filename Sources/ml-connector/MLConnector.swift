import ArgumentParser

/// The `ml-connector` command: moves construction financials from Procore into Sage 100.
@main
struct MLConnector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ml-connector",
        abstract: "Move Procore commitments, requisitions, change orders and payments into Sage 100.",
        discussion: """
        A pay cycle is: replay (corrections in inbox/), pull (Procore -> staging/), transform \
        (staging/ -> outbox/), post (outbox/ -> Sage 100 through the agent), reconcile (a report \
        in outbox/). `run` does all of it; each stage also runs alone. The sandboxes stand in for \
        Procore and the Sage 100 agent when no real system is reachable.

        First time? `ml-connector demo` runs a whole pay cycle against both sandboxes.
        Exit codes: 0 reconciled; 1 fatal; 2 configuration or usage; 3 partial pull; \
        4 exceptions need a person.
        """,
        subcommands: [RunCommand.self, PullCommand.self, TransformCommand.self, PostCommand.self,
                      ReconcileCommand.self, ReplayCommand.self, ApproveCommand.self, RejectCommand.self,
                      StatusCommand.self, LedgerCommand.self, MapCommand.self, DemoCommand.self,
                      SandboxCommand.self, BenchCommand.self, SecretsCommand.self, WebhooksCommand.self]
    )
}
