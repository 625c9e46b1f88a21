import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// Owner billings as sales orders: the transform company of ``TransformWorld`` with
/// `owner_billing: sales_order`, and (for posting) a Sage agent simulator on a loopback port
/// reached through the real agent client and its eBusiness relay.
final class SalesOrderWorld: @unchecked Sendable {
    static let password = "sandbox-password"
    static let run1 = "20261129T030000Z-soa"
    static let run2 = "20261129T040000Z-sob"

    let world: TransformWorld
    var harness: PostHarness?

    /// `customers`: the `mapping.customers` YAML (indented under it).
    init(customers: String = "    create_missing: true\n    number_scheme: { prefix: \"OWN\", width: 6 }\n    terms_code: \"30\"\n",
         ebusiness: Bool = true) throws {
        world = try TransformWorld()
        let yaml = TransformWorld.mappingYAML.replacingOccurrences(of: "CREATE", with: "true")
            + "\n  owner_billing: sales_order\n  ar_division: \"00\"\n  customers:\n" + customers
            + "  sales_orders: { item_code: \"/PROGRESS\", item_type: \"3\" }\n"
        world.mapping = try MappingConfiguration.parse(yaml: yaml, file: "connector.yml", baseDirectory: nil)
        if ebusiness {
            try world.mapping.attachEBusiness(namespace: EBusinessConfiguration.sandboxNamespaceURI, username: "webservice")
        }
    }

    func startSage() async throws -> PostHarness {
        let h = try await PostHarness()
        harness = h
        return h
    }

    func shutdown() async { await harness?.shutdown() }

    var access: EBusinessAccess {
        get throws {
            EBusinessAccess(configuration: try EBusinessConfiguration(endpointURL: "https://127.0.0.1/ebusiness", companyCode: "ABC",
                                                                      username: "webservice"),
                            password: Secret(Self.password))
        }
    }

    func poster(checkpoint: (@Sendable (PostCheckpoint) throws -> Void)? = nil) throws -> Poster {
        let h = try #require(harness)
        return Poster(ledger: world.ledger, agent: h.agent,
                      options: PostOptions(outboxRoot: world.outboxRoot, checkpoint: checkpoint, ebusiness: try access))
    }

    var relay: EBusinessRelay {
        get throws { EBusinessRelay(agent: try #require(harness).agent, access: try access) }
    }

    /// Stages and transforms pay apps; returns the summary.
    func transform(_ payApps: [String], run: String = SalesOrderWorld.run1) throws -> TransformSummary {
        try world.transform(try world.stage(run, ["payment_applications": payApps]))
    }

    /// Every file under the outbox, read as bytes.
    func outboxFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = world.outboxRoot
        for path in FileManager.default.enumerator(atPath: root)?.compactMap({ $0 as? String }) ?? [] {
            var isDirectory: ObjCBool = false
            let full = root + "/" + path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return files
    }

    func record(_ key: String) throws -> LedgerRecord {
        try #require(try world.ledger.liveRecord(idempotencyKey: key))
    }
}
