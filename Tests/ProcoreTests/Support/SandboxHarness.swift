import Foundation
import HTTP
import Procore
import Sandbox

/// Starts a Procore sandbox on a free loopback port and a real libcurl client pointed at it.
struct SandboxHarness {
    let sandbox: ProcoreSandbox
    let client: ProcoreClient

    static func start(_ config: ProcoreSandboxConfiguration, perPage: Int = 50, maxConcurrent: Int = 4,
                      secret: String? = nil, renewalMargin: Duration = .seconds(300),
                      onEvent: ProcoreEventHandler? = nil) async throws -> SandboxHarness {
        let sandbox = try await ProcoreSandbox.start(config)
        let client = makeClient(sandbox, perPage: perPage, maxConcurrent: maxConcurrent, secret: secret,
                                renewalMargin: renewalMargin, onEvent: onEvent)
        return SandboxHarness(sandbox: sandbox, client: client)
    }

    /// A new client (real libcurl transport) for `sandbox`.
    static func makeClient(_ sandbox: ProcoreSandbox, perPage: Int = 50, maxConcurrent: Int = 4,
                           secret: String? = nil, renewalMargin: Duration = .seconds(300),
                           onEvent: ProcoreEventHandler? = nil) -> ProcoreClient {
        let configuration = ProcoreConfiguration(
            environment: .custom(apiBaseURL: sandbox.baseURL, authBaseURL: sandbox.baseURL),
            companyID: sandbox.configuration.companyID,
            clientID: sandbox.configuration.clientID,
            clientSecret: secret ?? sandbox.configuration.clientSecret,
            perPage: perPage,
            maxConcurrentRequests: maxConcurrent,
            retry: RetryPolicy(maxAttempts: 6, base: .milliseconds(20), cap: .milliseconds(500)),
            tokenRenewalMargin: renewalMargin,
            requestTimeout: .seconds(20))
        let http = CurlHTTPClient(configuration: HTTPClientConfiguration(
            connectTimeout: .seconds(5), timeout: .seconds(20), maxConcurrentRequests: maxConcurrent))
        return ProcoreClient(configuration: configuration, http: http, onEvent: onEvent)
    }

    /// The same sandbox with another client.
    func with(_ client: ProcoreClient) -> SandboxHarness { SandboxHarness(sandbox: sandbox, client: client) }

    /// Every record of a project-scoped resource across `projects`, by id.
    func listAll(_ resource: ProcoreResource, projects: [Int64?]) async throws -> [Int64: ProcoreRecord] {
        if resource.listedPerCommitment {
            // contract_payments: one listing per commitment (contract_id is required)
            var out: [Int64: ProcoreRecord] = [:]
            for case let project? in projects {
                let commitments = try await listAll(.purchaseOrderContracts, projects: [project]).keys.sorted()
                    + listAll(.workOrderContracts, projects: [project]).keys.sorted()
                for contract in commitments {
                    let collected = Collector()
                    try await client.list(resource, projectID: project, contractID: contract) { page in await collected.add(page.records) }
                    for r in await collected.records {
                        precondition(out[r.id] == nil, "duplicate id \(r.id)")
                        out[r.id] = r
                    }
                }
            }
            return out
        }
        return try await withThrowingTaskGroup(of: [ProcoreRecord].self) { group in
            for project in projects {
                group.addTask {
                    let collected = Collector()
                    try await client.list(resource, projectID: project, updatedBetween: nil) { page in
                        await collected.add(page.records)
                    }
                    return await collected.records
                }
            }
            var out: [Int64: ProcoreRecord] = [:]
            for try await records in group {
                for r in records {
                    precondition(out[r.id] == nil, "duplicate id \(r.id)")
                    out[r.id] = r
                }
            }
            return out
        }
    }
}

actor Collector {
    var records: [ProcoreRecord] = []
    var pages: [ProcorePage] = []
    func add(_ r: [ProcoreRecord]) { records += r }
    func add(page: ProcorePage) { pages.append(page); records += page.records }
}
