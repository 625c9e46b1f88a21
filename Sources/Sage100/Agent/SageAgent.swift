import Foundation

/// What the connector needs of a Sage 100 company, whoever answers: the HTTP client of the
/// Windows agent (``SageAgentClient``, production) or a local one in the same process (the
/// Sandbox module's `LocalSageAgent`, BOI's rules over an in-memory database, for unit tests).
/// The pipeline's stages (post, reconcile, the reference refresh, eBusiness) take this.
public protocol SageAgent: Sendable {
    /// The Sage company code this agent writes to (`ABC`).
    var companyCode: String { get }
    /// Most records one import request carries.
    var maxRecordsPerRequest: Int { get }

    /// The agent's and BOI's versions and the companies it serves.
    func status() async throws -> AgentStatus

    /// Imports records of one kind in one batch, exactly once per idempotency key; the outcome
    /// says per record whether it is in Sage (`posted`, `duplicate`), refused, still locked or
    /// uncertain. Throws only when the agent answered nothing usable.
    func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
              onEvent: (@Sendable (SageAgentEvent) -> Void)?) async throws -> SagePostOutcome

    /// Whether an idempotency key was posted, and as which Sage key.
    func posting(idempotencyKey: String) async throws -> PostingLookup

    /// The company's vendors changed at or after `updatedSince` (every vendor when nil).
    func vendors(updatedSince: SageUpdatedSince?) async throws -> [APVendor]

    /// The company's GL accounts (every status) changed at or after `updatedSince` (all when nil).
    func glAccounts(updatedSince: SageUpdatedSince?) async throws -> [GLAccount]

    /// The company's account structure (mask and segments).
    func accountStructureDetails() async throws -> AgentAccountStructure

    /// Posted documents of `kind` (vendors excluded), of one batch when given.
    func postedDocuments(_ kind: SageDocumentKind, batch: String?) async throws -> [AgentPostedDocument]

    /// Every purchase order, AP invoice and manual check in Sage that touches job `jobNo`, however
    /// it was entered; one without an idempotency key was keyed in Sage, not imported by the agent.
    func jobDocuments(jobNo: String) async throws -> [AgentPostedDocument]

    /// Every invoice paid by a check that changed at or after `updatedSince` (all when nil),
    /// however the check was written: one item per check and invoice.
    func checkPayments(updatedSince: SageUpdatedSince?) async throws -> [AgentCheckPayment]

    /// Every job cost transaction whose document changed at or after `updatedSince` (all when
    /// nil): AP invoice lines charged to a job, payroll and Job Cost entries, however entered.
    func jobCosts(updatedSince: SageUpdatedSince?) async throws -> [AgentJobCost]

    /// Relays a SOAP envelope to eBusiness Web Services and returns the answering envelope
    /// (SOAP faults included).
    func ebusiness(envelope: [UInt8], soapAction: String?) async throws -> [UInt8]
}

extension SageAgent {
    /// Every vendor of the company.
    public func allVendors() async throws -> [APVendor] { try await vendors(updatedSince: nil) }

    /// Every GL account of the company.
    public func allGLAccounts() async throws -> [GLAccount] { try await glAccounts(updatedSince: nil) }
}

extension SageAgentClient: SageAgent {
    public nonisolated var companyCode: String { configuration.companyCode }
    public nonisolated var maxRecordsPerRequest: Int { configuration.maxRecordsPerRequest }

    public func postedDocuments(_ kind: SageDocumentKind, batch: String?) async throws -> [AgentPostedDocument] {
        try await readBack(kind, batch: batch)
    }

    public func jobDocuments(jobNo: String) async throws -> [AgentPostedDocument] {
        var documents: [AgentPostedDocument] = []
        for try await page in pages("job-documents", of: AgentPostedDocument.self, query: [("job", jobNo)],
                                    pageLimit: AgentWire.maxPageLimit) {
            documents += page
        }
        return documents
    }

    public func checkPayments(updatedSince: SageUpdatedSince?) async throws -> [AgentCheckPayment] {
        var items: [AgentCheckPayment] = []
        for try await page in pages("check-payments", of: AgentCheckPayment.self,
                                    query: [("updated_since", updatedSince?.description)], pageLimit: AgentWire.maxPageLimit) {
            items += page
        }
        return items
    }

    public func jobCosts(updatedSince: SageUpdatedSince?) async throws -> [AgentJobCost] {
        var items: [AgentJobCost] = []
        for try await page in pages("job-costs", of: AgentJobCost.self,
                                    query: [("updated_since", updatedSince?.description)], pageLimit: AgentWire.maxPageLimit) {
            items += page
        }
        return items
    }
}
