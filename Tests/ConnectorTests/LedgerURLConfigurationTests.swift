import Foundation
import SQLSupport
import Testing
@testable import Connector

/// `ledger.url`: the ledger in PostgreSQL, its password never in the file.
@Suite("Connector configuration: a PostgreSQL ledger")
struct LedgerURLConfigurationTests {
    let base = ConfigurationTests()

    func yaml(_ ledger: String) -> String {
        ConfigurationTests.valid.replacingOccurrences(of: "  path: data/ml-connector.sqlite", with: ledger)
    }

    @Test("ledger.url names the database; the password comes from the variable password_env names, TLS stays verified")
    func passwordFromNamedVariable() throws {
        var environment = ConfigurationTests.env
        environment["LEDGER_DB_PASSWORD"] = "pg-s3cret"
        environment["PGPASSWORD"] = "not-this-one"
        let config = try base.load(yaml("""
              path: data/ml-connector.sqlite
              url: postgres://ml@db.example.com:6432/connector?schema=company_7
              password_env: LEDGER_DB_PASSWORD
            """), environment: environment)
        let url = try #require(config.ledgerURL)
        #expect(url.endpoint == .tcp(host: "db.example.com", port: 6432))
        #expect(url.user == "ml" && url.database == "connector" && url.schema == "company_7")
        #expect(url.tls == .verifyFull)
        #expect(url.password == "pg-s3cret")
        #expect(!config.description.contains("pg-s3cret") && !url.redacted.contains("pg-s3cret"))
        #expect(config.ledgerPath.hasSuffix("/conf/data/ml-connector.sqlite"), "the lock files are still named after ledger.path")
    }

    @Test("without ledger.url the ledger is the SQLite file")
    func sqliteByDefault() throws {
        #expect(try base.load(ConfigurationTests.valid).ledgerURL == nil)
    }

    @Test("a URL carrying a password, a URL that is not PostgreSQL, or a password without a URL is refused by key")
    func refusals() {
        base.expectError(yaml("  url: postgres://ml:hunter2@db.example.com/connector")) { error in
            guard case .invalidValue(_, "ledger.url", let value, let expected) = error else { return false }
            return !value.contains("hunter2") && !error.description.contains("hunter2") && expected.contains("PGPASSWORD")
        }
        base.expectError(yaml("  url: mysql://ml@db.example.com/connector")) { error in
            guard case .invalidValue(_, "ledger.url", _, let expected) = error else { return false }
            return expected.contains("postgres://")
        }
        base.expectError(yaml("  url: postgres://ml@db.example.com/connector?schema=Bad-Name")) { error in
            guard case .invalidValue(_, "ledger.url", _, let expected) = error else { return false }
            return expected.contains("schema=")
        }
        base.expectError(yaml("  password_env: LEDGER_DB_PASSWORD"), environment: ConfigurationTests.env.merging(["LEDGER_DB_PASSWORD": "x"]) { $1 }) { error in
            guard case .missingKey(_, "ledger.url", _) = error else { return false }
            return true
        }
        base.expectError(yaml("  url: postgres://ml@db.example.com/connector\n  password_env: LEDGER_DB_PASSWORD")) { error in
            guard case .missingSecret(_, "ledger.password_env", _) = error else { return false }
            return true
        }
    }
}
