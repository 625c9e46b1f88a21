import Foundation
import Sage100
import Vault
import Yams

/// Where `connector.yml` says a secret comes from: `<name>_env` (an environment variable) or
/// `<name>_vault` (an entry of the encrypted vault next to the file, see `docs/secrets.md`).
enum ConfiguredSecretSource: Sendable, Equatable {
    case environment(variable: String)
    case vault(entry: String)

    /// Picks exactly one of `envKey` / `vaultKey` (full dotted keys, for messages).
    /// - Returns: nil when neither is given (the caller decides whether that is an error).
    static func choose(file: String, envKey: String, envValue: String?, vaultKey: String, vaultValue: String?,
                       what: String) throws(ConfigurationError) -> ConfiguredSecretSource? {
        switch (envValue, vaultValue) {
        case (let variable?, nil):
            guard ConfigurationReader.isVariableName(variable) else {
                throw .invalidValue(file: file, key: envKey, value: "(hidden)",
                                    expected: "an environment variable name (letters, digits, underscore), not the \(what) itself")
            }
            return .environment(variable: variable)
        case (nil, let entry?):
            do {
                try VaultEntryName.validate(entry)
            } catch {
                throw .invalidValue(file: file, key: vaultKey, value: "(hidden)",
                                    expected: "a vault entry name (letters, digits, '.', '_', '-'), not the \(what) itself")
            }
            return .vault(entry: entry)
        case (_?, _?):
            throw .invalidValue(file: file, key: "\(envKey) / \(vaultKey)", value: "both set",
                                expected: "exactly one of them: \(envKey) names an environment variable, \(vaultKey) names a vault entry; remove the other")
        case (nil, nil):
            return nil
        }
    }
}

/// Where one secret of `connector.yml` comes from. Loading the file never requires it: the
/// secret is read (from the environment captured at load, or from the vault) only when a client
/// that sends it is built, so every command asks only for the secrets it uses.
public struct SecretReference: Sendable, Equatable, CustomStringConvertible {
    /// The configuration key naming the source, e.g. `procore.client_secret_env`.
    public let key: String
    let file: String
    let source: ConfiguredSecretSource
    let baseDirectory: String
    let environment: [String: String]

    init(key: String, file: String, source: ConfiguredSecretSource, baseDirectory: String, environment: [String: String]) {
        self.key = key
        self.file = file
        self.source = source
        self.baseDirectory = baseDirectory
        self.environment = environment
    }

    /// The secret's value.
    /// - Throws: ``ConfigurationError/missingSecret(file:key:variable:)`` for an unset variable,
    ///   or the vault's refusal naming the key.
    public func resolve() throws(ConfigurationError) -> String {
        switch source {
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw .missingSecret(file: file, key: key, variable: variable)
            }
            return value
        case .vault(let entry):
            return try ConnectorConfiguration.vaultSecret(entry: entry, key: key, file: file,
                                                          baseDirectory: baseDirectory, environment: environment)
        }
    }

    /// Names the source, never the value.
    public var description: String {
        switch source {
        case .environment(let variable): return "$\(variable) (\(key))"
        case .vault(let entry): return "vault entry \(entry) (\(key))"
        }
    }
}

extension ConnectorConfiguration {
    /// The secret stored as `entry` in the vault of the configuration folder `baseDirectory`
    /// (key from `ML_CONNECTOR_VAULT_KEY`, `ML_CONNECTOR_VAULT_KEY_FILE` or `vault.key` there).
    /// A vault problem becomes a ``ConfigurationError`` naming `key` and carrying the vault's own message.
    static func vaultSecret(entry: String, key: String, file: String, baseDirectory: String,
                            environment: [String: String]) throws(ConfigurationError) -> String {
        do {
            return try VaultLocation(configDirectory: baseDirectory, environment: environment).secret(named: entry).revealed
        } catch {
            var message = error.description
            if message.hasSuffix(".") { message.removeLast() }
            throw .invalidValue(file: file, key: key, value: entry, expected: "an entry the vault can open, but \(message)")
        }
    }
}

