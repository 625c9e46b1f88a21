import Foundation
import Sage100
import Testing
import Vault
@testable import Connector

/// `connector.yml` naming vault entries (`*_vault`) instead of environment variables (`*_env`).
@Suite("Configuration secrets from the vault")
struct VaultConfigurationTests {
    static let procoreSecret = "procore-secret-from-vault"
    static let agentKey = "agent-key-from-vault"
    static let ebusinessPassword = "ebusiness-password-from-vault"

    /// A copy of `templates/` in a temporary folder, with a vault holding the three secrets.
    final class Folder {
        let url: URL
        let template: String
        var path: String { url.path }
        var file: String { url.appendingPathComponent("connector.yml").path }

        init(withVault: Bool = true) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("vault-config-\(UUID().uuidString)")
            let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("templates")
            try FileManager.default.copyItem(at: templates, to: url)
            template = try String(contentsOf: url.appendingPathComponent("connector.yml"), encoding: .utf8)
            if withVault {
                let location = VaultLocation(configDirectory: url.path, environment: [:])
                _ = try location.initialize()
                let store = try location.store()
                try store.set(Secret(VaultConfigurationTests.procoreSecret), named: "procore-client-secret")
                try store.set(Secret(VaultConfigurationTests.agentKey), named: "sage-agent-api-key")
                try store.set(Secret(VaultConfigurationTests.ebusinessPassword), named: "sage-ebusiness-password")
            }
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        /// The template with `changes` applied, written as connector.yml.
        func write(_ changes: [(String, String)]) throws {
            var text = template
            for (old, new) in changes {
                #expect(text.contains(old), "the template holds \(old)")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        }

        func load(environment: [String: String] = [:], requireSecrets: Bool = true) throws -> RunConfiguration {
            try RunConfiguration.load(path: file, environment: environment, requireSecrets: requireSecrets)
        }
    }

    static let allFromVault: [(String, String)] = [
        ("client_secret_env: PROCORE_CLIENT_SECRET", "client_secret_vault: procore-client-secret"),
        ("api_key_env: SAGE_AGENT_API_KEY", "api_key_vault: sage-agent-api-key"),
        ("# ebusiness:\n#   namespace: http://www.sage.com/sage100/ebusiness   # from the installation's ?wsdl\n#   endpoint: https://sage-server/ebusiness/Service.svc\n#   username: webservice\n#   password_env: SAGE_EBUSINESS_PASSWORD",
         "ebusiness:\n  username: webservice\n  password_vault: sage-ebusiness-password"),
    ]

    @Test("all three secrets load from the vault next to connector.yml; none is printed")
    func allThreeFromVault() throws {
        let folder = try Folder()
        try folder.write(Self.allFromVault)
        let configuration = try folder.load()
        #expect(configuration.base.procore.clientSecret == Self.procoreSecret)
        #expect(configuration.base.procore.clientSecretVariable == "vault:procore-client-secret")
        #expect(configuration.sage.apiKey?.revealed == Self.agentKey)
        #expect(configuration.sage.apiKeyVault == "sage-agent-api-key")
        #expect(configuration.sage.apiKeyVariable == nil)
        #expect(configuration.ebusiness?.password?.revealed == Self.ebusinessPassword)
        #expect(configuration.ebusiness?.passwordVault == "sage-ebusiness-password")
        let agent = try configuration.sage.agentConfiguration(file: folder.file)
        #expect("\(agent.auth)".contains(Self.agentKey) == false)
        let printed = "\(configuration.base) \(configuration.sage) \(configuration.ebusiness.map { "\($0)" } ?? "")"
        for secret in [Self.procoreSecret, Self.agentKey, Self.ebusinessPassword] {
            #expect(!printed.contains(secret))
        }
        #expect(printed.contains("vault entry sage-ebusiness-password"))
    }

    @Test("environment variables still work, and env and vault sources can be mixed")
    func environmentStillWorks() throws {
        let folder = try Folder()
        try folder.write([Self.allFromVault[1]])
        let configuration = try folder.load(environment: ["PROCORE_CLIENT_SECRET": "from-env"])
        #expect(configuration.base.procore.clientSecret == "from-env")
        #expect(configuration.sage.apiKey?.revealed == Self.agentKey)
    }

    @Test("both _env and _vault for one secret is an error naming both keys")
    func bothSources() throws {
        let folder = try Folder()
        try folder.write([("client_secret_env: PROCORE_CLIENT_SECRET",
                           "client_secret_env: PROCORE_CLIENT_SECRET\n  client_secret_vault: procore-client-secret")])
        #expect {
            try folder.load(environment: ["PROCORE_CLIENT_SECRET": "x"])
        } throws: { error in
            guard let error = error as? ConfigurationError, case .invalidValue(_, let key, _, _) = error else { return false }
            return key == "procore.client_secret_env / procore.client_secret_vault" && error.description.contains("exactly one")
        }
        try folder.write([("api_key_env: SAGE_AGENT_API_KEY", "api_key_env: SAGE_AGENT_API_KEY\n    api_key_vault: sage-agent-api-key")])
        #expect {
            try folder.load(environment: ["PROCORE_CLIENT_SECRET": "x", "SAGE_AGENT_API_KEY": "y"])
        } throws: { error in
            "\(error)".contains("sage.auth.api_key_env / sage.auth.api_key_vault")
        }
    }

