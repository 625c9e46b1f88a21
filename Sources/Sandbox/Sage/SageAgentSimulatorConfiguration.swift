import Foundation
import Sage100

/// How a ``SageAgentSimulator`` behaves.
public struct SageAgentSimulatorConfiguration: Sendable {
    /// Address to bind; loopback only.
    public var host: String
    /// Port to bind; 0 picks a free one (read it from ``SageAgentSimulator/port``).
    public var port: Int
    /// The one company served, e.g. "ABC".
    public var company: String
    public var companyName: String
    /// Seed of the injected-lock random sequence.
    public var seed: UInt64
    /// Probability (0...1) that a record write meets a record lock and answers `locked`.
    public var lockRate: Double
    /// When set, the whole module locks every `moduleLockEvery` (first lock one period after
    /// start) for `moduleLockDuration`: imports answer 423 + Retry-After meanwhile.
    public var moduleLockEvery: Duration?
    public var moduleLockDuration: Duration
    /// Time each record write takes (models COM); writes of a company are serialised.
    public var writeLatency: Duration
    /// When set, every /v1 request needs `Authorization: Bearer <apiKey>`.
    public var apiKey: String?
    /// Serve HTTPS with these files; nil serves plain HTTP.
    public var tls: SageAgentSimulatorTLS?
    /// Require a client certificate signed by `tls.caCertificatePath` (mutual TLS).
    public var mtls: Bool
    /// SQLite file of the simulated Sage tables; nil uses a fresh temporary file.
    public var databasePath: String?
    /// ``databasePath`` for Sage tables held in memory (gone with the process).
    public static let inMemory = ":memory:"
    /// eBusiness Web Services logon.
    public var ebusinessUsername: String
    public var ebusinessPassword: String
    /// Namespace of the eBusiness operation elements (an installation's `?wsdl` says which).
    public var ebusinessNamespace: String
    /// Largest accepted request body.
    public var maxBodyBytes: Int
    /// Answers as a hostile peer would (one of ``HostileAnswer/sage``): the body modes on every
    /// `/v1` request, the SOAP modes on eBusiness calls; nil answers as the agent does.
    public var hostile: HostileAnswer? = nil

    public init(host: String = "127.0.0.1", port: Int = 0, company: String = "ABC",
                companyName: String = "ABC Construction Co.", seed: UInt64 = 1, lockRate: Double = 0,
                moduleLockEvery: Duration? = nil, moduleLockDuration: Duration = .seconds(30),
                writeLatency: Duration = .zero, apiKey: String? = nil, tls: SageAgentSimulatorTLS? = nil,
                mtls: Bool = false, databasePath: String? = nil, ebusinessUsername: String = "webservice",
                ebusinessPassword: String = "sandbox-password",
                ebusinessNamespace: String = EBusinessConfiguration.sandboxNamespaceURI, maxBodyBytes: Int = 32 * 1024 * 1024) {
        self.host = host
        self.port = port
        self.company = company
        self.companyName = companyName
        self.seed = seed
        self.lockRate = lockRate
        self.moduleLockEvery = moduleLockEvery
        self.moduleLockDuration = moduleLockDuration
        self.writeLatency = writeLatency
        self.apiKey = apiKey
        self.tls = tls
        self.mtls = mtls
        self.databasePath = databasePath
        self.ebusinessUsername = ebusinessUsername
        self.ebusinessPassword = ebusinessPassword
        self.ebusinessNamespace = ebusinessNamespace
        self.maxBodyBytes = maxBodyBytes
    }

    /// Checks the settings; throws naming the setting and the fix.
    public func validate() throws {
        guard company.count == 3, company.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw SageAgentSimulatorError.invalidConfiguration("company '\(company)' must be 3 letters or digits, e.g. ABC")
        }
        guard (0...1).contains(lockRate) else {
            throw SageAgentSimulatorError.invalidConfiguration("lockRate \(lockRate) must be between 0 and 1")
        }
        guard (0...65535).contains(port) else {
            throw SageAgentSimulatorError.invalidConfiguration("port \(port) must be 0 (any free port) to 65535")
        }
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" else {
            throw SageAgentSimulatorError.invalidConfiguration("host '\(host)' is not loopback; the simulator binds 127.0.0.1, localhost or ::1 only")
        }
        if let every = moduleLockEvery, every <= .zero {
            throw SageAgentSimulatorError.invalidConfiguration("moduleLockEvery must be a positive duration")
        }
        if mtls && tls?.caCertificatePath == nil {
            throw SageAgentSimulatorError.invalidConfiguration("mtls needs tls with a CA certificate to verify clients (tls.caCertificatePath)")
        }
        if let hostile, !HostileAnswer.sage.contains(hostile) {
            throw SageAgentSimulatorError.invalidConfiguration(
                "hostile '\(hostile)' is not a mode of the agent; use one of " + HostileAnswer.sage.map(\.rawValue).joined(separator: ", "))
        }
        if let apiKey, apiKey.isEmpty {
            throw SageAgentSimulatorError.invalidConfiguration("apiKey is empty; pass nil for no key or a non-empty key")
        }
    }
}

/// Server certificate, key and (for mutual TLS) the CA that signs client certificates.
public struct SageAgentSimulatorTLS: Sendable, Equatable {
    public var certificatePath: String
    public var privateKeyPath: String
    public var caCertificatePath: String?

    public init(certificatePath: String, privateKeyPath: String, caCertificatePath: String? = nil) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.caCertificatePath = caCertificatePath
    }

    /// The server files of generated test certificates (and their CA).
    public init(_ paths: TestCertificatePaths) {
        self.init(certificatePath: paths.serverCert.path, privateKeyPath: paths.serverKey.path, caCertificatePath: paths.caCert.path)
    }
}

/// Why the simulator could not start or run.
public enum SageAgentSimulatorError: Error, CustomStringConvertible, Equatable {
    case invalidConfiguration(String)
    case tlsFiles(String)
    case database(String)
    case cannotBind(host: String, port: Int, reason: String)
    case notRunning

    public var description: String {
        switch self {
        case .invalidConfiguration(let m): return "Sage agent simulator configuration: \(m)"
        case .tlsFiles(let m): return "Sage agent simulator TLS files: \(m)"
        case .database(let m): return "Sage agent simulator database: \(m)"
        case .cannotBind(let h, let p, let r): return "cannot listen on \(h):\(p): \(r). Choose another port or stop the other process."
        case .notRunning: return "the Sage agent simulator is not running; call start() first"
        }
    }
}
