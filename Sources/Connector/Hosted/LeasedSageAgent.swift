import Hosting
import Sage100
import Synchronization

/// A tenant's Sage agent as a hosted worker uses it: every write (an import, an eBusiness
/// envelope) runs under the company's post lock after checking that this worker's lease is
/// still current, so two workers never write to one company at once, and a worker whose lease
/// passed to another (it paused, its renewals failed) writes nothing more. Reads pass through.
final class LeasedSageAgent: ForwardingSageAgent {
    let base: any SageAgent
    let store: any LeaseStore
    private let current = Mutex<CompanyLease?>(nil)
    private let company: String

    init(base: any SageAgent, store: any LeaseStore, company: String) {
        self.base = base
        self.store = store
        self.company = company
    }

    /// The lease writes are checked against; nil while this worker holds none.
    var lease: CompanyLease? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    private func underLease<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard let lease else { throw LeaseError.lost(company: company, owner: "this worker", generation: 0) }
        return try await store.withPostLock(lease, body)
    }

    func post(kind: SageDocumentKind, batchID: String, records: [ImportRecord],
              onEvent: (@Sendable (SageAgentEvent) -> Void)?) async throws -> SagePostOutcome {
        try await underLease { [base] in try await base.post(kind: kind, batchID: batchID, records: records, onEvent: onEvent) }
    }

    func ebusiness(envelope: [UInt8], soapAction: String?) async throws -> [UInt8] {
        try await underLease { [base] in try await base.ebusiness(envelope: envelope, soapAction: soapAction) }
    }
}