    @Test("neither source is an error whose hint names both keys")
    func neitherSource() throws {
        let folder = try Folder()
        try folder.write([("  client_secret_env: PROCORE_CLIENT_SECRET\n", "")])
        #expect {
            try folder.load()
        } throws: { error in
            guard let error = error as? ConfigurationError, case .missingKey(_, "procore.client_secret_env", let hint) = error else { return false }
            return hint.contains("client_secret_vault")
        }
    }

    @Test("a missing entry names the key, the entry and the command that stores it")
    func missingEntry() throws {
        let folder = try Folder()
        try folder.write([("client_secret_env: PROCORE_CLIENT_SECRET", "client_secret_vault: procore-secret-typo")])
        #expect {
            try folder.load()
        } throws: { error in
            let text = "\(error)"
            return text.contains("procore.client_secret_vault") && text.contains("no entry 'procore-secret-typo'")
                && text.contains("ml-connector secrets set procore-secret-typo")
        }
    }

    @Test("a wrong key from ML_CONNECTOR_VAULT_KEY is refused with the vault's message")
    func wrongKey() throws {
        let folder = try Folder()
        try folder.write(Self.allFromVault)
        let wrong = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        #expect {
            try folder.load(environment: [VaultKey.environmentVariable: wrong])
        } throws: { error in
            let text = "\(error)"
            return text.contains("sealed with another key") && text.contains("ML_CONNECTOR_VAULT_KEY") && !text.contains(wrong)
        }
    }

    @Test("without requireSecrets the vault is not opened (no vault, no key: still loads)")
    func notRequired() throws {
        let folder = try Folder(withVault: false)
        try folder.write(Self.allFromVault)
        let configuration = try folder.load(requireSecrets: false)
        #expect(configuration.base.procore.clientSecret == nil)
        #expect(configuration.sage.apiKey == nil)
        #expect(configuration.ebusiness?.password == nil)
        #expect(throws: ConfigurationError.self) { try configuration.sage.agentConfiguration(file: folder.file) }
        // With secrets required, the missing key says how to create it.
        #expect {
            try folder.load()
        } throws: { error in
            "\(error)".contains("ml-connector secrets init")
        }
    }

    @Test("a vault readable by others is refused at load with the chmod to run")
    func openVault() throws {
        let folder = try Folder()
        try folder.write(Self.allFromVault)
        let vault = folder.url.appendingPathComponent("secrets.vault").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: vault)
        #expect {
            try folder.load()
        } throws: { error in
            "\(error)".contains("chmod 600 \(vault)")
        }
    }
}