extension RunConfigurationReader {
    /// `sage.auth.api_key_env` or `sage.auth.api_key_vault` (at most one) into `settings`;
    /// the value is read when `requireSecrets`.
    func readAPIKey(_ auth: [String: Node], into settings: inout SageSettings, requireSecrets: Bool) throws {
        let source = try ConfiguredSecretSource.choose(
            file: file, envKey: "sage.auth.api_key_env", envValue: try secretKeyText(auth["api_key_env"], key: "sage.auth.api_key_env"),
            vaultKey: "sage.auth.api_key_vault", vaultValue: try secretKeyText(auth["api_key_vault"], key: "sage.auth.api_key_vault"),
            what: "key")
        switch source {
        case .environment(let variable):
            settings.apiKeyVariable = variable
            settings.apiKeyReference = SecretReference(key: "sage.auth.api_key_env", file: file, source: .environment(variable: variable),
                                                       baseDirectory: baseDirectory, environment: environment)
            if let key = environment[variable], !key.isEmpty {
                settings.apiKey = Secret(key)
            } else if requireSecrets {
                throw ConfigurationError.missingSecret(file: file, key: "sage.auth.api_key_env", variable: variable)
            }
        case .vault(let entry):
            settings.apiKeyVault = entry
            settings.apiKeyReference = SecretReference(key: "sage.auth.api_key_vault", file: file, source: .vault(entry: entry),
                                                       baseDirectory: baseDirectory, environment: environment)
            if requireSecrets {
                settings.apiKey = Secret(try ConnectorConfiguration.vaultSecret(entry: entry, key: "sage.auth.api_key_vault", file: file,
                                                                                baseDirectory: baseDirectory, environment: environment))
            }
        case nil:
            break
        }
    }

    /// `ebusiness.password_env` or `ebusiness.password_vault` (exactly one): the source's name
    /// (`vault:<entry>` for the vault), the vault entry, the password when available, and where
    /// to read it later.
    func readEBusinessPassword(_ section: [String: Node], requireSecrets: Bool)
        throws -> (variable: String, vault: String?, password: Secret?, reference: SecretReference) {
        let source = try ConfiguredSecretSource.choose(
            file: file, envKey: "ebusiness.password_env", envValue: try secretKeyText(section["password_env"], key: "ebusiness.password_env"),
            vaultKey: "ebusiness.password_vault", vaultValue: try secretKeyText(section["password_vault"], key: "ebusiness.password_vault"),
            what: "password")
        switch source {
        case .environment(let variable):
            let value = environment[variable].flatMap { $0.isEmpty ? nil : Secret($0) }
            let reference = SecretReference(key: "ebusiness.password_env", file: file, source: .environment(variable: variable),
                                            baseDirectory: baseDirectory, environment: environment)
            return (variable, nil, value, reference)
        case .vault(let entry):
            let reference = SecretReference(key: "ebusiness.password_vault", file: file, source: .vault(entry: entry),
                                            baseDirectory: baseDirectory, environment: environment)
            guard requireSecrets else { return ("vault:" + entry, entry, nil, reference) }
            return ("vault:" + entry, entry, Secret(try reference.resolve()), reference)
        case nil:
            throw ConfigurationError.missingKey(file: file, key: "ebusiness.password_env",
                                                hint: "Name the environment variable holding the eBusiness password, e.g. password_env: SAGE_EBUSINESS_PASSWORD, "
                                                    + "or the vault entry holding it, e.g. password_vault: sage-ebusiness-password (see docs/secrets.md).")
        }
    }

    private func secretKeyText(_ node: Node?, key: String) throws -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            throw ConfigurationError.invalidValue(file: file, key: key, value: "(a list or mapping)", expected: "text")
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw ConfigurationError.invalidValue(file: file, key: key, value: "", expected: "non-empty text") }
        return value
    }
}
