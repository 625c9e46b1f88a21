import Foundation
import SQLSupport
import Yams

/// The connector's settings, loaded from `connector.yml`:
///
/// ```yaml
/// procore:
///   environment: production        # production | sandbox | monthly | custom
///   api_base_url: https://...      # required for custom; overrides the environment's host otherwise
///   auth_base_url: https://...
///   company_id: 1234
///   client_id: abc
///   client_secret_env: PROCORE_CLIENT_SECRET   # the secret is read from this variable
///   # client_secret_vault: procore-client-secret   # or from this vault entry (exactly one of the two)
///   per_page: 1000
///   max_concurrency: 4
///   projects: [101, 102]           # optional: only these projects
/// ledger:
///   path: ml-connector.sqlite
///   # url: postgres://ml@db.example.com/connector?schema=company_1   # a PostgreSQL ledger instead
///   # password_env: LEDGER_PASSWORD   # or password_vault: ledger-password (else PGPASSWORD)
/// staging:
///   dir: staging
/// ```
/// Relative paths are relative to the folder holding the file. Unknown keys are errors; the
/// other sections of a pay cycle's `connector.yml` (``RunConfiguration``) may be there too.
public struct ConnectorConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The file the settings came from (as given).
    public var file: String
    public var procore: ProcoreSettings
    /// Absolute path of the ledger's SQLite file; with ``ledgerURL``, the local name its lock
    /// files are named after.
    public var ledgerPath: String
    /// `ledger.url`: the ledger is in this PostgreSQL database (hosted workers on several
    /// machines); nil for the SQLite file at ``ledgerPath`` (the default).
    public var ledgerURL: PostgresURL?
    /// Absolute path of the staging folder.
    public var stagingDirectory: String
    /// Days a staging export folder is kept (`staging.keep_days`); older ones are removed after
    /// a pay cycle. Nothing reads them: the ledger holds what the pipeline needs.
    public var stagingKeepDays: Int = ConnectorConfiguration.defaultStagingKeepDays
    public static let defaultStagingKeepDays = 90

    public init(file: String, procore: ProcoreSettings, ledgerPath: String, stagingDirectory: String) {
        self.file = file
        self.procore = procore
        self.ledgerPath = ledgerPath
        self.stagingDirectory = stagingDirectory
    }

    /// Reads and checks the pull's sections of `path`: `procore`, `ledger`, `staging`. The file
    /// may be the whole `connector.yml` of a pay cycle: its other sections are checked against
    /// the full schema when present (an unknown key is an error naming it) but not required, and
    /// no file they name is opened.
    ///
    /// - Parameters:
    ///   - environment: where secrets are read from (the process environment by default).
    ///   - requireSecrets: when false, a missing secret variable is not an error at load
    ///     (commands that never call Procore); ``ProcoreSettings/clientConfiguration(file:)`` throws later.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            requireSecrets: Bool = true) throws -> ConnectorConfiguration {
        let text = try ConfigurationError.readText(path)
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        return try parse(yaml: text, file: path, baseDirectory: absolute.deletingLastPathComponent().path,
                         environment: environment, requireSecrets: requireSecrets)
    }

    /// Parses YAML text; `file` is used in messages, `baseDirectory` resolves relative paths.
    /// - Throws: ``ConfigurationError``, or ``MappingConfigurationError`` for a bad `mapping:` section.
    public static func parse(yaml: String, file: String, baseDirectory: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             requireSecrets: Bool = true) throws -> ConnectorConfiguration {
        var reader = RunConfigurationReader(file: file, baseDirectory: baseDirectory, environment: environment)
        return try reader.readPull(yaml: yaml, requireSecrets: requireSecrets)
    }

    public var description: String {
        "configuration from \(file): \(procore), ledger: \(ledgerURL?.redacted ?? ledgerPath), staging: \(stagingDirectory)"
    }
}
