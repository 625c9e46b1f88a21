import Foundation
import Sage100
import Yams

/// Walks `connector.yml` for ``RunConfiguration``: hands `procore`, `ledger` and `staging` to
/// ``ConnectorConfiguration``, `mapping` to ``MappingConfiguration``, and reads the rest.
struct RunConfigurationReader {
    let file: String
    let baseDirectory: String
    let environment: [String: String]

    static let sageKeys = ["base_url", "company", "auth", "ca_bundle", "verify_tls", "lock_backoff",
                           "module_lock_max_wait_s", "records_per_request"]
    static let authKeys = ["api_key_env", "api_key_vault", "client_cert", "client_key"]
    static let backoffKeys = ["base_ms", "cap_ms", "max_attempts"]
    static let ebusinessKeys = ["namespace", "endpoint", "username", "password_env", "password_vault"]
    static let dirKeys = ["dir"]
    static let inboxKeys = ["dir", "settle_seconds"]
    static let transformKeys = ["vendor_name_policy", "all_or_nothing", "batch_size"]
    static let reportKeys = ["template", "job_to_date"]

    /// Which sections a command needs. Every section present is checked against the whole
    /// schema either way (an unknown or misspelt key is an error that names it); `pull` needs
    /// only `procore` (and `ledger`, `staging`), and reads no file the other sections name.
    enum Scope {
        case pull
        case payCycle
    }

    /// Files named by the sections the command does not need are not opened.
    var checkFiles = true

    /// The whole configuration of a pay cycle: `procore`, `sage` and `mapping` are required.
    mutating func read(yaml: String, requireSecrets: Bool) throws -> RunConfiguration {
        let (_, run) = try read(yaml: yaml, requireSecrets: requireSecrets, scope: .payCycle)
        guard let run else { throw ConfigurationError.missingKey(file: file, key: "sage", hint: "Add a 'sage:' section (see templates/connector.yml).") }
        return run
    }

    /// The pull's sections of the same file; the other sections may be absent, and are checked when present.
    mutating func readPull(yaml: String, requireSecrets: Bool) throws -> ConnectorConfiguration {
        try read(yaml: yaml, requireSecrets: requireSecrets, scope: .pull).base
    }

