import Foundation
import Procore
import Vault

/// What `ml-connector init` needs to write a configuration: where, how to reach each system,
/// and the credentials (stored in the vault, never in the file).
public struct SetupOptions: Sendable {
    /// The folder to write `connector.yml`, `cost-codes.csv` and the vault into.
    public var directory: String
    public var procoreEnvironment: ProcoreEnvironment
    public var companyID: Int64
    public var clientID: String
    public var clientSecret: Secret
    /// The agent's base URL, e.g. `https://sage-server:4020`.
    public var agentURL: String
    /// The Sage 100 company code.
    public var sageCompany: String
    /// The agent's API key (API-key auth, alone or with a client certificate).
    public var agentKey: Secret?
    /// Mutual TLS: PEM client certificate and key paths.
    public var clientCertificate: String?
    public var clientKey: String?
    /// The CA that signed the agent's certificate, when private.
    public var caBundle: String?
    /// Sage values the agent cannot read: the A/P terms code and division for new vendors and
    /// invoices, and the bank code manual checks are drawn on (nil: left for a person to set).
    public var termsCode = "30"
    public var apDivision = "00"
    public var bankCode: String?
    /// Replace an existing `connector.yml` and `cost-codes.csv`.
    public var force = false
    /// Where the vault key is looked up (`ML_CONNECTOR_VAULT_KEY`, `ML_CONNECTOR_VAULT_KEY_FILE`).
    public var environment: [String: String]

    public init(directory: String, procoreEnvironment: ProcoreEnvironment, companyID: Int64, clientID: String,
                clientSecret: Secret, agentURL: String, sageCompany: String, agentKey: Secret?,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = directory
        self.procoreEnvironment = procoreEnvironment
        self.companyID = companyID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.agentURL = agentURL
        self.sageCompany = sageCompany
        self.agentKey = agentKey
        self.environment = environment
    }

    public var configPath: String { URL(fileURLWithPath: directory).appendingPathComponent("connector.yml").path }
    public var costCodesPath: String { URL(fileURLWithPath: directory).appendingPathComponent("cost-codes.csv").path }
}

/// Why `init` could not write a configuration.
public enum SetupError: Error, Sendable, CustomStringConvertible {
    /// The file exists and `--force` was not given.
    case exists(path: String)
    /// The agent does not serve the company.
    case companyNotServed(company: String, served: [String])
    /// A value given cannot be used.
    case invalid(field: String, problem: String)
    /// A file could not be written.
    case write(path: String, reason: String)

    public var description: String {
        switch self {
        case .exists(let path):
            return "\(path) exists; init never overwrites a configuration unless asked: pass --force, or --dir for another folder"
        case .companyNotServed(let company, let served):
            return "the agent does not serve Sage company \(company) (it serves \(served.joined(separator: ", "))); pass --company with one of those"
        case .invalid(let field, let problem):
            return "\(field): \(problem)"
        case .write(let path, let reason):
            return "cannot write \(path): \(reason); check that the folder exists and is writable"
        }
    }
}
