import ArgumentParser
import Connector
import Foundation
import Procore

/// `ml-connector webhooks`: receive Procore webhooks and pull changed records early.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Receive Procore webhooks and pull changed records early (polling stays on as the fallback).",
        discussion: """
        Setup (docs/webhooks.md): add a 'webhooks:' section to connector.yml, put a long random \
        value (e.g. "Bearer <random>") in the variable named by webhooks.secret_env, run \
        `ml-connector webhooks register` once, then keep `ml-connector webhooks serve` running \
        behind your HTTPS reverse proxy.
        """,
        subcommands: [WebhooksServeCommand.self, WebhooksRegisterCommand.self]
    )
}

/// `ml-connector webhooks serve`.
struct WebhooksServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Listen for Procore webhooks and run early pulls until SIGINT or SIGTERM.",
        discussion: """
        Each delivery is checked (Authorization must equal the secret; 401 otherwise), stored in \
        the ledger once per ulid, and answered at once. Events arriving within webhooks.debounce_s \
        share one pull of just the changed records into staging/; the next `run` transforms and \
        posts them. Stop with Ctrl-C or SIGTERM: requests in flight are answered first.
        """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try common.load()
        let json = common.json
        // Early pulls send the Procore secret: ask for it before listening.
        _ = try configuration.base.procore.clientConfiguration(file: configuration.file)
        try await WebhookService.serve(configuration: configuration, onReady: { url in
            if !json { print("Listening for Procore webhooks at \(url) (Ctrl-C to stop)") }
        }, onEvent: { event in
            guard !json else { return }
            switch event {
            case .dispatched(let result):
                let staged = result.staged.keys.sorted().map { "\($0) \(result.staged[$0]!)" }.joined(separator: ", ")
                print("\(result.events) event(s): pulled early \(staged.isEmpty ? "nothing new" : staged)"
                      + (result.ignored > 0 ? "; \(result.ignored) ignored" : "")
                      + (result.kept > 0 ? "; \(result.kept) kept for a retry (their scope failed)" : "") + (result.runID.map { " (run \($0))" } ?? ""))
            case .ignored(let ulid, let name, let reason):
                print("ignored event \(ulid) (\(name)): \(reason)")
            case .pullFailed(let message, let wait):
                print("early pull failed, events kept, retrying in \(Int(wait)) s: \(message)")
            }
        })
        if !json { print("Stopped.") }
    }
}

/// `ml-connector webhooks register`.
struct WebhooksRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Create (or update) the connector's Procore hook and its triggers.",
        discussion: """
        The hook delivers to webhooks.public_url with the secret as its Authorization header; \
        triggers cover create, update and delete of every resource the connector pulls. Safe to \
        run again (after changing the URL or the secret): existing triggers are kept.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Only these staged resources (comma-separated, e.g. requisitions,vendors).")
    var resources: String?

    func run() async throws {
        let configuration = try common.load()
        let selected = try resources.map { try PullOptions.resources(named: $0.split(separator: ",").map(String.init)) }
            ?? ProcoreResource.allCases
        let registration = try await WebhookService.register(configuration: configuration, resources: selected)
        if common.json {
            try CLI.printJSON(registration)
        } else {
            print("\(registration.updated ? "Updated" : "Created") hook \(registration.hookID) -> \(registration.destinationURL)")
            print("Triggers: \(registration.triggersCreated.count) created, \(registration.triggersKept) already registered")
            for trigger in registration.triggersCreated { print("  + \(trigger)") }
            if !registration.notOffered.isEmpty {
                print("Not offered as webhook resources by Procore (the scheduled pulls cover them): \(registration.notOffered.joined(separator: ", "))")
            }
        }
    }
}
