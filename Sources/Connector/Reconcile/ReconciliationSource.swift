import Foundation
import Sage100

/// What reconciliation reads from Sage 100: ``AgentReconciliationSource`` over any
/// ``SageAgent`` (the HTTP client in production, a local agent in unit tests).
public protocol ReconciliationSource: Sendable {
    /// Documents the agent holds for one batch of one kind (`GET …/{kind}?batch=`).
    func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument]
    /// Where the agent posted an idempotency key, if anywhere (`GET …/postings?idempotency_key=`).
    func postingLookup(idempotencyKey: String) async throws -> PostingLookup
    /// The company's GL accounts (to show formatted accounts and descriptions).
    func reconciliationAccounts() async throws -> [GLAccount]
    /// Vendor names by vendor number.
    func reconciliationVendorNames() async throws -> [String: String]
    /// Sales orders as Sage holds them, read one by one with eBusiness `GetSalesOrder`
    /// (SOAP has no batch read); numbers Sage does not have are left out.
    func salesOrders(numbers: [String]) async throws -> [EBusinessSalesOrder]
}

extension ReconciliationSource {
    /// Without eBusiness access sales orders cannot be read back: throws saying what to configure.
    public func salesOrders(numbers: [String]) async throws -> [EBusinessSalesOrder] {
        throw SalesOrderReadBackUnavailable()
    }
}

/// Sales orders were asked for but the source cannot reach eBusiness Web Services.
public struct SalesOrderReadBackUnavailable: Error, CustomStringConvertible {
    public var description: String {
        "sales orders are read back with eBusiness GetSalesOrder, and no eBusiness access was given; add the ebusiness: section (namespace, username, password_env) to the configuration"
    }
}

/// A source that reads everything from `base` and sales orders through the agent's eBusiness
/// relay with the configured user and password.
public struct EBusinessReconciliationSource: ReconciliationSource {
    public let base: any ReconciliationSource
    let relay: EBusinessRelay

    public init(base: any ReconciliationSource, agent: any SageAgent, access: EBusinessAccess) {
        self.base = base
        relay = EBusinessRelay(agent: agent, access: access)
    }

    public func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument] {
        try await base.postedDocuments(kind: kind, batchID: batchID)
    }

    public func postingLookup(idempotencyKey: String) async throws -> PostingLookup {
        try await base.postingLookup(idempotencyKey: idempotencyKey)
    }

    public func reconciliationAccounts() async throws -> [GLAccount] {
        try await base.reconciliationAccounts()
    }

    public func reconciliationVendorNames() async throws -> [String: String] {
        try await base.reconciliationVendorNames()
    }

    public func salesOrders(numbers: [String]) async throws -> [EBusinessSalesOrder] {
        var found: [EBusinessSalesOrder] = []
        for number in numbers {
            if let order = try await relay.salesOrder(number) { found.append(order) }
        }
        return found
    }
}

/// Reconciliation's reads from a Sage agent.
public struct AgentReconciliationSource: ReconciliationSource {
    public let agent: any SageAgent

    public init(agent: any SageAgent) { self.agent = agent }

    public func postedDocuments(kind: SageDocumentKind, batchID: String) async throws -> [AgentPostedDocument] {
        try await agent.postedDocuments(kind, batch: batchID)
    }

    public func postingLookup(idempotencyKey: String) async throws -> PostingLookup {
        try await agent.posting(idempotencyKey: idempotencyKey)
    }

    public func reconciliationAccounts() async throws -> [GLAccount] {
        try await agent.allGLAccounts()
    }

    public func reconciliationVendorNames() async throws -> [String: String] {
        var names: [String: String] = [:]
        for vendor in try await agent.allVendors() where names[vendor.vendorNo] == nil {
            names[vendor.vendorNo] = vendor.vendorName
        }
        return names
    }
}
