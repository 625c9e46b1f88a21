import ConnectorTesting
import Foundation
import HTTP
import Ledger
import Procore
import Sandbox
@testable import Connector

/// A Procore sandbox on a free loopback port, the real Procore client over libcurl, a ledger
/// file and a staging folder in a temporary directory.
final class PullSandboxHarness: @unchecked Sendable {
    let sandbox: ProcoreSandbox
    let client: ProcoreClient
    let workspace: PullWorkspace
    let ledger: Ledger
    let perPage: Int
    /// Every request the client sent.
    let recorder: RecordingHTTPClient
    /// The shared sandbox harness (raw requests as any client sends them).
    let procore: ProcoreSandboxHarness

    init(_ configuration: ProcoreSandboxConfiguration, perPage: Int = 100) async throws {
        sandbox = try await ProcoreSandbox.start(configuration)
        self.perPage = perPage
        recorder = RecordingHTTPClient(base: CurlHTTPClient(configuration: HTTPClientConfiguration(maxConcurrentRequests: 4)))
        procore = ProcoreSandboxHarness(sandbox: sandbox, client: ProcoreSandboxHarness.makeClient(
            sandbox, perPage: perPage, maxConcurrent: 4, http: recorder))
        client = procore.client
        workspace = try PullWorkspace()
        ledger = try Ledger.open(path: workspace.ledgerPath)
    }

    func pull(_ resources: [ProcoreResource] = ProcoreResource.allCases, full: Bool = false,
              paymentsSweep: Duration = .seconds(24 * 3600), paymentsRecheck: Duration = .seconds(3600),
              events: PullEventHandler? = nil) async throws -> PullSummary {
        try await Puller(source: client, ledger: ledger, stagingRoot: workspace.stagingRoot,
                         companyID: sandbox.configuration.companyID,
                         options: PullOptions(resources: resources, full: full, maxConcurrency: 4, paymentsSweep: paymentsSweep,
                                              paymentsRecheck: paymentsRecheck),
                         events: events).run()
    }

    /// A GET against the sandbox with a valid token, answered bytes as sent.
    func rawGET(_ pathAndQuery: String) async throws -> HTTPResponse { try await procore.rawGET(pathAndQuery) }

    func stop() async { await sandbox.stop() }
}

extension Data {
    /// The `record` bytes of a staged line (between `"record":` and `,"children":{`).
    var stagedRecordBytes: Data? {
        guard let start = range(of: Data(",\"record\":".utf8)),
              let end = range(of: Data(",\"children\":{".utf8), options: .backwards, in: start.upperBound..<endIndex)
        else { return nil }
        return subdata(in: start.upperBound..<end.lowerBound)
    }
}
