import ArgumentParser
import Connector
import Foundation

/// `ml-connector ping`: are both systems reachable with this configuration?
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Check both systems with this configuration, before any pull, and say what to fix.",
        discussion: """
        Procore: the settings, an access token (client id and secret), the company, every \
        mapped project's tools the connector reads (commitments, change orders, subcontractor \
        invoices, prime contract: a 403 names the project and the tool), the rate-limit \
        headroom. Sage 100: the settings, the agent (reachable, TLS, API key or certificate), \
        its and BOI's versions, the company and its modules, the account structure, one read per \
        module (A/P vendors, P/O purchase orders, G/L accounts), the two clocks; the eBusiness \
        logon when an ebusiness section is configured. Reads only; both sides are checked even \
        when one fails, so one ping lists every problem.

        Example:
          ml-connector ping --config connector.yml

        Exit codes: 0 every check passed (warnings allowed); 2 a setting or credential is wrong; \
        1 a system could not be reached; 3 projects the service account cannot read.
        """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try common.load()
        let report = await Ping(configuration: configuration).run()
        if common.json {
            try CLI.printJSON(report)
        } else {
            for check in report.checks {
                let mark = switch check.status {
                case .ok: "ok  "
                case .warning: "warn"
                case .failed: "FAIL"
                case .skipped: "skip"
                }
                print("\(mark)  \(check.system.padding(toLength: 9, withPad: " ", startingAt: 0)) \(check.name): \(check.detail)")
                if let fix = check.fix, check.status != .ok { print("      fix: \(fix)") }
            }
            print(report.headline)
        }
        if report.exitStatus != .done { throw report.exitStatus }
    }
}
