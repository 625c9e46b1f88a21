import Foundation
import HTTP
import Sage100
import Sandbox
import Testing

@Suite("Sage agent simulator: HTTPS and mutual TLS with generated certificates")
struct SageAgentTLSTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sage-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func generatedFilesArePEMWithPrivateKeysOwnerOnly() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try TestCertificates.generate(in: dir)
        #expect(paths.allExist)
        let ca = try String(contentsOf: paths.caCert, encoding: .utf8)
        #expect(ca.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let key = try String(contentsOf: paths.clientKey, encoding: .utf8)
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let mode = try FileManager.default.attributesOfItem(atPath: paths.serverKey.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // existingOrGenerate keeps what is there.
        let again = try TestCertificates.existingOrGenerate(in: dir)
        #expect(try String(contentsOf: again.caCert, encoding: .utf8) == ca)
        #expect(throws: TestCertificateError.self) { try TestCertificates.generate(in: dir, hostnames: ["bad host"]) }
    }

    @Test func httpsWorksWithTheGeneratedCAAndFailsWithout() async throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try TestCertificates.generate(in: dir)
        let config = SageAgentSimulatorConfiguration(apiKey: SageAgentHarness.apiKey, tls: SageAgentSimulatorTLS(paths))
        try await SageAgentHarness.with(config, client: HTTPClientConfiguration(timeout: .seconds(10), caBundlePath: paths.caCert.path)) { h in
            #expect(h.simulator.baseURL.hasPrefix("https://127.0.0.1:"))
            let status = try h.decode(AgentStatus.self, try await h.get("/v1/status"))
            #expect(status.companies.first?.code == "ABC")

            // "localhost" is in the certificate too.
            let byName = try await h.client.send(HTTPRequest(
                url: "https://localhost:\(h.simulator.port)/v1/status", headers: h.headers()))
            #expect(byName.status == 200)

            // A client that does not trust the test CA refuses the server.
            let stranger = CurlHTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10)))
            await #expect(throws: HTTPError.self) {
                _ = try await stranger.send(HTTPRequest(url: h.url("/v1/status"), headers: h.headers()))
            }
        }
    }

    @Test func mutualTLSAcceptsOurClientAndRefusesOthers() async throws {
        let dir = try Self.tempDir()
        let otherDir = try Self.tempDir()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: otherDir)
        }
        let paths = try TestCertificates.generate(in: dir)
        let foreign = try TestCertificates.generate(in: otherDir, caName: "some other CA")
        let config = SageAgentSimulatorConfiguration(tls: SageAgentSimulatorTLS(paths), mtls: true)
        let withCertificate = HTTPClientConfiguration(timeout: .seconds(10), caBundlePath: paths.caCert.path,
                                                      clientCertificatePath: paths.clientCert.path,
                                                      clientKeyPath: paths.clientKey.path)
        try await SageAgentHarness.with(config, client: withCertificate) { h in
            // The certificate is the credential: no API key configured.
            let status = try await h.get("/v1/status")
            #expect(status.status == 200)
            let results = try await h.importRecords("gl-entries", [ImportRecord(idempotencyKey: "t1", record: SageSamples.journal())])
            #expect(results.first?.status == .posted)

            let noCertificate = CurlHTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10), caBundlePath: paths.caCert.path))
            await #expect(throws: HTTPError.self) {
                _ = try await noCertificate.send(HTTPRequest(url: h.url("/v1/status")))
            }
            let otherCA = CurlHTTPClient(configuration: HTTPClientConfiguration(
                timeout: .seconds(10), caBundlePath: paths.caCert.path,
                clientCertificatePath: foreign.clientCert.path, clientKeyPath: foreign.clientKey.path))
            await #expect(throws: HTTPError.self) {
                _ = try await otherCA.send(HTTPRequest(method: .post, url: h.url("/v1/companies/ABC/imports/gl-entries"),
                                                       body: Data(#"{"batch_id":"x","records":[{"idempotency_key":"t2","record":{}}]}"#.utf8)))
            }
            #expect(try h.simulator.postings().map(\.idempotencyKey) == ["t1"])
        }
    }

    @Test func mtlsWithoutCAIsAConfigurationError() throws {
        #expect(throws: SageAgentSimulatorError.self) {
            _ = try SageAgentSimulator(configuration: .init(mtls: true))
        }
        #expect(throws: SageAgentSimulatorError.self) {
            _ = try SageAgentSimulator(configuration: .init(host: "0.0.0.0"))
        }
    }
}
