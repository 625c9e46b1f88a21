import Procore

/// What one pull fetches and how.
public struct PullOptions: Sendable {
    /// Resources to pull, in this order. Defaults to the whole catalogue.
    public var resources: [ProcoreResource]
    /// Only these projects (nil: every project of the company, or the configuration's list).
    public var projects: [Int64]?
    /// Ignore cursors and stored hashes: pull and stage everything.
    public var full: Bool
    /// (resource, scope) listings in flight at once.
    public var maxConcurrency: Int
    /// Child requests in flight at once within one listing.
    public var childConcurrency: Int
    /// How far before the cursor a window starts, to absorb clock differences with Procore.
    public var overlap: Duration
    /// The window start when a scope has no cursor yet.
    public var initialFrom: String
    /// The `run` this pull is a stage of, if any (recorded with the pull's run).
    public var parentRun: String?
    /// How often every commitment's payments are listed (`procore.payments_sweep`); between
    /// sweeps only commitments that can have new payments are asked (see ``PaymentPlanner``).
    public var paymentsSweep: Duration
    /// How long a commitment with an approved requisition not fully paid waits after its last
    /// listing before it is asked again (`procore.payments_recheck`).
    public var paymentsRecheck: Duration

    public init(resources: [ProcoreResource] = ProcoreResource.allCases, projects: [Int64]? = nil, full: Bool = false,
                maxConcurrency: Int = 4, childConcurrency: Int = 4, overlap: Duration = .seconds(300),
                initialFrom: String = "2000-01-01T00:00:00Z", paymentsSweep: Duration = .seconds(24 * 3600),
                paymentsRecheck: Duration = .seconds(3600)) {
        self.resources = resources
        self.projects = projects
        self.full = full
        self.maxConcurrency = max(1, maxConcurrency)
        self.childConcurrency = max(1, childConcurrency)
        self.overlap = overlap
        self.initialFrom = initialFrom
        self.paymentsSweep = paymentsSweep
        self.paymentsRecheck = paymentsRecheck
    }

    /// Resolves `--resources a,b` names (staged names like `cost_codes`) into resources.
    public static func resources(named names: [String]) throws(PullError) -> [ProcoreResource] {
        var result: [ProcoreResource] = []
        for raw in names {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            guard let resource = ProcoreResource(name: name) else {
                throw .unknownResource(name: name, known: ProcoreResource.allCases.map(\.stagedName))
            }
            if !result.contains(resource) { result.append(resource) }
        }
        guard !result.isEmpty else { throw .unknownResource(name: "", known: ProcoreResource.allCases.map(\.stagedName)) }
        return ProcoreResource.allCases.filter(result.contains)
    }
}
