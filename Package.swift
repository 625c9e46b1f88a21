// swift-tools-version:6.0
// ml-connector: Procore to Sage 100 batch connector.
// One target per module; dependencies point downward (see docs/ARCHITECTURE.md).
import PackageDescription

let package = Package(
    name: "ml-connector",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ml-connector", targets: ["ml-connector"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // System library shims.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // JSON: one JSON value (numbers keep their exact text, objects their key order), its
        // scanner and its Codable bridge; shared by the Procore and Sage 100 sides.
        .target(name: "JSON"),
        // Money: the one exact money type, parser and formatter of decimal amounts.
        .target(name: "Money"),
        // HTTP: libcurl client (TLS, mTLS, timeouts), async API.
        .target(name: "HTTP", dependencies: ["CCurl"]),
        // XML: libxml2 wrapper, Foundation-free.
        .target(name: "XML", dependencies: ["CLibXML2"]),
        // SQLSupport: what the SQLite and PostgreSQL stores share: the dialects, one schema
        // description rendered for each, PostgreSQL URLs (TLS on, password from the environment).
        .target(name: "SQLSupport", dependencies: [
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Ledger: the system of record on SQLite (GRDB, the default) or PostgreSQL (hosted),
        // migrations, record state machine.
        .target(name: "Ledger", dependencies: [
            "Money", "JSON", "SQLSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C calls, to bind a statement's values without boxing each one.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Hosting: many companies on shared workers: company leases and post locks on SQLite
        // (one machine) or PostgreSQL (many), one schema description for both.
        .target(name: "Hosting", dependencies: [
            "SQLSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Vault: encrypted credentials.
        .target(name: "Vault", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Procore: REST client, OAuth, pagination, rate limits, models.
        .target(name: "Procore", dependencies: [
            "HTTP", "JSON", "Money",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Sage100: models, account structure, VI batch writer, SOAP envelopes, agent client.
        .target(name: "Sage100", dependencies: [
            "HTTP", "XML", "Vault", "JSON", "Money",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Sandbox: Procore sandbox + Sage 100 agent simulator (Hummingbird).
        .target(name: "Sandbox", dependencies: [
            "XML", "Sage100", "Procore", "JSON",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Connector: pipeline stages, mapping, validation, reconciliation, replay.
        .target(name: "Connector", dependencies: [
            "Procore", "Sage100", "Ledger", "Vault", "HTTP", "JSON", "Money", "Hosting", "SQLSupport",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Collections", package: "swift-collections"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // Benchmarks: throughput and memory figures printed by `ml-connector bench`.
        .target(name: "Benchmarks", dependencies: [
            "Connector", "Sandbox", "Procore", "Sage100", "HTTP", "Ledger", "XML", "Demo", "JSON", "Hosting",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Demo: both sandboxes in-process and a scripted pay cycle with a correction.
        .target(name: "Demo", dependencies: [
            "Connector", "Sandbox", "Procore", "Sage100", "Ledger", "HTTP",
        ]),
        // ConnectorTesting: what the test targets share: the one Procore sandbox harness, the
        // in-memory Procore source. Public API only (builds in release).
        .target(name: "ConnectorTesting", dependencies: ["Procore", "Sandbox", "HTTP"]),
        // The command-line tool: parses, calls, prints.
        .executableTarget(name: "ml-connector", dependencies: [
            "Connector", "Vault", "Sandbox", "Benchmarks", "Demo", "HTTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "HTTPTests", dependencies: [
            "HTTP", "Sandbox",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "XMLTests", dependencies: ["XML"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "MoneyTests", dependencies: ["Money"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "SQLSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VaultTests", dependencies: ["Vault"]),
        .testTarget(name: "HostingTests", dependencies: ["Hosting", "SQLSupport"]),
        .testTarget(name: "ProcoreTests", dependencies: ["Procore", "Sandbox", "HTTP", "JSON", "ConnectorTesting"]),
        .testTarget(name: "Sage100Tests", dependencies: ["Sage100", "Sandbox", "HTTP", "XML"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "Procore", "Sage100", "HTTP", "JSON", "ConnectorTesting"],
                    resources: [.copy("Contract")]),
        .testTarget(name: "ConnectorTests", dependencies: ["Connector", "Vault", "Sandbox", "Ledger", "Procore", "Sage100", "HTTP", "Demo", "JSON",
                                                            "ConnectorTesting", "Money", "Hosting", "SQLSupport"]),
        // CLITests: run the built `ml-connector` as a child process and check the exit code
        // table, and that messages name real commands and configuration keys.
        .testTarget(name: "CLITests", dependencies: ["Connector", "Sandbox", "Demo", "HTTP", "Benchmarks", "Ledger"]),
    ],
    swiftLanguageModes: [.v6]
)
