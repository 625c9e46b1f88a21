/// A ``SageAgent`` that wraps another and passes every call to it: a conformer writes only
/// the calls it changes (the hosted worker's lease check around writes, a test's cut-off
/// connection), the rest forward to ``base``.
public protocol ForwardingSageAgent: SageAgent {
    var base: any SageAgent { get }
}

extension ForwardingSageAgent {
    public var companyCode: String { base.companyCode }
    public var maxRecordsPerRequest: Int { base.maxRecordsPerRequest }

    public func status() async throws -> AgentStatus { try await base.status() }
    public func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
                     onEvent: (@Sendable (SageAgentEvent) -> Void)?) async throws -> SagePostOutcome {
        try await base.post(kind: kind, batchID: batchID, records: records, onEvent: onEvent)
    }
    public func posting(idempotencyKey: String) async throws -> PostingLookup { try await base.posting(idempotencyKey: idempotencyKey) }
    public func vendors(updatedSince: SageUpdatedSince?) async throws -> [APVendor] { try await base.vendors(updatedSince: updatedSince) }
    public func glAccounts(updatedSince: SageUpdatedSince?) async throws -> [GLAccount] { try await base.glAccounts(updatedSince: updatedSince) }
    public func accountStructureDetails() async throws -> AgentAccountStructure { try await base.accountStructureDetails() }
    public func postedDocuments(_ kind: SageDocumentKind, batch: String?) async throws -> [AgentPostedDocument] {
        try await base.postedDocuments(kind, batch: batch)
    }
    public func jobDocuments(jobNo: String) async throws -> [AgentPostedDocument] { try await base.jobDocuments(jobNo: jobNo) }
    public func checkPayments(updatedSince: SageUpdatedSince?) async throws -> [AgentCheckPayment] {
        try await base.checkPayments(updatedSince: updatedSince)
    }
    public func jobCosts(updatedSince: SageUpdatedSince?) async throws -> [AgentJobCost] { try await base.jobCosts(updatedSince: updatedSince) }
    public func ebusiness(envelope: [UInt8], soapAction: String?) async throws -> [UInt8] {
        try await base.ebusiness(envelope: envelope, soapAction: soapAction)
    }
}
