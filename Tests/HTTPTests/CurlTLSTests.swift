import Foundation
import HTTP
import Sandbox
import Testing

/// TLS and mutual TLS over loopback, with certificates generated for each test.
@Suite("CurlHTTPClient TLS and mTLS")
struct CurlTLSTests {
    static func certificates() throws -> TestCertificatePaths {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("http-tls-\(UUID().uuidString)")
        return try TestCertificates.generate(in: dir)
    }

    /// Removes the folder of generated certificates and keys: test keys do not stay behind.
    static func remove(_ certs: TestCertificatePaths) {
        try? FileManager.default.removeItem(at: certs.caCert.deletingLastPathComponent())
    }

    @Test("HTTPS with the test CA trusted succeeds; verification stays on")
    func httpsTrusted() async throws {
        let certs = try Self.certificates()
        defer { Self.remove(certs) }
        let server = try await LoopbackServer.startTLS(certificates: certs, requireClientCertificate: false)
        defer { Task { await server.stop() } }
        let client = CurlHTTPClient(configuration: .init(caBundlePath: certs.caCert.path))
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/hello"))
        #expect(response.status == 200)
        #expect(response.text == "hello over tls")
    }

    @Test("an untrusted server certificate is refused unless verification is turned off")
    func httpsUntrusted() async throws {
        let certs = try Self.certificates()
        defer { Self.remove(certs) }
        let server = try await LoopbackServer.startTLS(certificates: certs, requireClientCertificate: false)
        defer { Task { await server.stop() } }
        let error = await #expect(throws: HTTPError.self) {
            _ = try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL + "/hello"))
        }
        guard case .tls = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        let insecure = CurlHTTPClient(configuration: .init(verifyTLS: false))
        #expect(try await insecure.send(HTTPRequest(url: server.baseURL + "/hello")).status == 200)
    }

    @Test("mTLS: the client certificate is presented and accepted")
    func mutualTLS() async throws {
        let certs = try Self.certificates()
        defer { Self.remove(certs) }
        let server = try await LoopbackServer.startTLS(certificates: certs, requireClientCertificate: true)
        defer { Task { await server.stop() } }
        let client = CurlHTTPClient(configuration: .init(caBundlePath: certs.caCert.path,
                                                         clientCertificatePath: certs.clientCert.path,
                                                         clientKeyPath: certs.clientKey.path))
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/hello"))
        #expect(response.status == 200)
    }

    @Test("mTLS: a client without a certificate, or with one from another CA, is refused")
    func mutualTLSRefused() async throws {
        let certs = try Self.certificates()
        defer { Self.remove(certs) }
        let stranger = try Self.certificates()
        defer { Self.remove(stranger) }
        let server = try await LoopbackServer.startTLS(certificates: certs, requireClientCertificate: true)
        defer { Task { await server.stop() } }
        let anonymous = CurlHTTPClient(configuration: .init(caBundlePath: certs.caCert.path))
        await #expect(throws: HTTPError.self) {
            _ = try await anonymous.send(HTTPRequest(url: server.baseURL + "/hello"))
        }
        let foreign = CurlHTTPClient(configuration: .init(caBundlePath: certs.caCert.path,
                                                          clientCertificatePath: stranger.clientCert.path,
                                                          clientKeyPath: stranger.clientKey.path))
        await #expect(throws: HTTPError.self) {
            _ = try await foreign.send(HTTPRequest(url: server.baseURL + "/hello"))
        }
    }
}
