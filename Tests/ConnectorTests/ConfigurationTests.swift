import Foundation
import Procore
import Testing
@testable import Connector

@Suite("Connector configuration")
struct ConfigurationTests {
    static let valid = """
        procore:
          environment: custom
          api_base_url: http://127.0.0.1:4010/
          auth_base_url: http://127.0.0.1:4011
          company_id: 4264807
          client_id: sandbox-client
          client_secret_env: PROCORE_CLIENT_SECRET
          per_page: 500
          max_concurrency: 3
          projects: [101, 5000000001]
        ledger:
          path: data/ml-connector.sqlite
        staging:
          dir: /var/tmp/staging
        """
    static let env = ["PROCORE_CLIENT_SECRET": "s3cr3t-value"]

    /// Writes `yaml` to `<temp>/conf/connector.yml` and loads it.
    func load(_ yaml: String, environment: [String: String] = env, requireSecrets: Bool = true) throws -> ConnectorConfiguration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-test-\(UUID().uuidString)/conf")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let file = folder.appendingPathComponent("connector.yml")
        try Data(yaml.utf8).write(to: file)
        return try ConnectorConfiguration.load(path: file.path, environment: environment, requireSecrets: requireSecrets)
    }

    func expectError(_ yaml: String, environment: [String: String] = env,
                     _ check: (ConfigurationError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try load(yaml, environment: environment)
            Issue.record("loaded without error", sourceLocation: sourceLocation)
        } catch let error as ConfigurationError {
            #expect(check(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains("connector.yml"), "message names the file: \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a complete file loads; relative paths follow the file's folder; the secret comes from the environment")
    func validFile() throws {
        let config = try load(Self.valid)
        #expect(config.procore.environment == .custom(apiBaseURL: "http://127.0.0.1:4010", authBaseURL: "http://127.0.0.1:4011"))
        #expect(config.procore.apiBaseURL == "http://127.0.0.1:4010")
        #expect(config.procore.companyID == 4_264_807)
        #expect(config.procore.clientID == "sandbox-client")
        #expect(config.procore.clientSecret == "s3cr3t-value")
        #expect(config.procore.perPage == 500)
        #expect(config.procore.maxConcurrency == 3)
        #expect(config.procore.projects == [101, 5_000_000_001])
        #expect(config.ledgerPath.hasSuffix("/conf/data/ml-connector.sqlite"))
        #expect(config.ledgerPath.hasPrefix("/"))
        #expect(config.stagingDirectory == "/var/tmp/staging")
        #expect(!config.description.contains("s3cr3t-value"))
        #expect(!"\(config.procore)".contains("s3cr3t-value"))
        let client = try config.procore.clientConfiguration(file: config.file)
        #expect(client.clientSecret == "s3cr3t-value")
        #expect(client.perPage == 500)
        #expect(client.maxConcurrentRequests == 3)
    }

    @Test("defaults: production hosts, per_page 1000, 4 in flight, ledger and staging next to the file")
    func defaults() throws {
        let config = try load("""
            procore:
              environment: production
              company_id: 12
              client_id: abc
              client_secret_env: PROCORE_CLIENT_SECRET
            """)
        #expect(config.procore.apiBaseURL == "https://api.procore.com")
        #expect(config.procore.authBaseURL == "https://login.procore.com")
        #expect(config.procore.perPage == 1000)
        #expect(config.procore.maxConcurrency == 4)
        #expect(config.procore.projects == nil)
        #expect(config.ledgerPath.hasSuffix("/conf/ml-connector.sqlite"))
        #expect(config.stagingDirectory.hasSuffix("/conf/staging"))
        let monthly = try load(Self.valid.replacingOccurrences(of: "environment: custom", with: "environment: monthly")
            .replacingOccurrences(of: "  api_base_url: http://127.0.0.1:4010/\n", with: "")
            .replacingOccurrences(of: "  auth_base_url: http://127.0.0.1:4011\n", with: ""))
        #expect(monthly.procore.apiBaseURL == "https://api-monthly.procore.com")
        #expect(monthly.procore.authBaseURL == "https://login-sandbox-monthly.procore.com")
    }

    @Test("thousands of nesting levels are refused with a message, never a stack overflow", arguments: [
        "procore: " + String(repeating: "[", count: 20_000),
        "procore:\n" + (1...1_000).map { String(repeating: " ", count: $0) + "a:\n" }.joined(),
        "procore:\n" + String(repeating: "- ", count: 20_000) + "x\n",
        "procore: " + String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000),
    ])
    func deepNesting(_ yaml: String) {
        do {
            _ = try RunConfiguration.parse(yaml: yaml, file: "connector.yml", baseDirectory: "/tmp", environment: [:], requireSecrets: false)
            Issue.record("a configuration thousands of levels deep was accepted")
        } catch let error as ConfigurationError {
            guard case .invalidYAML(let file, _, let reason) = error else { Issue.record("\(error)"); return }
            #expect(file == "connector.yml")
            #expect(reason.contains("nests more than 64 levels deep"), "\(reason)")
        } catch {
            Issue.record("untyped: \(error)")
        }
    }

    @Test("unknown keys are named with the file, at the top and inside sections")
    func unknownKeys() {
        expectError(Self.valid + "\nsage_agent:\n  company: ABC\n") {
            if case .unknownKey(_, "sage_agent", _, let known) = $0 { return known == RunConfiguration.topKeys }
            return false
        }
        // The pull does not need the sage section, but a misspelt key in it is still an error.
        expectError(Self.valid + "\nsage:\n  base_urll: http://127.0.0.1:4020\n") {
            if case .unknownKey(_, "sage.base_urll", _, _) = $0 { return true }
            return false
        }
        expectError(Self.valid.replacingOccurrences(of: "per_page:", with: "perpage:")) {
            if case .unknownKey(_, "procore.perpage", let line, _) = $0 { return line == 8 }
            return false
        }
        expectError(Self.valid.replacingOccurrences(of: "  dir: /var/tmp/staging", with: "  folder: x")) {
            if case .unknownKey(_, "staging.folder", _, _) = $0 { return true }
            return false
        }
    }

    @Test("the pull reads its sections from the whole connector.yml of a pay cycle, without the files or secrets the others name")
    func wholeFileForThePull() throws {
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates/connector.yml")
        let yaml = try String(contentsOf: template, encoding: .utf8)
        // The template names cost-codes.csv and a Sage API key variable; neither exists here.
        let config = try load(yaml)
        #expect(config.procore.companyID == 1_234_567)
        #expect(config.procore.clientSecret == "s3cr3t-value")
        #expect(config.stagingDirectory.hasSuffix("/conf/staging"))
        // The pay cycle needs the mapping table the template names, so it refuses the same file here.
        #expect(throws: MappingConfigurationError.self) {
            try RunConfiguration.parse(yaml: yaml, file: "connector.yml", baseDirectory: NSTemporaryDirectory() + UUID().uuidString,
                                       environment: Self.env, requireSecrets: false)
        }
    }

    @Test("missing required keys say which key and how to set it")
    func missingKeys() {
        for key in ["company_id", "client_id", "client_secret_env", "environment"] {
            let yaml = Self.valid.split(separator: "\n").filter { !$0.contains("  \(key):") }.joined(separator: "\n")
            expectError(yaml) {
                if case .missingKey(_, let name, let hint) = $0 { return name == "procore.\(key)" && !hint.isEmpty }
                return false
            }
        }
        expectError("ledger:\n  path: x.sqlite\n") {
            if case .missingKey(_, "procore", _) = $0 { return true }
            return false
        }
        expectError("") {
            if case .missingKey(_, "procore", _) = $0 { return true }
            return false
        }
        expectError(Self.valid.replacingOccurrences(of: "  api_base_url: http://127.0.0.1:4010/\n", with: "")) {
            if case .missingKey(_, "procore.api_base_url", let hint) = $0 { return hint.contains("custom") }
            return false
        }
    }

    @Test("a missing secret names the environment variable, never a value")
    func missingSecret() throws {
        expectError(Self.valid, environment: [:]) {
            if case .missingSecret(_, _, "PROCORE_CLIENT_SECRET") = $0 {
                return $0.description.contains("procore.client_secret_env") && !$0.description.contains("PROCORE_CLIENT_SECRET")
            }
            return false
        }
        expectError(Self.valid, environment: ["PROCORE_CLIENT_SECRET": ""]) {
            if case .missingSecret = $0 { return true }
            return false
        }
        // A secret pasted where the variable name belongs is refused without echoing more than the key.
        expectError(Self.valid.replacingOccurrences(of: "client_secret_env: PROCORE_CLIENT_SECRET", with: "client_secret_env: a-b/c=d")) {
            if case .invalidValue(_, "procore.client_secret_env", _, _) = $0 { return true }
            return false
        }
        // A secret that looks like a variable name is never echoed either.
        let pasted = "sk_live_9f8a7b6c5d4e3f2a1b0c"
        expectError(Self.valid.replacingOccurrences(of: "client_secret_env: PROCORE_CLIENT_SECRET", with: "client_secret_env: \(pasted)"),
                    environment: [:]) {
            if case .missingSecret = $0 { return !$0.description.contains(pasted) && !"\($0)".contains("9f8a7b6c") }
            return false
        }
        // Commands that never call Procore can load without the secret; asking for the client then fails.
        let deferred = try load(Self.valid, environment: [:], requireSecrets: false)
        #expect(deferred.procore.clientSecret == nil)
        #expect(throws: ConfigurationError.missingSecret(file: deferred.file, key: "procore.client_secret_env", variable: "PROCORE_CLIENT_SECRET")) {
            _ = try deferred.procore.clientConfiguration(file: deferred.file)
        }
    }

    @Test("wrong values name the key, the value and what is expected")
    func invalidValues() {
        let cases: [(String, String, String)] = [
            ("environment: custom", "environment: prod", "procore.environment"),
            ("company_id: 4264807", "company_id: abc", "procore.company_id"),
            ("company_id: 4264807", "company_id: -5", "procore.company_id"),
            ("per_page: 500", "per_page: 0", "procore.per_page"),
            ("per_page: 500", "per_page: 20000", "procore.per_page"),
            ("max_concurrency: 3", "max_concurrency: many", "procore.max_concurrency"),
            ("projects: [101, 5000000001]", "projects: [101, x]", "procore.projects[1]"),
            ("projects: [101, 5000000001]", "projects: 101", "procore.projects"),
            ("api_base_url: http://127.0.0.1:4010/", "api_base_url: ftp://host", "procore.api_base_url"),
        ]
        for (from, to, key) in cases {
            expectError(Self.valid.replacingOccurrences(of: from, with: to)) {
                if case .invalidValue(_, let name, _, let expected) = $0 { return name == key && !expected.isEmpty }
                return false
            }
        }
    }

    @Test("duplicate keys, bad YAML and a missing file are clear errors")
    func malformed() {
        expectError(Self.valid + "\nledger:\n  path: other.sqlite\n") {
            if case .duplicateKey(_, "ledger", _) = $0 { return true }
            return false
        }
        expectError("procore:\n  environment: [unclosed\n") {
            if case .invalidYAML(_, let line, _) = $0 { return line != nil }
            return false
        }
        expectError("- a\n- b\n") {
            if case .invalidValue(_, "(top level)", _, _) = $0 { return true }
            return false
        }
        let path = "/nonexistent-\(UUID().uuidString)/connector.yml"
        #expect(throws: ConfigurationError.fileNotFound(path: path)) {
            _ = try ConnectorConfiguration.load(path: path, environment: Self.env)
        }
    }

    @Test("a configuration path that is a folder says so, and what to pass instead")
    func configurationPathIsAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            _ = try RunConfiguration.load(path: folder, requireSecrets: false)
            Issue.record("a folder was read as a configuration")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("it is a folder, not a file"))
            #expect(!error.description.contains("NSCocoaErrorDomain"))
        }
    }
}
