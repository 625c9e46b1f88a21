import Ledger
import Procore

/// One (resource, scope) listing of a pull.
struct PullWorkItem: Sendable {
    var resource: ProcoreResource
    /// nil for company-scoped resources.
    var projectID: Int64?
    /// `company:<id>` or `project:<id>`, the key of cursors and hashes.
    var scope: String

    init(resource: ProcoreResource, companyID: Int64, projectID: Int64?) {
        self.resource = resource
        self.projectID = projectID
        scope = projectID.map { "project:\($0)" } ?? "company:\(companyID)"
    }
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
