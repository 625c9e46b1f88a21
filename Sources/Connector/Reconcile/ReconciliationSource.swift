import Foundation
import Sage100

/// What reconciliation reads from Sage 100. ``SageAgentClient`` is the real one (over HTTPS
/// to the agent); tests may use an in-memory one for fast unit checks.
public protocol ReconciliationSource: Sendable {
    /// Documents the agent holds for one batch of one kind (`GET …/{kind}?batch=`).
    func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument]
    /// Where the agent posted an idempotency key, if anywhere (`GET …/postings?idempotency_key=`).
    func postingLookup(idempotencyKey: String) async throws -> PostingLookup
    /// The company's GL accounts (to show formatted accounts and descriptions).
    func reconciliationAccounts() async throws -> [GLAccount]
    /// Vendor names by vendor number.
    func reconciliationVendorNames() async throws -> [String: String]
}

extension SageAgentClient: ReconciliationSource {
    public func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument] {
        try await readBack(kind, batch: batchID)
    }

    public func postingLookup(idempotencyKey: String) async throws -> PostingLookup {
        try await posting(idempotencyKey: idempotencyKey)
    }

    public func reconciliationAccounts() async throws -> [GLAccount] {
        try await glAccounts()
    }

    public func reconciliationVendorNames() async throws -> [String: String] {
        var names: [String: String] = [:]
        for vendor in try await vendors() where names[vendor.vendorNo] == nil {
            names[vendor.vendorNo] = vendor.vendorName
        }
        return names
    }
}
