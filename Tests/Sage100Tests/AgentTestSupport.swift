import Foundation
import HTTP
import Sandbox
import Synchronization
@testable import Sage100

/// Deterministic generator for jitter tests: the sandboxes' own.
typealias AgentSeededRandom = SplitMix64

/// Records the waits a client asks for instead of sleeping.
final class AgentSleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])
    var recorded: [Duration] { waits.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in waits.withLock { $0.append(duration) } }
    }
}

/// An in-memory agent for fast unit tests of the client's retry and settlement logic.
/// It follows the contract's import, postings and status answers; behaviour is scripted.
final class AgentFakeTransport: HTTPClient, Sendable {
    struct State {
        /// idempotency key -> Sage key.
        var posted: [String: String] = [:]
        /// Keys of every import request, in order.
        var importRequests: [[String]] = []
        var lookups: [String] = []
        /// Answer `locked` for a key while its count here is positive (decremented per answer).
        var lockCounts: [String: Int] = [:]
        /// Answer the next N imports with 423.
        var moduleLocks = 0
        var retryAfter = "2"
        /// Commit the next N imports, then fail with `connectionLost`.
        var dropAfterCommit = 0
        /// Fail the next N imports with `timedOut` before committing.
        var timeoutBeforeCommit = 0
        /// Fail the next N posting lookups with `connectionLost`.
        var failLookups = 0
        /// Reject keys in this set.
        var reject: Set<String> = []
        /// Status for every request (e.g. 401) when set.
        var forcedStatus: Int? = nil
        var authorizations: [String?] = []
        /// Each import takes this long (to observe overlapping writers).
        var importDelay: Duration = .zero
        var importsInFlight = 0
        var peakImportsInFlight = 0
    }

    let state = Mutex(State())

    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }
    var snapshot: State { state.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let url = request.url
        state.withLock { $0.authorizations.append(request.headers["Authorization"]) }
        if let forced = state.withLock({ $0.forcedStatus }) {
            let body = try AgentWire.makeEncoder().encode(AgentErrorBody(code: .unauthorized, message: "The API key is not valid."))
            return HTTPResponse(status: forced, body: body, url: url)
        }
        if url.contains("/imports/") {
            let importRequest = try AgentWire.makeDecoder().decode(ImportRequest.self, from: request.body ?? Data())
            let delay = state.withLock { s in
                s.importsInFlight += 1
                s.peakImportsInFlight = max(s.peakImportsInFlight, s.importsInFlight)
                return s.importDelay
            }
            defer { state.withLock { $0.importsInFlight -= 1 } }
            if delay > .zero { try await Task.sleep(for: delay) }
            return try handleImport(importRequest, url: url)
        }
        if url.contains("/postings?") {
            let key = URLComponents(string: url)!.queryItems!.first { $0.name == "idempotency_key" }!.value!
            let (fail, sageKey): (Bool, String?) = state.withLock { s in
                s.lookups.append(key)
                if s.failLookups > 0 { s.failLookups -= 1; return (true, nil) }
                return (false, s.posted[key])
            }
            if fail { throw HTTPError.connectionLost(url: url, reason: "reset by peer") }
            let lookup = sageKey.map { PostingLookup(found: true, status: .posted, sageKey: $0, kind: "ap-invoices") }
                ?? PostingLookup(found: false)
            return HTTPResponse(status: 200, body: try AgentWire.makeEncoder().encode(lookup), url: url)
        }
        if url.hasSuffix("/v1/status") {
            let status = AgentStatus(agentVersion: "1.0.0", boiVersion: "7.10",
                                     companies: [AgentCompany(code: "ABC", name: "ABC Construction", modules: ["A/P"])])
            return HTTPResponse(status: 200, body: try AgentWire.makeEncoder().encode(status), url: url)
        }
        return HTTPResponse(status: 404, body: try AgentWire.makeEncoder().encode(AgentErrorBody(code: .notFound, message: "no route")), url: url)
    }

    private func handleImport(_ request: ImportRequest, url: String) throws -> HTTPResponse {
        enum Action { case respond(HTTPResponse), drop, timeout }
        let action: Action = try state.withLock { s in
            s.importRequests.append(request.records.map(\.idempotencyKey))
            if s.timeoutBeforeCommit > 0 {
                s.timeoutBeforeCommit -= 1
                return .timeout
            }
            if s.moduleLocks > 0 {
                s.moduleLocks -= 1
                let body = try AgentWire.makeEncoder().encode(AgentErrorBody(code: .moduleLocked, message: "The A/P module is locked by Period End Processing."))
                return .respond(HTTPResponse(status: 423, headers: ["Retry-After": s.retryAfter], body: body, url: url))
            }
            var results: [RecordResult] = []
            for record in request.records {
                let key = record.idempotencyKey
                if let existing = s.posted[key] {
                    results.append(RecordResult(idempotencyKey: key, status: .duplicate, sageKey: existing))
                } else if let count = s.lockCounts[key], count > 0 {
                    s.lockCounts[key] = count - 1
                    results.append(RecordResult(idempotencyKey: key, status: .locked,
                                                messages: [RecordMessage(field: nil, message: "Record/file busy")]))
                } else if s.reject.contains(key) {
                    results.append(RecordResult(idempotencyKey: key, status: .rejected,
                                                messages: [RecordMessage(field: "VendorNo", message: "The VendorNo is invalid.")]))
                } else {
                    let sageKey = "00-V-\(key)"
                    s.posted[key] = sageKey
                    results.append(RecordResult(idempotencyKey: key, status: .posted, sageKey: sageKey))
                }
            }
            if s.dropAfterCommit > 0 {
                s.dropAfterCommit -= 1
                return .drop
            }
            let body = try AgentWire.makeEncoder().encode(ImportResponse(batchID: request.batchID, kind: "ap-invoices", results: results))
            return .respond(HTTPResponse(status: 200, body: body, url: url))
        }
        switch action {
        case .respond(let response): return response
        case .drop: throw HTTPError.connectionLost(url: url, reason: "connection closed before the answer")
        case .timeout: throw HTTPError.timedOut(url: url)
        }
    }
}

enum AgentTestFixtures {
    static func configuration(baseURL: String = "http://127.0.0.1:9", apiKey: String = "k-123-secret",
                              backoff: SageAgentBackoffPolicy? = nil, chunk: Int = 100,
                              moduleLockMaxWait: Duration = .seconds(60)) throws -> SageAgentConfiguration {
        try SageAgentConfiguration(baseURL: baseURL, companyCode: "ABC", auth: .apiKey(Secret(apiKey)),
                                   lockBackoff: backoff ?? SageAgentBackoffPolicy(base: .milliseconds(100), cap: .seconds(2), maxAttempts: 5),
                                   moduleLockMaxWait: moduleLockMaxWait, maxRecordsPerRequest: chunk)
    }

    static func records(_ count: Int, prefix: String = "k") -> [ImportRecord] {
        (1...count).map { i in
            ImportRecord(idempotencyKey: "\(prefix)\(i)",
                         record: .object(["VendorNo": .string("V\(i)"), "InvoiceNo": .string("INV-\(i)"),
                                          "InvoiceAmt": "100.00"]))
        }
    }
}
