import Foundation
import Procore
import SQLSupport
import Vault
import Yams

/// Walks the YAML tree of `connector.yml`, checking every key against the known ones.
struct ConfigurationReader {
    let file: String
    let baseDirectory: String
    let environment: [String: String]

    static let topKeys = ["procore", "ledger", "staging"]
    static let procoreKeys = ["environment", "api_base_url", "auth_base_url", "company_id", "client_id",
                              "client_secret_env", "client_secret_vault", "per_page", "max_concurrency", "projects",
                              "payments_sweep", "payments_recheck"]
    static let ledgerKeys = ["path", "url", "password_env", "password_vault"]
    static let stagingKeys = ["dir", "keep_days"]

    init(file: String, baseDirectory: String, environment: [String: String]) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.environment = environment
    }

    mutating func read(yaml: String, requireSecrets: Bool) throws(ConfigurationError) -> ConnectorConfiguration {
        let root: Node?
        do {
            root = try YAMLText.compose(yaml)
        } catch let error as YamlError {
            throw .invalidYAML(file: file, line: Self.line(of: error), reason: "\(error)")
        } catch let error as YAMLText.Refused {
            throw .invalidYAML(file: file, line: error.line, reason: error.reason)
        } catch {
            throw .invalidYAML(file: file, line: nil, reason: "\(error)")
        }
        guard let root else {
            throw .missingKey(file: file, key: "procore", hint: "The file is empty; add a 'procore:' section (see `ml-connector sandbox procore --write-config`).")
        }
        let top = try mapping(root, key: "(top level)", known: Self.topKeys)

        guard let procoreNode = top["procore"] else {
            throw .missingKey(file: file, key: "procore", hint: "Add a 'procore:' section with environment, company_id, client_id and client_secret_env.")
        }
        let procore = try readProcore(procoreNode, requireSecrets: requireSecrets)

        var ledgerPath = "ml-connector.sqlite"
        var ledgerURL: PostgresURL?
        if let node = top["ledger"] {
            let section = try mapping(node, key: "ledger", known: Self.ledgerKeys)
            if let value = section["path"] { ledgerPath = try nonEmptyString(value, key: "ledger.path") }
            ledgerURL = try readLedgerURL(section, requireSecrets: requireSecrets)
        }
        var stagingDir = "staging"
        var keepDays = ConnectorConfiguration.defaultStagingKeepDays
        if let node = top["staging"] {
            let section = try mapping(node, key: "staging", known: Self.stagingKeys)
            if let value = section["dir"] { stagingDir = try nonEmptyString(value, key: "staging.dir") }
            if let value = section["keep_days"] {
                keepDays = try intInRange(value, key: "staging.keep_days", 0...36_500, expected: "a number of days from 0 (keep none) to 36500")
            }
        }
        var configuration = ConnectorConfiguration(file: file, procore: procore, ledgerPath: resolve(ledgerPath),
                                                   stagingDirectory: resolve(stagingDir))
        configuration.ledgerURL = ledgerURL
        configuration.stagingKeepDays = keepDays
        return configuration
    }

    private func readProcore(_ node: Node, requireSecrets: Bool) throws(ConfigurationError) -> ProcoreSettings {
        let section = try mapping(node, key: "procore", known: Self.procoreKeys)
        func required(_ key: String, _ hint: String) throws(ConfigurationError) -> Node {
            guard let value = section[key] else { throw .missingKey(file: file, key: "procore.\(key)", hint: hint) }
            return value
        }
        let environmentName = try nonEmptyString(
            try required("environment", "Set it to production, sandbox, monthly or custom."), key: "procore.environment")
        var apiBase = try section["api_base_url"].map { (n) throws(ConfigurationError) in try url(n, key: "procore.api_base_url") }
        var authBase = try section["auth_base_url"].map { (n) throws(ConfigurationError) in try url(n, key: "procore.auth_base_url") }
        let environment: ProcoreEnvironment
        switch environmentName {
        case "production": environment = .production
        case "sandbox": environment = .sandbox
        case "monthly": environment = .monthly
        case "custom":
            guard let api = apiBase else {
                throw .missingKey(file: file, key: "procore.api_base_url", hint: "environment 'custom' needs the API host, e.g. api_base_url: http://127.0.0.1:4010")
            }
            guard let auth = authBase else {
                throw .missingKey(file: file, key: "procore.auth_base_url", hint: "environment 'custom' needs the OAuth host, e.g. auth_base_url: http://127.0.0.1:4010")
            }
            environment = .custom(apiBaseURL: api, authBaseURL: auth)
        default:
            throw .invalidValue(file: file, key: "procore.environment", value: environmentName,
                                expected: "one of production, sandbox, monthly, custom")
        }
        apiBase = apiBase ?? environment.apiBaseURL
        authBase = authBase ?? environment.authBaseURL

        let companyID = try positiveInt64(try required("company_id", "Set it to the Procore company id (a number, shown in Procore's URL)."),
                                          key: "procore.company_id")
        let clientID = try nonEmptyString(try required("client_id", "Set it to the service account's client id from Procore's App Management."),
                                          key: "procore.client_id")
        let (variable, secret, reference) = try clientSecret(section, requireSecrets: requireSecrets)
        let perPage = try section["per_page"].map { (n) throws(ConfigurationError) in
            try intInRange(n, key: "procore.per_page", 1...10_000, expected: "a whole number from 1 to 10000 (Procore recommends at most 2000)")
        } ?? 1000
        let concurrency = try section["max_concurrency"].map { (n) throws(ConfigurationError) in
            try intInRange(n, key: "procore.max_concurrency", 1...64, expected: "a whole number from 1 to 64")
        } ?? 4
        let sweep = try section["payments_sweep"].map { (n) throws(ConfigurationError) in
            try duration(n, key: "procore.payments_sweep", meaning: "how often every commitment's payments are listed", example: "24h")
        } ?? 24 * 3600
        let recheck = try section["payments_recheck"].map { (n) throws(ConfigurationError) in
            try duration(n, key: "procore.payments_recheck",
                         meaning: "how long an open commitment waits after its last payment listing before it is asked again", example: "1h")
        } ?? 3600
        var projects: [Int64]?
        if let node = section["projects"] {
            guard let sequence = node.sequence else {
                throw .invalidValue(file: file, key: "procore.projects", value: node.string ?? "(a mapping)",
                                    expected: "a list of project ids, e.g. [101, 102]")
            }
            var ids: [Int64] = []
            for (index, item) in sequence.enumerated() {
                ids.append(try positiveInt64(item, key: "procore.projects[\(index)]"))
            }
            projects = ids
        }
        var settings = ProcoreSettings(environment: environment, apiBaseURL: apiBase, authBaseURL: authBase,
                                       companyID: companyID, clientID: clientID, clientSecretVariable: variable,
                                       clientSecret: secret, perPage: perPage, maxConcurrency: concurrency, projects: projects,
                                       paymentsSweepSeconds: sweep)
        settings.paymentsRecheckSeconds = recheck
        settings.clientSecretReference = reference
        settings.tokenVault = VaultLocation(configDirectory: baseDirectory, environment: self.environment)
        return settings
    }

    /// A duration with a unit, `30m`, `12h`, `1d` (at least 1 minute, at most 31 days), in seconds.
    private func duration(_ node: Node, key: String, meaning: String, example: String) throws(ConfigurationError) -> Int {
        let text = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? "(a list or mapping)"
        let units: [Character: Int] = ["m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0,
              (60...31 * 86400).contains(count * unit)
        else {
            throw .invalidValue(file: file, key: key, value: text,
                                expected: "a duration from 1m to 31d with a unit m, h or d, e.g. \(example) (\(meaning))")
        }
        return count * unit
    }

    /// The client secret's source (`client_secret_env` or `client_secret_vault`, exactly one),
    /// its value when available (always read from the environment when set; from the vault only
    /// when `requireSecrets`), and where to read it when a Procore client is built. A vault
    /// source is reported as `vault:<entry>`.
    private func clientSecret(_ section: [String: Node], requireSecrets: Bool) throws(ConfigurationError) -> (String, String?, SecretReference) {
        guard let found = try secret(section, prefix: "procore", envKey: "client_secret_env", vaultKey: "client_secret_vault",
                                     what: "secret", requireSecrets: requireSecrets) else {
            throw .missingKey(file: file, key: "procore.client_secret_env",
                              hint: "Name the environment variable holding the client secret, e.g. client_secret_env: PROCORE_CLIENT_SECRET, "
                                  + "or the vault entry holding it, e.g. client_secret_vault: procore-client-secret (see docs/secrets.md).")
        }
        return found
    }

    /// A secret named by `<envKey>` (an environment variable) or `<vaultKey>` (a vault entry),
    /// at most one of the two; nil when the section names neither.
    private func secret(_ section: [String: Node], prefix: String, envKey: String, vaultKey: String, what: String,
                        requireSecrets: Bool) throws(ConfigurationError) -> (String, String?, SecretReference)? {
        let envKey = "\(prefix).\(envKey)", vaultKey = "\(prefix).\(vaultKey)"
        let envValue = try section[String(envKey.dropFirst(prefix.count + 1))].map { (n) throws(ConfigurationError) in try nonEmptyString(n, key: envKey) }
        let vaultValue = try section[String(vaultKey.dropFirst(prefix.count + 1))].map { (n) throws(ConfigurationError) in try nonEmptyString(n, key: vaultKey) }
        switch try ConfiguredSecretSource.choose(file: file, envKey: envKey, envValue: envValue,
                                                 vaultKey: vaultKey, vaultValue: vaultValue, what: what) {
        case .environment(let variable):
            let reference = SecretReference(key: envKey, file: file, source: .environment(variable: variable),
                                            baseDirectory: baseDirectory, environment: environment)
            let secret = environment_(variable)
            if requireSecrets, secret == nil {
                throw .missingSecret(file: file, key: envKey, variable: variable)
            }
            return (variable, secret, reference)
        case .vault(let entry):
            let reference = SecretReference(key: vaultKey, file: file, source: .vault(entry: entry),
                                            baseDirectory: baseDirectory, environment: environment)
            guard requireSecrets else { return ("vault:" + entry, nil, reference) }
            return ("vault:" + entry, try reference.resolve(), reference)
        case nil:
            return nil
        }
    }

    /// `ledger.url` (a PostgreSQL ledger), its password from `ledger.password_env` or
    /// `ledger.password_vault`, else from `PGPASSWORD`; nil when the ledger is the SQLite file.
    private func readLedgerURL(_ section: [String: Node], requireSecrets: Bool) throws(ConfigurationError) -> PostgresURL? {
        let password = try secret(section, prefix: "ledger", envKey: "password_env", vaultKey: "password_vault",
                                  what: "password", requireSecrets: requireSecrets)
        guard let node = section["url"] else {
            if password != nil {
                throw .missingKey(file: file, key: "ledger.url", hint: "A ledger password is set but no ledger.url: add ledger.url: postgres://user@host/database, or remove the password setting to keep the ledger in the SQLite file (ledger.path).")
            }
            return nil
        }
        let text = try nonEmptyString(node, key: "ledger.url")
        guard PostgresURL.isPostgres(text) else {
            throw .invalidValue(file: file, key: "ledger.url", value: "(not shown)",
                                expected: "postgres://user@host:port/database (a SQLite ledger is set with ledger.path instead)")
        }
        var environment = self.environment
        if let password { environment["PGPASSWORD"] = password.1 }
        do {
            return try PostgresURL.parse(text, environment: environment)
        } catch {
            throw .invalidValue(file: file, key: "ledger.url", value: error.location, expected: "a usable PostgreSQL URL: \(error.reason)")
        }
    }

    private func environment_(_ variable: String) -> String? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        return value
    }

    // MARK: - Typed readers

    /// The mapping at `node`, keyed by string, refusing unknown and duplicate keys.
    private func mapping(_ node: Node, key: String, known: [String]) throws(ConfigurationError) -> [String: Node] {
        guard let mapping = node.mapping else {
            throw .invalidValue(file: file, key: key, value: node.string ?? "(a list)",
                                expected: "a mapping with keys \(known.joined(separator: ", "))")
        }
        var result: [String: Node] = [:]
        let prefix = key == "(top level)" ? "" : key + "."
        for (name, value) in mapping {
            guard let text = name.string else {
                throw .invalidValue(file: file, key: key, value: "\(name)", expected: "text keys")
            }
            guard known.contains(text) else {
                throw .unknownKey(file: file, key: prefix + text, line: name.mark?.line, known: known)
            }
            guard result[text] == nil else {
                throw .duplicateKey(file: file, key: prefix + text, line: name.mark?.line)
            }
            if value.null != nil, value.scalar?.style == .plain || value.scalar?.style == .any {
                continue   // `key:` with no value counts as absent
            }
            result[text] = value
        }
        return result
    }

    private func nonEmptyString(_ node: Node, key: String) throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else {
            throw .invalidValue(file: file, key: key, value: "(a list or mapping)", expected: "text")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw .invalidValue(file: file, key: key, value: "", expected: "non-empty text") }
        return text
    }

    private func url(_ node: Node, key: String) throws(ConfigurationError) -> String {
        var text = try nonEmptyString(node, key: key)
        guard (text.hasPrefix("https://") || text.hasPrefix("http://")), URL(string: text)?.host != nil else {
            throw .invalidValue(file: file, key: key, value: text, expected: "an http(s) URL such as https://api.procore.com")
        }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private func positiveInt64(_ node: Node, key: String) throws(ConfigurationError) -> Int64 {
        let text = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? "(a list or mapping)"
        guard let value = Int64(text), value > 0 else {
            throw .invalidValue(file: file, key: key, value: text, expected: "a positive whole number")
        }
        return value
    }

    private func intInRange(_ node: Node, key: String, _ range: ClosedRange<Int>, expected: String) throws(ConfigurationError) -> Int {
        let text = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? "(a list or mapping)"
        guard let value = Int(text), range.contains(value) else {
            throw .invalidValue(file: file, key: key, value: text, expected: expected)
        }
        return value
    }

    private func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL.path }
        return URL(fileURLWithPath: baseDirectory).appendingPathComponent(expanded).standardizedFileURL.path
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }
}
