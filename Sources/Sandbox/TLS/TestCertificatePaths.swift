import Foundation

/// PEM files written by ``TestCertificates/generate(in:hostnames:validity:)``.
public struct TestCertificatePaths: Sendable, Equatable {
    /// The test CA's certificate: the trust root for both the server and client certificates.
    public var caCert: URL
    /// The CA's private key (kept so more client certificates can be issued).
    public var caKey: URL
    /// Server certificate (SAN: the given host names / IP addresses, EKU serverAuth).
    public var serverCert: URL
    public var serverKey: URL
    /// Client certificate for mutual TLS (EKU clientAuth).
    public var clientCert: URL
    public var clientKey: URL

    /// The standard file names inside `dir`.
    public init(in dir: URL) {
        caCert = dir.appendingPathComponent("ca.pem")
        caKey = dir.appendingPathComponent("ca-key.pem")
        serverCert = dir.appendingPathComponent("server.pem")
        serverKey = dir.appendingPathComponent("server-key.pem")
        clientCert = dir.appendingPathComponent("client.pem")
        clientKey = dir.appendingPathComponent("client-key.pem")
    }

    /// Every file, for existence checks.
    public var all: [URL] { [caCert, caKey, serverCert, serverKey, clientCert, clientKey] }

    /// True when every file exists.
    public var allExist: Bool { all.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } }
}
