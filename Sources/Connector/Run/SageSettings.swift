import Foundation
import Sage100

/// The `sage:` section of `connector.yml`: where the Sage 100 agent is and how to reach it.
public struct SageSettings: Sendable, CustomStringConvertible {
    /// The agent's address, e.g. `https://sage-server:4020` (plain http only on loopback).
    public var baseURL: String
    /// Sage 100 company code (three letters or digits, e.g. `ABC`).
    public var company: String
    /// The environment variable the API key is read from, if the agent wants one.
    public var apiKeyVariable: String?
    /// The vault entry the API key is read from (`sage.auth.api_key_vault`), instead of a variable.
    public var apiKeyVault: String? = nil
    /// The API key (never printed); nil until needed when it was not loaded.
    public var apiKey: Secret?
    /// Where the API key is read from when a command builds the agent client.
    public var apiKeyReference: SecretReference? = nil
    /// PEM client certificate and key for mutual TLS.
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    /// CA bundle that signs the agent's certificate (a private CA).
    public var caBundlePath: String?
    /// Verify the agent's TLS certificate (default true; turn off only on a test bench).
    public var verifyTLS: Bool
    /// Backoff when Sage answers that a record is locked.
    public var lockBackoff: SageAgentBackoffPolicy
    /// How long to wait for a module lock (423) before giving up for this run.
    public var moduleLockMaxWait: Duration
    /// Records sent per agent request.
    public var recordsPerRequest: Int

    public init(baseURL: String, company: String, apiKeyVariable: String? = nil, apiKey: Secret? = nil,
                clientCertificatePath: String? = nil, clientKeyPath: String? = nil, caBundlePath: String? = nil,
                verifyTLS: Bool = true, lockBackoff: SageAgentBackoffPolicy = .standard,
                moduleLockMaxWait: Duration = .seconds(600), recordsPerRequest: Int = 100) {
        self.baseURL = baseURL
        self.company = company
        self.apiKeyVariable = apiKeyVariable
        self.apiKey = apiKey
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.caBundlePath = caBundlePath
        self.verifyTLS = verifyTLS
        self.lockBackoff = lockBackoff
        self.moduleLockMaxWait = moduleLockMaxWait
        self.recordsPerRequest = recordsPerRequest
    }

    /// The agent client's configuration. Throws naming the setting when it cannot be used.
    public func agentConfiguration(file: String) throws -> SageAgentConfiguration {
        var apiKey = self.apiKey
        if apiKey == nil, let reference = apiKeyReference { apiKey = Secret(try reference.resolve()) }
        let auth: SageAgentAuth
        switch (apiKey, clientCertificatePath, clientKeyPath) {
        case (let key?, let cert?, let keyPath?): auth = .apiKeyAndClientCertificate(key, certPath: cert, keyPath: keyPath)
        case (let key?, nil, nil): auth = .apiKey(key)
        case (nil, let cert?, let keyPath?): auth = .clientCertificate(certPath: cert, keyPath: keyPath)
        case (nil, nil, nil):
            if let variable = apiKeyVariable {
                throw ConfigurationError.missingSecret(file: file, key: "sage.auth.api_key_env", variable: variable)
            }
            if let entry = apiKeyVault {
                throw ConfigurationError.missingKey(file: file, key: "sage.auth.api_key_vault",
                                                    hint: "The API key in vault entry '\(entry)' was not loaded; load the configuration with its secrets.")
            }
            throw ConfigurationError.missingKey(file: file, key: "sage.auth",
                                                hint: "Give api_key_env (the variable holding the agent's API key) or api_key_vault (its vault entry), and/or client_cert + client_key.")
        default:
            throw ConfigurationError.missingKey(file: file, key: "sage.auth.client_cert / client_key",
                                                hint: "Mutual TLS needs both the PEM certificate and its PEM private key.")
        }
        do {
            return try SageAgentConfiguration(baseURL: baseURL, companyCode: company, auth: auth, caBundlePath: caBundlePath,
                                              verifyTLS: verifyTLS, lockBackoff: lockBackoff,
                                              moduleLockMaxWait: moduleLockMaxWait, maxRecordsPerRequest: recordsPerRequest)
        } catch let error as SageAgentConfigurationError {
            throw ConfigurationError.invalidValue(file: file, key: Self.configurationKey(of: error.field), value: error.value,
                                                  expected: "another value (it \(error.problem)); \(error.fix)")
        }
    }

    /// The `connector.yml` key behind a field of the agent client's configuration.
    static func configurationKey(of field: String) -> String {
        switch field {
        case "baseURL": return "sage.base_url"
        case "companyCode": return "sage.company"
        case "auth.apiKey": return "sage.auth.api_key_env"
        case "auth.clientCertificate": return "sage.auth.client_cert"
        case "caBundlePath": return "sage.ca_bundle"
        case "moduleLockMaxWait": return "sage.module_lock_max_wait_s"
        case "maxRecordsPerRequest": return "sage.records_per_request"
        case let other where other.hasPrefix("lockBackoff"): return "sage.lock_backoff"
        default: return "sage (\(field))"
        }
    }

    public var description: String {
        "sage(agent: \(baseURL), company: \(company), api_key: \(apiKey == nil ? "none" : Secret.mask)"
            + (clientCertificatePath.map { ", client_cert: \($0)" } ?? "") + (verifyTLS ? "" : ", TLS verification OFF") + ")"
    }
}

/// The `ebusiness:` section: the Sage 100 eBusiness Web Services the agent relays SOAP to.
public struct EBusinessSettings: Sendable, CustomStringConvertible {
    /// Namespace of the operation elements (the installation's `?wsdl` says which).
    public var namespace: String
    /// The eBusiness endpoint the agent relays to (informational; the agent holds the route).
    public var endpoint: String?
    public var username: String
    /// The environment variable holding the password (`vault:<entry>` when it comes from the vault).
    public var passwordVariable: String
    /// The vault entry holding the password (`ebusiness.password_vault`), instead of a variable.
    public var passwordVault: String? = nil
    /// The password (never printed); nil until needed when it was not loaded.
    public var password: Secret?
    /// Where the password is read from when sales orders are posted or read back.
    public var passwordReference: SecretReference? = nil

    public init(namespace: String, endpoint: String?, username: String, passwordVariable: String, password: Secret?) {
        self.namespace = namespace
        self.endpoint = endpoint
        self.username = username
        self.passwordVariable = passwordVariable
        self.password = password
    }

    public var description: String {
        "ebusiness(namespace: \(namespace), user: \(username), password: \(password == nil ? "<not loaded>" : Secret.mask) from \(passwordVault.map { "vault entry \($0)" } ?? "$" + passwordVariable))"
    }
}
