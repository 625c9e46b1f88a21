import Foundation
import Hosting
import Yams

/// `tenants.yml`: the companies one hosted deployment serves, each with its own
/// `connector.yml` (its own Procore company, Sage agent and company, ledger, outbox, inbox and
/// secrets), and the lease store every worker shares.
///
/// ```yaml
/// leases:
///   store: postgres://ml@db.internal/connector   # or a file: leases.sqlite (workers on one machine)
///   seconds: 30                                  # a dead worker's companies are taken over after this
/// tenants:
///   - name: acme-builders
///     config: acme-builders/connector.yml
///   - name: ridge-civil
///     config: ridge-civil/connector.yml
/// ```
///
/// A tenant's records, reports and secrets are reached only through its own configuration:
/// two tenants may not share a configuration, a ledger, an outbox or an inbox.
public struct TenantsFile: Sendable {
    public struct Tenant: Sendable, Equatable {
        /// The company's name: its lease, its lines in the log and the metrics.
        public var name: String
        /// Its `connector.yml`.
        public var configPath: String
    }

    public var file: String
    public var store: LeaseStoreLocation
    /// How long a lease lasts unless renewed (renewed every third of it while working).
    public var leaseSeconds: Int
    public var tenants: [Tenant]

    public static let topKeys = ["leases", "tenants"]
    public static let leaseKeys = ["store", "seconds"]
    public static let tenantKeys = ["name", "config"]

    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TenantsFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError.unreadable(path: path, reason: "there is no tenants file there. Write one listing the lease store and each company's connector.yml (docs/hosting.md shows one), then pass it with --tenants")
        }
        let text = try ConfigurationError.readText(path)
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try parse(yaml: text, file: path, baseDirectory: folder, environment: environment)
    }

    public static func parse(yaml: String, file: String, baseDirectory: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TenantsFile {
        let reader = RunConfigurationReader(file: file, baseDirectory: baseDirectory, environment: environment)
        guard let root = try reader.compose(yaml) else {
            throw ConfigurationError.missingKey(file: file, key: "tenants", hint: "The file is empty; list the companies under 'tenants:' (see docs/hosting.md).")
        }
        let top = try reader.keyed(root, key: "(top level)", known: topKeys)
        guard let leasesNode = top["leases"] else {
            throw ConfigurationError.missingKey(file: file, key: "leases", hint: "Add 'leases: { store: leases.sqlite }' (one machine) or 'leases: { store: postgres://user@host/database }'.")
        }
        let leases = try reader.keyed(leasesNode, key: "leases", known: leaseKeys)
        guard let storeNode = leases["store"] else {
            throw ConfigurationError.missingKey(file: file, key: "leases.store", hint: "A file path (SQLite) or postgres://user@host/database.")
        }
        let storeText = try reader.text(storeNode, key: "leases.store")
        let store: LeaseStoreLocation
        do {
            store = try LeaseStoreLocation.parse(storeText, relativeTo: baseDirectory, environment: environment)
        } catch let error as LeaseError {
            throw ConfigurationError.invalidValue(file: file, key: "leases.store", value: storeText.hasPrefix("postgres") ? "postgres://…" : storeText,
                                                  expected: "\(error)")
        }
        let seconds = try leases["seconds"].map { try reader.int($0, key: "leases.seconds", 2...3600) } ?? 30

        guard let list = top["tenants"]?.sequence, !list.isEmpty else {
            throw ConfigurationError.invalidValue(file: file, key: "tenants", value: top["tenants"]?.string ?? "(nothing)",
                                                  expected: "a list of companies, each '- name: … config: …/connector.yml'")
        }
        var tenants: [Tenant] = []
        var names: Set<String> = []
        var configs: Set<String> = []
        for (index, node) in list.enumerated() {
            let key = "tenants[\(index + 1)]"
            let fields = try reader.keyed(node, key: key, known: tenantKeys)
            guard let nameNode = fields["name"] else {
                throw ConfigurationError.missingKey(file: file, key: key + ".name", hint: "Name the company (letters, digits, '.', '-', '_').")
            }
            let name = try reader.text(nameNode, key: key + ".name")
            guard name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw ConfigurationError.invalidValue(file: file, key: key + ".name", value: name,
                                                      expected: "up to 64 letters, digits, '.', '-' or '_'")
            }
            guard names.insert(name).inserted else {
                throw ConfigurationError.invalidValue(file: file, key: key + ".name", value: name, expected: "a name no other tenant has")
            }
            guard let configNode = fields["config"] else {
                throw ConfigurationError.missingKey(file: file, key: key + ".config", hint: "The path of \(name)'s connector.yml.")
            }
            let config = reader.resolve(try reader.text(configNode, key: key + ".config"))
            guard FileManager.default.fileExists(atPath: config) else {
                throw ConfigurationError.invalidValue(file: file, key: key + ".config", value: config,
                                                      expected: "a connector.yml that exists (relative paths start at the tenants file's folder)")
            }
            guard configs.insert(config).inserted else {
                throw ConfigurationError.invalidValue(file: file, key: key + ".config", value: config,
                                                      expected: "a configuration of \(name)'s own (each tenant has its own connector.yml)")
            }
            tenants.append(Tenant(name: name, configPath: config))
        }
        return TenantsFile(file: file, store: store, leaseSeconds: seconds, tenants: tenants)
    }

    /// Tenants whose configuration names a ledger, outbox, inbox or staging folder that an
    /// earlier tenant of the file already uses, with why: serving them would make one
    /// tenant's records reachable through another's configuration. A configuration that
    /// cannot be read is left out here (the worker reports it when it tries to serve it).
    public func clashes(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var owners: [String: String] = [:]
        var clashes: [String: String] = [:]
        for tenant in tenants {
            guard let configuration = try? RunConfiguration.load(path: tenant.configPath, environment: environment,
                                                                 requireSecrets: false) else { continue }
            var places = [("ledger", configuration.ledgerPath), ("outbox", configuration.outboxDirectory),
                          ("inbox", configuration.inboxDirectory), ("staging", configuration.stagingDirectory)]
                .map { (what: $0.0, shown: $0.1, key: $0.0 + ":" + URL(fileURLWithPath: $0.1).standardizedFileURL.path) }
            if let url = configuration.ledgerURL {
                // One PostgreSQL schema per company: the same database and schema is the same ledger.
                places.append((what: "ledger database", shown: url.redacted,
                               key: "ledger database:\(url.endpoint)/\(url.database)/\(url.schema ?? "public")"))
            }
            for place in places {
                if let other = owners[place.key] {
                    clashes[tenant.name] = "its \(place.what) \(place.shown) is \(other)'s too; give \(tenant.name) a \(place.what) of its own "
                        + "in \(tenant.configPath) (tenants never share records)"
                    break
                }
            }
            guard clashes[tenant.name] == nil else { continue }
            for place in places { owners[place.key] = tenant.name }
        }
        return clashes
    }
}
