import ArgumentParser
import Connector
import Foundation
import Procore
import Vault
#if canImport(Glibc)
import Glibc
#endif

/// `ml-connector init`: a configuration written from what both systems hold.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write connector.yml, a starting cost-codes.csv and the vault from what Procore and Sage 100 hold.",
        discussion: """
        Asks (on a terminal) or takes as flags: the Procore environment, company id, client id \
        and secret; the Sage agent's URL, company code and API key (or client certificate and \
        key). Then reads both systems: Procore's active projects and their cost codes, Sage's \
        account structure and GL accounts. Writes, in --dir: the vault (secrets.vault and \
        vault.key, created when missing) with the client secret and the agent key; a commented \
        connector.yml whose mapping gives each project a job number from its Procore project \
        number and the control accounts from Sage's account descriptions; and cost-codes.csv \
        with each cost code matched by name to a Sage account (rows without a good match are \
        left empty). Secrets are never written to the configuration or printed. It refuses to \
        overwrite connector.yml or cost-codes.csv unless --force.

        Examples:
          ml-connector init --dir /srv/ml-connector
          PROCORE_SECRET=… SAGE_KEY=… ml-connector init --dir /srv/ml-connector --company-id 4264807 \\
            --client-id abc --client-secret-env PROCORE_SECRET --agent-url https://sage01:4020 \\
            --company ABC --api-key-env SAGE_KEY

        Then: ml-connector ping --config /srv/ml-connector/connector.yml

        Exit codes: 0 written; 1 a system could not be read or a file written; 2 a missing or \
        wrong value (named), or the files exist.
        """
    )

    @Option(name: .long, help: "The folder to write into (created when missing).")
    var dir: String = "."

    @Option(name: .long, help: ArgumentHelp("Procore installation.", valueName: "production|sandbox|monthly|custom"))
    var procoreEnvironment: String?

    @Option(name: .long, help: "With --procore-environment custom: the API and OAuth base URL.")
    var procoreURL: String?

    @Option(name: .long, help: "The Procore company id.")
    var companyId: Int64?

    @Option(name: .long, help: "The service account's client id.")
    var clientId: String?

    @Option(name: .long, help: ArgumentHelp("The environment variable holding the client secret (else it is asked for, without echo).", valueName: "VARIABLE"))
    var clientSecretEnv: String?

    @Option(name: .long, help: "The Sage agent's base URL, e.g. https://sage01:4020.")
    var agentURL: String?

    @Option(name: .long, help: "The Sage 100 company code.")
    var company: String?

    @Option(name: .long, help: ArgumentHelp("The environment variable holding the agent's API key (else it is asked for, without echo).", valueName: "VARIABLE"))
    var apiKeyEnv: String?

    @Option(name: .long, help: "Mutual TLS: the PEM client certificate (with --client-key).")
    var clientCert: String?

    @Option(name: .long, help: "Mutual TLS: the PEM private key of --client-cert.")
    var clientKey: String?

    @Option(name: .long, help: "The CA bundle that signed the agent's certificate, when private.")
    var caBundle: String?

    @Option(name: .long, help: "The A/P terms code for new vendors and invoices.")
    var termsCode: String = "30"

    @Option(name: .long, help: "The A/P division.")
    var apDivision: String = "00"

    @Option(name: .long, help: "The bank code manual checks are drawn on (needed when Procore payments post to Sage).")
    var bankCode: String?

    @Flag(name: .long, help: "Replace an existing connector.yml and cost-codes.csv.")
    var force = false

    @Flag(name: .long, help: "Print one JSON summary.")
    var json = false

    var interactive: Bool { isatty(STDIN_FILENO) == 1 && !json && ProcessInfo.processInfo.environment["CI"] == nil }

    /// A value from its flag, else asked on a terminal, else a usage error naming the flag.
    func value(_ given: String?, flag: String, question: String, default fallback: String? = nil) throws -> String {
        if let given, !given.isEmpty { return given }
        guard interactive else {
            if let fallback { return fallback }
            throw CLIFailure.usage("\(flag) is required when init runs without a terminal", fix: "pass \(flag), or run init on a terminal to be asked")
        }
        print(question + (fallback.map { " [\($0)]" } ?? "") + ": ", terminator: "")
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces)
        if answer.isEmpty, let fallback { return fallback }
        guard !answer.isEmpty else { throw CLIFailure.usage("no answer for \(flag)", fix: "run init again and answer, or pass \(flag)") }
        return answer
    }

    /// A secret from the variable `variable` names, else asked without echo.
    func secret(variable: String?, flag: String, name: String) throws -> Secret {
        if let variable {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw CLIFailure.usage("\(flag) names \(variable), which is not set", fix: "export \(variable) first (the value is stored in the vault, never in the file)")
            }
            return Secret(value)
        }
        guard interactive else {
            throw CLIFailure.usage("\(flag) is required when init runs without a terminal", fix: "export the secret in a variable and pass its name with \(flag)")
        }
        return try VaultSecretInput.read(name: name, prompt: "\(name) (not echoed): ")
    }

    func run() async throws {
        let environmentName = try value(procoreEnvironment, flag: "--procore-environment", question: "Procore environment (production, sandbox, monthly, custom)", default: "production")
        let environment: ProcoreEnvironment
        switch environmentName {
        case "production": environment = .production
        case "sandbox": environment = .sandbox
        case "monthly": environment = .monthly
        case "custom":
            let url = try value(procoreURL, flag: "--procore-url", question: "Procore API base URL")
            environment = .custom(apiBaseURL: url, authBaseURL: url)
        default:
            throw CLIFailure.usage("--procore-environment '\(environmentName)' is not one of production, sandbox, monthly, custom")
        }
        let companyText = try value(companyId.map(String.init), flag: "--company-id", question: "Procore company id")
        guard let companyID = Int64(companyText) else { throw CLIFailure.usage("--company-id '\(companyText)' is not a number") }
        let client = try value(clientId, flag: "--client-id", question: "Procore client id (Developer Managed Service Account)")
        let clientSecret = try secret(variable: clientSecretEnv, flag: "--client-secret-env", name: "Procore client secret")
        let agent = try value(agentURL, flag: "--agent-url", question: "Sage agent URL", default: nil)
        let sageCompany = try value(company, flag: "--company", question: "Sage 100 company code")
        var agentKey: Secret?
        if clientCert == nil || apiKeyEnv != nil {
            agentKey = try secret(variable: apiKeyEnv, flag: "--api-key-env", name: "Sage agent API key")
        }
        var options = SetupOptions(directory: dir, procoreEnvironment: environment, companyID: companyID, clientID: client,
                                   clientSecret: clientSecret, agentURL: agent, sageCompany: sageCompany, agentKey: agentKey)
        options.clientCertificate = clientCert
        options.clientKey = clientKey
        options.caBundle = caBundle
        options.termsCode = termsCode
        options.apDivision = apDivision
        options.bankCode = bankCode
        options.force = force
        let quiet = json
        let summary = try await Setup.run(options) { step in if !quiet { print(step + "…") } }
        if json {
            try CLI.printJSON(summary)
            return
        }
        print("wrote \(summary.configPath) (\(summary.projects) project(s)) and \(summary.costCodesPath) (\(summary.costCodes) cost code(s): \(summary.matched) matched to a Sage account, \(summary.unmatched) left empty)")
        print("stored the Procore client secret\(agentKey == nil ? "" : " and the agent key") in \(summary.vaultPath)")
        for (key, account) in summary.accounts.sorted(by: { $0.key < $1.key }) { print("  mapping.accounts.\(key): \(account)") }
        print("Before the first run:")
        for item in summary.todo { print("  - \(item)") }
        print("Then: ml-connector ping --config \(summary.configPath)")
    }
}
