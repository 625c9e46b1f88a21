import Foundation
import JSON
import Sage100

/// A Sage 100 company in this process: the simulator's BOI rules (field checks, vendors and
/// accounts that must exist, idempotency keys answered `duplicate`, record locks when a lock
/// rate is set) over an in-memory database, answering the connector's ``SageAgent`` calls
/// directly, with no HTTP server. For fast unit tests of the stages; the loopback tests run
/// the same rules behind ``SageAgentSimulator``'s HTTP routes and the real client.
public actor LocalSageAgent: SageAgent {
    let core: SageSimCore
    let ebusinessService: SageSimEBusiness
    public nonisolated let companyCode: String
    public nonisolated let maxRecordsPerRequest: Int
    /// How often a record answered `locked` is tried again within one post (BOI's lock is
    /// released by the other task; the HTTP client backs off, this one tries at once).
    let lockRetries: Int

    /// Seeds the company (GL accounts, vendors, account structure) as the simulator does.
    /// `configuration.databasePath` defaults to memory.
    public init(configuration: SageAgentSimulatorConfiguration = .init(databasePath: SageAgentSimulatorConfiguration.inMemory),
                maxRecordsPerRequest: Int = 100, lockRetries: Int = 8) throws {
        var configuration = configuration
        if configuration.databasePath == nil { configuration.databasePath = SageAgentSimulatorConfiguration.inMemory }
        core = try SageSimCore(configuration: configuration)
        ebusinessService = SageSimEBusiness(core: core)
        companyCode = configuration.company
        self.maxRecordsPerRequest = max(1, maxRecordsPerRequest)
        self.lockRetries = max(0, lockRetries)
    }

    public func status() async throws -> AgentStatus {
        let config = core.configuration
        return AgentStatus(agentVersion: SageSimCore.agentVersion, boiVersion: SageSimCore.boiVersion,
                           companies: [AgentCompany(code: config.company, name: config.companyName,
                                                    modules: ["A/P", "P/O", "G/L", "A/R", "S/O"])],
                           serverTime: SageSimStamp().iso)
    }

    public func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
                     onEvent: (@Sendable (SageAgentEvent) -> Void)? = nil) async throws -> SagePostOutcome {
        var outcomes: [SagePostRecordOutcome] = []
        var retries = 0
        for record in records {
            var result = try await core.process(kind: kind, record: record, batchID: batchID)
            var attempts = 1
            while result.status == .locked && attempts <= lockRetries {
                retries += 1
                attempts += 1
                result = try await core.process(kind: kind, record: record, batchID: batchID)
            }
            let status: SagePostStatus
            switch result.status {
            case .posted: status = .posted
            case .duplicate: status = .duplicate
            case .rejected: status = .rejected
            case .locked: status = .locked
            }
            outcomes.append(SagePostRecordOutcome(idempotencyKey: record.idempotencyKey, status: status,
                                                  sageKey: result.sageKey, messages: result.messages, attempts: attempts))
        }
        core.count { $0.imports += 1 }
        return SagePostOutcome(kind: kind, batchID: batchID, records: outcomes, attempts: 1, lockRetries: retries)
    }

    public func posting(idempotencyKey: String) async throws -> PostingLookup {
        try core.lookup(idempotencyKey: idempotencyKey)
    }

    public func vendors(updatedSince: SageUpdatedSince?) async throws -> [APVendor] {
        try referenceItems(SageSimSchema.vendor, since: updatedSince).map { try $0.decode(as: APVendor.self) }
    }

    public func glAccounts(updatedSince: SageUpdatedSince?) async throws -> [GLAccount] {
        try referenceItems(SageSimSchema.glAccount, since: updatedSince).map { try $0.decode(as: GLAccount.self) }
    }

    public func accountStructureDetails() async throws -> AgentAccountStructure {
        SageSimRoutes.accountStructure(SageSimSeed.mask)
    }

    public func postedDocuments(_ kind: SageDocumentKind, batch: String?) async throws -> [AgentPostedDocument] {
        var documents: [AgentPostedDocument] = []
        var after: Int64?
        while true {
            let page = try core.documentPage(kind: kind, batch: batch, since: nil, afterSeq: after, limit: 500)
            documents += page.items
            guard let next = page.nextCursor, let parts = SageSimCursor.decode(next, parts: 1), let seq = Int64(parts[0]) else { break }
            after = seq
        }
        return documents
    }

    public func jobDocuments(jobNo: String) async throws -> [AgentPostedDocument] {
        try everyPage(cursorParts: 2) { try core.jobDocumentPage(job: jobNo, after: $0, limit: 500) }
    }

    public func checkPayments(updatedSince: SageUpdatedSince?) async throws -> [AgentCheckPayment] {
        try everyPage(cursorParts: 3) { try core.checkPaymentPage(since: updatedSince, after: $0, limit: 500) }
    }

    public func jobCosts(updatedSince: SageUpdatedSince?) async throws -> [AgentJobCost] {
        try everyPage(cursorParts: 1) { try core.jobCostPage(since: updatedSince, after: $0, limit: 500) }
    }

    /// A job cost keyed in Sage's own Job Cost or Payroll (not through the agent): what a
    /// payroll update or a Job Cost transaction entry writes. Returns its key.
    @discardableResult
    public func keyJobCost(_ entry: SageJobCostEntry) async throws -> String {
        try await core.keyJobCost(entry)
    }

    public func ebusiness(envelope: [UInt8], soapAction: String?) async throws -> [UInt8] {
        await ebusinessService.handle(Data(envelope)).1
    }

    /// Every posting written so far, in order (what a test checks exactly-once against).
    public func postings() throws -> [SageSimulatorPosting] { try core.postings() }

    private func referenceItems(_ table: SageSimTable, since: SageUpdatedSince?) throws -> [JSONValue] {
        try everyPage(cursorParts: table.keyColumns.count) { try core.referencePage(table, since: since, cursor: $0, limit: 500) }
    }

    /// Every item of a keyed read, page after page, each page asked from the last one's cursor.
    private func everyPage<Item>(cursorParts: Int, _ page: ([String]?) throws -> AgentPage<Item>) throws -> [Item] {
        var items: [Item] = []
        var cursor: [String]?
        while true {
            let answer = try page(cursor)
            items += answer.items
            guard let next = answer.nextCursor, let parts = SageSimCursor.decode(next, parts: cursorParts) else { break }
            cursor = parts
        }
        return items
    }
}