    private mutating func read(yaml: String, requireSecrets: Bool, scope: Scope) throws -> (base: ConnectorConfiguration, run: RunConfiguration?) {
        checkFiles = scope == .payCycle
        guard let root = try compose(yaml) else {
            throw ConfigurationError.missingKey(file: file, key: "procore", hint: "The file is empty; start from templates/connector.yml.")
        }
        let top = try keyed(root, key: "(top level)", known: RunConfiguration.topKeys)

        // The pull's sections, checked by their own reader.
        let pullPairs = (root.mapping ?? [:]).filter { ["procore", "ledger", "staging"].contains($0.key.string ?? "") }
        let pullYAML: String
        do {
            pullYAML = try Yams.serialize(node: .mapping(Node.Mapping(pullPairs.map { ($0.key, $0.value) })))
        } catch {
            throw ConfigurationError.invalidYAML(file: file, line: nil, reason: "\(error)")
        }
        var pullReader = ConfigurationReader(file: file, baseDirectory: baseDirectory, environment: environment)
        let base = try pullReader.read(yaml: pullYAML, requireSecrets: requireSecrets)

        let needed = scope == .payCycle
        let sage = try top["sage"].map { try readSage($0, requireSecrets: requireSecrets && needed) }
        if needed && sage == nil {
            throw ConfigurationError.missingKey(file: file, key: "sage",
                                                hint: "Add a 'sage:' section with base_url, company and auth (see templates/connector.yml).")
        }
        let ebusiness = try top["ebusiness"].map { try readEBusiness($0, requireSecrets: requireSecrets && needed) }

        let mappingNode = top["mapping"]
        if needed && mappingNode == nil {
            throw ConfigurationError.missingKey(file: file, key: "mapping",
                                                hint: "Add a 'mapping:' section (cost codes to GL accounts; see templates/mapping.yml and docs/mapping.md).")
        }
        var mapping: MappingConfiguration?
        if let mappingNode {
            var section = try MappingConfiguration(section: mappingNode, file: file, baseDirectory: checkFiles ? baseDirectory : nil)
            // Sales orders are written as eBusiness envelopes: they need the namespace and user.
            try section.attachEBusiness(namespace: ebusiness?.namespace, username: ebusiness?.username, endpoint: ebusiness?.endpoint)
            mapping = section
        }

        let outbox = try directory(top["outbox"], key: "outbox", default: "outbox")
        let inbox = try directory(top["inbox"], key: "inbox", default: "inbox", known: Self.inboxKeys)

        var approvalRequired = false
        if let node = top["approval"] {
            switch try text(node, key: "approval") {
            case "none": approvalRequired = false
            case "required": approvalRequired = true
            case let other:
                throw ConfigurationError.invalidValue(file: file, key: "approval", value: other,
                                                      expected: "none (batches post at once) or required (a person approves each batch first)")
            }
        }
        var policy = VendorNamePolicy.reject
        var allOrNothing = false
        var batchSize = TransformOptions.defaultBatchSize
        if let node = top["transform"] {
            let section = try keyed(node, key: "transform", known: Self.transformKeys)
            if let value = section["vendor_name_policy"] {
                let name = try text(value, key: "transform.vendor_name_policy")
                guard let parsed = VendorNamePolicy(rawValue: name) else {
                    throw ConfigurationError.invalidValue(file: file, key: "transform.vendor_name_policy", value: name,
                                                          expected: "reject (the vendor waits for a shorter name) or truncate (cut to 30 characters, reported)")
                }
                policy = parsed
            }
            if let value = section["all_or_nothing"] { allOrNothing = try bool(value, key: "transform.all_or_nothing") }
            if let value = section["batch_size"] { batchSize = try int(value, key: "transform.batch_size", 1...100_000) }
        }
        var settle: Double = 2
        if let node = top["inbox"], let value = try keyed(node, key: "inbox", known: Self.inboxKeys)["settle_seconds"] {
            settle = Double(try int(value, key: "inbox.settle_seconds", 0...3600))
        }
        var template: String? = nil
        var jobToDateInReports = false
        if let node = top["reports"] {
            let section = try keyed(node, key: "reports", known: Self.reportKeys)
            if let value = section["template"] { template = resolve(try text(value, key: "reports.template")) }
            if let value = section["job_to_date"] {
                let mode = try text(value, key: "reports.job_to_date")
                guard ["touched_jobs", "off"].contains(mode) else {
                    throw ConfigurationError.invalidValue(file: file, key: "reports.job_to_date", value: mode,
                                                          expected: "touched_jobs (each run's report gets the job-to-date section of the jobs it touched) or off")
                }
                jobToDateInReports = mode == "touched_jobs"
            }
        }
        let webhooks = try top["webhooks"].map { try readWebhooks($0, requireSecrets: requireSecrets) }
        guard let sage, let mapping else { return (base, nil) }
        var configuration = RunConfiguration(base: base, sage: sage, ebusiness: ebusiness, mapping: mapping, outboxDirectory: outbox,
                                             inboxDirectory: inbox, approvalRequired: approvalRequired, vendorNamePolicy: policy,
                                             allOrNothing: allOrNothing, reportTemplatePath: template)
        configuration.batchSize = batchSize
        configuration.inboxSettleSeconds = settle
        configuration.webhooks = webhooks
        if let node = top["schedule"] { configuration.schedule = try readSchedule(node) }
        configuration.jobToDateInReports = jobToDateInReports
        return (base, configuration)
    }

    private func readSchedule(_ node: Node) throws -> ServeSettings {
        let section = try keyed(node, key: "schedule", known: ServeSettings.keys)
        var settings = ServeSettings()
        if let value = section["listen"] {
            let listen = try text(value, key: "schedule.listen")
            guard let (host, port) = WebhookSettings.parseListen(listen) else {
                throw ConfigurationError.invalidValue(file: file, key: "schedule.listen", value: listen, expected: "host:port, e.g. 127.0.0.1:9464")
            }
            settings.host = host
            settings.port = port
        }
        if let value = section["health_check_s"] { settings.healthCheckSeconds = try int(value, key: "schedule.health_check_s", 5...3600) }
        settings.jobs = try ServeJob.defaults.compactMap { job throws -> ServeJob? in
            guard let value = section[job.name] else { return job }
            let cadence = try text(value, key: "schedule.\(job.name)")
            if cadence.lowercased() == "off" { return nil }
            do {
                return ServeJob(name: job.name, work: job.work, cadence: try ServeCadence.parse(cadence))
            } catch {
                throw ConfigurationError.invalidValue(file: file, key: "schedule.\(job.name)", value: cadence,
                                                      expected: "\(error), or off")
            }
        }
        return settings
    }

