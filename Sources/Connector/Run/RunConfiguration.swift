import Foundation
import SQLSupport
import Yams

/// The whole `connector.yml` a pay cycle needs: the pull settings (``ConnectorConfiguration``)
/// plus the Sage agent, eBusiness, mapping, outbox, inbox, approval and transform choices.
///
/// ```yaml
/// procore: {…}            # see ConnectorConfiguration
/// ledger: { path: ml-connector.sqlite }
/// staging: { dir: staging }
/// sage:
///   base_url: https://sage-server:4020
///   company: ABC
///   auth: { api_key_env: SAGE_AGENT_API_KEY, client_cert: certs/client.pem, client_key: certs/client.key }
///   ca_bundle: certs/ca.pem
///   verify_tls: true
///   lock_backoff: { base_ms: 50, cap_ms: 2000, max_attempts: 16 }
///   module_lock_max_wait_s: 600
///   records_per_request: 100
/// ebusiness: { namespace: …, endpoint: …, username: …, password_env: SAGE_EBUSINESS_PASSWORD }
/// mapping: {…}            # docs/mapping.md
/// outbox: { dir: outbox }
/// inbox: { dir: inbox }
/// approval: none          # none | required
/// transform: { vendor_name_policy: reject, all_or_nothing: false, batch_size: 1000 }
/// reports: { template: templates/reconciliation.mustache }
/// webhooks: { listen: 127.0.0.1:8085, secret_env: PROCORE_WEBHOOK_SECRET, public_url: https://…/procore/webhooks }
/// ```
/// Relative paths are relative to the file's folder. Unknown keys are errors.
public struct RunConfiguration: Sendable {
    /// `procore`, `ledger`, `staging`.
    public var base: ConnectorConfiguration
    public var sage: SageSettings
    public var ebusiness: EBusinessSettings?
    public var mapping: MappingConfiguration
    /// Absolute outbox folder (batches and reports).
    public var outboxDirectory: String
    /// Absolute inbox folder (corrections, approvals).
    public var inboxDirectory: String
    /// `inbox.settle_seconds`: an inbox file changed more recently than this is left for the
    /// next run (it may still be being copied from a network share).
    public var inboxSettleSeconds: Double = 2
    /// New batches wait for `approve` when true.
    public var approvalRequired: Bool
    public var vendorNamePolicy: VendorNamePolicy
    public var allOrNothing: Bool
    /// Most documents per outbox batch (``TransformOptions/batchSize``).
    public var batchSize: Int = TransformOptions.defaultBatchSize
    /// The HTML report template; nil or a missing file uses the built-in one.
    public var reportTemplatePath: String?
    /// `reports.job_to_date: touched_jobs`: each run's report gets the job-to-date section of
    /// the jobs the run touched. Off by default: that section reads each touched job's whole
    /// history in Sage, so a run would cost more than what changed; at month-end
    /// `reconcile --job-to-date` writes it for every job.
    public var jobToDateInReports = false
    /// The `webhooks:` section; nil when absent (polling only).
    public var webhooks: WebhookSettings?
    /// The `schedule:` section (`ml-connector serve`); the defaults when the file has none.
    public var schedule = ServeSettings()

    /// The file the settings came from.
    public var file: String { base.file }
    public var ledgerPath: String { base.ledgerPath }
    public var ledgerURL: PostgresURL? { base.ledgerURL }
    public var stagingDirectory: String { base.stagingDirectory }

    public init(base: ConnectorConfiguration, sage: SageSettings, ebusiness: EBusinessSettings? = nil,
                mapping: MappingConfiguration, outboxDirectory: String, inboxDirectory: String,
                approvalRequired: Bool = false, vendorNamePolicy: VendorNamePolicy = .reject,
                allOrNothing: Bool = false, reportTemplatePath: String? = nil) {
        self.base = base
        self.sage = sage
        self.ebusiness = ebusiness
        self.mapping = mapping
        self.outboxDirectory = outboxDirectory
        self.inboxDirectory = inboxDirectory
        self.approvalRequired = approvalRequired
        self.vendorNamePolicy = vendorNamePolicy
        self.allOrNothing = allOrNothing
        self.reportTemplatePath = reportTemplatePath
    }

    /// The top-level keys `connector.yml` may hold.
    public static let topKeys = ["procore", "ledger", "staging", "sage", "ebusiness", "mapping", "outbox", "inbox",
                                 "approval", "transform", "reports", "webhooks", "schedule"]

    /// Loads and checks `path`. Secrets are read from the environment variables the file names.
    /// - Throws: ``ConfigurationError`` or ``MappingConfigurationError``, naming the key and the fix.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            requireSecrets: Bool = true) throws -> RunConfiguration {
        let text = try ConfigurationError.readText(path)
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try parse(yaml: text, file: path, baseDirectory: folder, environment: environment, requireSecrets: requireSecrets)
    }

    /// Parses YAML text; `file` names it in messages, `baseDirectory` resolves relative paths.
    public static func parse(yaml: String, file: String, baseDirectory: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             requireSecrets: Bool = true) throws -> RunConfiguration {
        var reader = RunConfigurationReader(file: file, baseDirectory: baseDirectory, environment: environment)
        return try reader.read(yaml: yaml, requireSecrets: requireSecrets)
    }

    /// Reads now the secrets a pay cycle sends (the Procore client secret when `procore`, the
    /// agent's API key, the eBusiness password when owner billing posts sales orders), so a
    /// missing one stops `run` before its first stage. Loading never requires them.
    /// - Throws: ``ConfigurationError`` naming the variable or vault entry.
    public func checkSecrets(procore: Bool) throws {
        if procore { _ = try base.procore.clientConfiguration(file: file) }
        _ = try sage.agentConfiguration(file: file)
        if mapping.ownerBilling == .salesOrder, let ebusiness {
            _ = try EBusinessAccess(settings: ebusiness, company: sage.company)
        }
    }

    /// The mapping read again from the file (after the replay added cost-code rows).
    public func reloadingMapping() throws -> RunConfiguration {
        var copy = self
        copy.mapping = try RunConfiguration.load(path: file, requireSecrets: false).mapping
        return copy
    }

    /// The cost-code table's absolute path, when the mapping names one.
    public var mappingTablePath: String? {
        guard let table = mapping.costCodeTablePath else { return nil }
        if table.hasPrefix("/") { return table }
        let folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path
        return (folder as NSString).appendingPathComponent(table)
    }
}
