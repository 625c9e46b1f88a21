import Crypto
import Foundation
import SwiftASN1
import X509

/// Generates a throw-away certificate authority with a server and a client certificate, for
/// HTTPS and mutual TLS over loopback (tests, `ml-connector sandbox sage --tls-dir`).
///
/// Keys are P-256; certificates are X.509 v3 PEM files that OpenSSL (libcurl) and NIOSSL accept:
/// the CA has basicConstraints CA:true and keyCertSign; the server certificate names every
/// host in `hostnames` as a subjectAltName (IP addresses as iPAddress entries) with EKU
/// serverAuth; the client certificate has EKU clientAuth. Private keys are PKCS#8 PEM files
/// readable by the owner only (0600).
public enum TestCertificates {
    /// Creates `dir` if needed and writes ca.pem, ca-key.pem, server.pem, server-key.pem,
    /// client.pem and client-key.pem into it (replacing existing ones).
    @discardableResult
    public static func generate(in dir: URL, hostnames: [String] = ["127.0.0.1", "localhost"],
                                validity: TimeInterval = 30 * 24 * 3600,
                                caName: String = "ml-connector test CA") throws -> TestCertificatePaths {
        guard !hostnames.isEmpty else {
            throw TestCertificateError.noHostnames
        }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let paths = TestCertificatePaths(in: dir)
        let notBefore = Date().addingTimeInterval(-3600)
        let notAfter = Date().addingTimeInterval(validity)

        let ca = try makeAuthority(name: caName, notBefore: notBefore, notAfter: notAfter)

        let serverKey = P256.Signing.PrivateKey()
        let serverCert = try issue(
            commonName: hostnames[0], key: serverKey, authority: ca, notBefore: notBefore, notAfter: notAfter,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(try hostnames.map(generalName(for:)))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(serverKey.publicKey))
                AuthorityKeyIdentifier(keyIdentifier: ca.keyIdentifier)
            })

        let clientKey = P256.Signing.PrivateKey()
        let clientCert = try issue(
            commonName: "ml-connector client", key: clientKey, authority: ca, notBefore: notBefore, notAfter: notAfter,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
                SubjectKeyIdentifier(hash: Certificate.PublicKey(clientKey.publicKey))
                AuthorityKeyIdentifier(keyIdentifier: ca.keyIdentifier)
            })

        try writePEM(try ca.certificate.serializeAsPEM().pemString, to: paths.caCert, secret: false)
        try writePEM(ca.key.pemRepresentation, to: paths.caKey, secret: true)
        try writePEM(try serverCert.serializeAsPEM().pemString, to: paths.serverCert, secret: false)
        try writePEM(serverKey.pemRepresentation, to: paths.serverKey, secret: true)
        try writePEM(try clientCert.serializeAsPEM().pemString, to: paths.clientCert, secret: false)
        try writePEM(clientKey.pemRepresentation, to: paths.clientKey, secret: true)
        return paths
    }

    /// Uses the certificates in `dir` when all six files exist, else generates them.
    public static func existingOrGenerate(in dir: URL, hostnames: [String] = ["127.0.0.1", "localhost"]) throws
        -> TestCertificatePaths {
        let paths = TestCertificatePaths(in: dir)
        if paths.allExist { return paths }
        return try generate(in: dir, hostnames: hostnames)
    }

    // MARK: - Internals

    struct Authority {
        var key: P256.Signing.PrivateKey
        var certificate: Certificate
        var name: DistinguishedName
        var keyIdentifier: ArraySlice<UInt8>
    }

    static func makeAuthority(name: String, notBefore: Date, notAfter: Date) throws -> Authority {
        let key = P256.Signing.PrivateKey()
        let dn = try DistinguishedName {
            OrganizationName("ml-connector")
            CommonName(name)
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let ski = SubjectKeyIdentifier(hash: publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: dn, subject: dn,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                ski
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return Authority(key: key, certificate: certificate, name: dn, keyIdentifier: ski.keyIdentifier)
    }

    static func issue(commonName: String, key: P256.Signing.PrivateKey, authority: Authority,
                      notBefore: Date, notAfter: Date, extensions: Certificate.Extensions) throws -> Certificate {
        let subject = try DistinguishedName {
            OrganizationName("ml-connector")
            CommonName(commonName)
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter,
            issuer: authority.name, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: Certificate.PrivateKey(authority.key))
    }

    /// An IPv4/IPv6 literal becomes an iPAddress SAN, anything else a dNSName.
    static func generalName(for host: String) throws -> GeneralName {
        if let v4 = ipv4Bytes(host) {
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(v4)))
        }
        if host == "::1" {
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1])))
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        else { throw TestCertificateError.invalidHostname(host) }
        return .dnsName(host)
    }

    static func ipv4Bytes(_ host: String) -> [UInt8]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isNumber), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func writePEM(_ pem: String, to url: URL, secret: Bool) throws {
        let data = Data((pem.hasSuffix("\n") ? pem : pem + "\n").utf8)
        let fm = FileManager.default
        if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
        guard fm.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: secret ? 0o600 : 0o644]) else {
            throw TestCertificateError.cannotWrite(url.path)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }
}

/// Why test certificates could not be generated.
public enum TestCertificateError: Error, CustomStringConvertible, Equatable {
    case noHostnames
    case invalidHostname(String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .noHostnames:
            return "no host names given for the server certificate; pass e.g. [\"127.0.0.1\", \"localhost\"]"
        case .invalidHostname(let h):
            return "'\(h)' is not an IP address or DNS name; use letters, digits, '-' and '.' only"
        case .cannotWrite(let p):
            return "cannot create \(p); check that the directory is writable"
        }
    }
}