    private func readWebhooks(_ node: Node, requireSecrets: Bool) throws -> WebhookSettings {
        let section = try keyed(node, key: "webhooks", known: WebhookSettings.keys)
        var settings = WebhookSettings()
        if let value = section["listen"] {
            let listen = try text(value, key: "webhooks.listen")
            guard let (host, port) = WebhookSettings.parseListen(listen) else {
                throw ConfigurationError.invalidValue(file: file, key: "webhooks.listen", value: listen, expected: "host:port, e.g. 127.0.0.1:8085")
            }
            settings.host = host
            settings.port = port
        }
        if let value = section["secret_env"] {
            let variable = try text(value, key: "webhooks.secret_env")
            guard ConfigurationReader.isVariableName(variable) else {
                throw ConfigurationError.invalidValue(file: file, key: "webhooks.secret_env", value: "(hidden)",
                                                      expected: "an environment variable name, not the secret itself")
            }
            settings.secretVariable = variable
        }
        if let value = environment[settings.secretVariable], !value.isEmpty { settings.secret = Secret(value) }
        if let value = section["public_url"] {
            let url = try text(value, key: "webhooks.public_url")
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw ConfigurationError.invalidValue(file: file, key: "webhooks.public_url", value: url,
                                                      expected: "the https URL Procore calls, e.g. https://connector.example.com/procore/webhooks")
            }
            settings.publicURL = url
        }
        if let value = section["debounce_s"] { settings.debounceSeconds = Double(try int(value, key: "webhooks.debounce_s", 0...300)) }
        return settings
    }

    private func readSage(_ node: Node, requireSecrets: Bool) throws -> SageSettings {
        let section = try keyed(node, key: "sage", known: Self.sageKeys)
        guard let urlNode = section["base_url"] else {
            throw ConfigurationError.missingKey(file: file, key: "sage.base_url", hint: "Set it to the agent's address, e.g. https://sage-server:4020.")
        }
        let baseURL = try text(urlNode, key: "sage.base_url")
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw ConfigurationError.invalidValue(file: file, key: "sage.base_url", value: baseURL, expected: "an http(s) URL such as https://sage-server:4020")
        }
        guard let companyNode = section["company"] else {
            throw ConfigurationError.missingKey(file: file, key: "sage.company", hint: "Set it to the Sage 100 company code, e.g. ABC.")
        }
        let company = try text(companyNode, key: "sage.company").uppercased()
        guard company.count == 3, company.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw ConfigurationError.invalidValue(file: file, key: "sage.company", value: company,
                                                  expected: "the three letters or digits of Company Maintenance, e.g. ABC")
        }
        var settings = SageSettings(baseURL: baseURL, company: company)
        guard let authNode = section["auth"] else {
            throw ConfigurationError.missingKey(file: file, key: "sage.auth",
                                                hint: "Give api_key_env (the variable holding the agent's API key) and/or client_cert + client_key.")
        }
        let auth = try keyed(authNode, key: "sage.auth", known: Self.authKeys)
        try readAPIKey(auth, into: &settings, requireSecrets: requireSecrets)
        if let value = auth["client_cert"] { settings.clientCertificatePath = try existingFile(value, key: "sage.auth.client_cert") }
        if let value = auth["client_key"] { settings.clientKeyPath = try existingFile(value, key: "sage.auth.client_key") }
        if (settings.clientCertificatePath == nil) != (settings.clientKeyPath == nil) {
            throw ConfigurationError.missingKey(file: file, key: settings.clientCertificatePath == nil ? "sage.auth.client_cert" : "sage.auth.client_key",
                                                hint: "Mutual TLS needs both the PEM certificate and its PEM private key.")
        }
        if settings.apiKeyVariable == nil && settings.apiKeyVault == nil && settings.clientCertificatePath == nil {
            throw ConfigurationError.missingKey(file: file, key: "sage.auth.api_key_env",
                                                hint: "Give api_key_env (or api_key_vault) and/or client_cert + client_key so the agent knows the connector.")
        }
        if let value = section["ca_bundle"] { settings.caBundlePath = try existingFile(value, key: "sage.ca_bundle") }
        if let value = section["verify_tls"] { settings.verifyTLS = try bool(value, key: "sage.verify_tls") }
        if let value = section["lock_backoff"] {
            let backoff = try keyed(value, key: "sage.lock_backoff", known: Self.backoffKeys)
            let base = try backoff["base_ms"].map { try int($0, key: "sage.lock_backoff.base_ms", 1...60_000) } ?? 50
            let cap = try backoff["cap_ms"].map { try int($0, key: "sage.lock_backoff.cap_ms", 1...600_000) } ?? 2_000
            let attempts = try backoff["max_attempts"].map { try int($0, key: "sage.lock_backoff.max_attempts", 1...100) } ?? 16
            do {
                settings.lockBackoff = try SageAgentBackoffPolicy(base: .milliseconds(base), cap: .milliseconds(cap), maxAttempts: attempts)
            } catch {
                throw ConfigurationError.invalidValue(file: file, key: "sage.lock_backoff", value: "base_ms \(base), cap_ms \(cap)",
                                                      expected: "cap_ms at least base_ms (\(error))")
            }
        }
        if let value = section["module_lock_max_wait_s"] {
            settings.moduleLockMaxWait = .seconds(try int(value, key: "sage.module_lock_max_wait_s", 0...86_400))
        }
        if let value = section["records_per_request"] {
            settings.recordsPerRequest = try int(value, key: "sage.records_per_request", 1...AgentWire.maxRecordsPerImport)
        }
        return settings
    }

    private func readEBusiness(_ node: Node, requireSecrets: Bool) throws -> EBusinessSettings {
        let section = try keyed(node, key: "ebusiness", known: Self.ebusinessKeys)
        let namespace = try section["namespace"].map { try text($0, key: "ebusiness.namespace") } ?? EBusinessConfiguration.sandboxNamespaceURI
        let endpoint = try section["endpoint"].map { try text($0, key: "ebusiness.endpoint") }
        guard let userNode = section["username"] else {
            throw ConfigurationError.missingKey(file: file, key: "ebusiness.username", hint: "Set it to the eBusiness Web Services user.")
        }
        let (variable, vault, password, reference) = try readEBusinessPassword(section, requireSecrets: requireSecrets)
        var settings = EBusinessSettings(namespace: namespace, endpoint: endpoint, username: try text(userNode, key: "ebusiness.username"),
                                         passwordVariable: variable, password: password)
        settings.passwordVault = vault
        settings.passwordReference = reference
        return settings
    }

    // MARK: - Typed readers

    /// The file's YAML as a node tree (nil when empty); a syntax error or a shape no
    /// configuration has is ``ConfigurationError/invalidYAML(file:line:reason:)`` with its line.
    func compose(_ yaml: String) throws -> Node? {
        do {
            return try YAMLText.compose(yaml)
        } catch let error as YamlError {
            throw ConfigurationError.invalidYAML(file: file, line: ConfigurationReader.line(of: error), reason: "\(error)")
        } catch let error as YAMLText.Refused {
            throw ConfigurationError.invalidYAML(file: file, line: error.line, reason: error.reason)
        }
    }

    func keyed(_ node: Node, key: String, known: [String]) throws -> [String: Node] {
        guard let mapping = node.mapping else {
            throw ConfigurationError.invalidValue(file: file, key: key, value: node.string ?? "(a list)",
                                                  expected: "a mapping with keys \(known.joined(separator: ", "))")
        }
        var result: [String: Node] = [:]
        let prefix = key == "(top level)" ? "" : key + "."
        for (name, value) in mapping {
            guard let text = name.string else {
                throw ConfigurationError.invalidValue(file: file, key: key, value: "\(name)", expected: "text keys")
            }
            guard known.contains(text) else {
                throw ConfigurationError.unknownKey(file: file, key: prefix + text, line: name.mark.map { $0.line }, known: known)
            }
            guard result[text] == nil else {
                throw ConfigurationError.duplicateKey(file: file, key: prefix + text, line: name.mark.map { $0.line })
            }
            if value.null != nil, value.scalar?.style == .plain || value.scalar?.style == .any { continue }
            result[text] = value
        }
        return result
    }

    func text(_ node: Node, key: String) throws -> String {
        guard let scalar = node.scalar else {
            throw ConfigurationError.invalidValue(file: file, key: key, value: "(a list or mapping)", expected: "text")
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw ConfigurationError.invalidValue(file: file, key: key, value: "", expected: "non-empty text") }
        return value
    }

    private func bool(_ node: Node, key: String) throws -> Bool {
        let value = node.scalar?.string.lowercased() ?? "(a list or mapping)"
        switch value {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw ConfigurationError.invalidValue(file: file, key: key, value: value, expected: "true or false")
        }
    }

    func int(_ node: Node, key: String, _ range: ClosedRange<Int>) throws -> Int {
        let value = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? "(a list or mapping)"
        guard let number = Int(value), range.contains(number) else {
            throw ConfigurationError.invalidValue(file: file, key: key, value: value,
                                                  expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    private func directory(_ node: Node?, key: String, default fallback: String, known: [String] = dirKeys) throws -> String {
        guard let node else { return resolve(fallback) }
        let section = try keyed(node, key: key, known: known)
        return resolve(try section["dir"].map { try text($0, key: "\(key).dir") } ?? fallback)
    }

    private func existingFile(_ node: Node, key: String) throws -> String {
        let path = resolve(try text(node, key: key))
        guard !checkFiles || FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError.invalidValue(file: file, key: key, value: path, expected: "a file that exists (check the path; relative paths start at the configuration's folder)")
        }
        return path
    }

    func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL.path }
        return URL(fileURLWithPath: baseDirectory).appendingPathComponent(expanded).standardizedFileURL.path
    }
}
