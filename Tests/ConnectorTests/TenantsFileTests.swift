@testable import Connector
import Foundation
import Hosting
import Testing

@Suite("Tenants file")
struct TenantsFileTests {
    /// A folder with `connector.yml` files for the names given (their content is not read here).
    static func folder(_ names: [String]) throws -> String {
        let folder = NSTemporaryDirectory() + "tenants-\(UUID().uuidString)"
        for name in names {
            try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
            try Data("procore: {}\n".utf8).write(to: URL(fileURLWithPath: folder + "/\(name)/connector.yml"))
        }
        return folder
    }

    @Test("the lease store, its length and each tenant's configuration, relative to the file's folder")
    func reads() throws {
        let folder = try Self.folder(["acme", "ridge"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try TenantsFile.parse(yaml: """
            leases:
              store: leases.sqlite
              seconds: 12
            tenants:
              - name: acme
                config: acme/connector.yml
              - name: ridge
                config: ridge/connector.yml
            """, file: "tenants.yml", baseDirectory: folder)
        #expect(file.store == .sqlite(path: folder + "/leases.sqlite"))
        #expect(file.leaseSeconds == 12)
        #expect(file.tenants.map(\.name) == ["acme", "ridge"])
        #expect(file.tenants.map(\.configPath) == [folder + "/acme/connector.yml", folder + "/ridge/connector.yml"])
    }

    @Test("mistakes are refused with the key to fix", arguments: [
        ("leases: {store: l.sqlite}\ntenants: []", "tenants"),
        ("tenants:\n  - {name: acme, config: acme/connector.yml}", "leases"),
        ("leases: {store: l.sqlite, seconds: 1}\ntenants:\n  - {name: acme, config: acme/connector.yml}", "leases.seconds"),
        ("leases: {store: l.sqlite, sconds: 30}\ntenants:\n  - {name: acme, config: acme/connector.yml}", "leases.sconds"),
        ("leases: {store: 'postgres://ml:pw@db/c'}\ntenants:\n  - {name: acme, config: acme/connector.yml}", "leases.store"),
        ("leases: {store: l.sqlite}\ntenants:\n  - {name: 'acme corp', config: acme/connector.yml}", "tenants[1].name"),
        ("leases: {store: l.sqlite}\ntenants:\n  - {name: acme, config: acme/connector.yml}\n  - {name: acme, config: ridge/connector.yml}", "tenants[2].name"),
        ("leases: {store: l.sqlite}\ntenants:\n  - {name: acme, config: acme/connector.yml}\n  - {name: ridge, config: acme/connector.yml}", "tenants[2].config"),
        ("leases: {store: l.sqlite}\ntenants:\n  - {name: acme, config: missing/connector.yml}", "tenants[1].config"),
    ])
    func refused(yaml: String, key: String) throws {
        let folder = try Self.folder(["acme", "ridge"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            _ = try TenantsFile.parse(yaml: yaml, file: "tenants.yml", baseDirectory: folder, environment: [:])
            Issue.record("accepted: \(yaml)")
        } catch let error as ConfigurationError {
            #expect("\(error)".contains(key), "\(error)")
            #expect(!"\(error)".contains("pw@"), "the password is never repeated: \(error)")
            #expect(ExitStatus(of: error) == .configuration)
        }
    }
}
