import Ledger
import Procore

/// One (resource, scope) listing of a pull.
struct PullWorkItem: Sendable {
    var resource: ProcoreResource
    /// nil for company-scoped resources.
    var projectID: Int64?
    /// `company:<id>` or `project:<id>`, the key of cursors and hashes.
    var scope: String

    /// For resources listed per commitment (``ProcoreResource/listedPerCommitment``): the
    /// commitments to list, and why (see ``PaymentPlanner``).
    var payments: PaymentListing?
    /// The project sent with a company-wide listing whose spec requires one (`line_item_types`).
    var listProjectID: Int64?

    init(resource: ProcoreResource, companyID: Int64, projectID: Int64?) {
        self.resource = resource
        self.projectID = projectID
        scope = projectID.map { "project:\($0)" } ?? "company:\(companyID)"
    }
}

/// The commitments one project's `contract_payments` scope asks for, and why.
struct PaymentListing: Sendable, Equatable {
    /// Every commitment of the project is listed: the last sweep is older than
    /// `procore.payments_sweep`, there was none, or `--full`.
    var sweep: Bool
    /// Why a sweep runs (nil when it does not).
    var sweepReason: String?
    var contractIDs: [Int64]
    /// Commitments the ledger knows for the project.
    var knownCommitments: Int
    /// Commitments asked because an approved requisition is not fully paid (as pulled).
    var unpaid: Int
    /// Commitments asked because a requisition changed since the last listing (this pull, or a webhook's early pull).
    var changed: Int
    /// Commitments with an approved requisition not fully paid, not asked: listed less than
    /// `procore.payments_recheck` ago and unchanged since.
    var recheckLater: Int = 0
    /// The source sequence number the plan saw (recorded with each listed commitment).
    var throughSeq: Int64 = 0
}

/// How one listing went.
struct PullScopeOutcome: Sendable {
    var item: PullWorkItem
    var status: PullScopeStatus
    var received = 0
    var staged = 0
    var pages = 0
    var windowFrom: String?
    var windowTo: String?
    var relisted = false
    var message: String?
    var endpoint: String?
    /// What to commit to the ledger when the scope completed.
    var completed: CompletedPullScope?
    /// Payment list requests (pages) made for the scope.
    var paymentRequests = 0
    /// An error that must stop the whole pull (credentials refused, staging or ledger failure).
    var fatal: PullError?

    init(item: PullWorkItem, status: PullScopeStatus) {
        self.item = item
        self.status = status
    }

    var manifestScope: StagingManifest.Scope {
        StagingManifest.Scope(resource: item.resource.stagedName, scope: item.scope, projectID: item.projectID,
                              status: status.rawValue, received: received, staged: staged, pages: pages,
                              windowFrom: windowFrom, windowTo: windowTo, relisted: relisted,
                              message: message, endpoint: endpoint)
    }
}
