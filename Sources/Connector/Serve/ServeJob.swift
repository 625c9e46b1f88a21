/// One job of `ml-connector serve`: what it does and when.
public struct ServeJob: Sendable, Equatable {
    /// What a job does.
    public enum Work: Sendable, Equatable {
        /// A pay cycle whose pull asks only for these resources (nil: every resource); the
        /// transform, post and reconcile stages cover everything new in the ledger.
        case payCycle(resources: [String]?)
        /// The two-way reference exchange with Sage (`ml-connector reference`): vendors, GL
        /// accounts and account structure read with updated_since, checks sent to Procore.
        case reference
    }

    public var name: String
    public var work: Work
    public var cadence: ServeCadence

    public init(name: String, work: Work, cadence: ServeCadence) {
        self.name = name
        self.work = work
        self.cadence = cadence
    }

    /// The jobs and their default cadences: commitments, change orders, payments and pay apps
    /// every 15 minutes, requisitions three times a day, vendors and the Sage reference data
    /// hourly, and the whole pay cycle (every resource, the polling fallback for all of them,
    /// and the day's report) each evening.
    public static let defaults: [ServeJob] = [
        ServeJob(name: "commitments", work: .payCycle(resources: ["purchase_order_contracts", "work_order_contracts"]),
                 cadence: .every(seconds: 900)),
        ServeJob(name: "change_orders", work: .payCycle(resources: ["commitment_change_orders", "change_order_packages"]),
                 cadence: .every(seconds: 900)),
        ServeJob(name: "requisitions", work: .payCycle(resources: ["requisitions"]),
                 cadence: .at(minutes: [6 * 60, 12 * 60, 18 * 60], weekdays: ServeCadence.everyDay)),
        ServeJob(name: "payments", work: .payCycle(resources: ["contract_payments"]), cadence: .every(seconds: 900)),
        ServeJob(name: "pay_apps", work: .payCycle(resources: ["prime_contracts", "payment_applications"]),
                 cadence: .every(seconds: 900)),
        ServeJob(name: "vendors", work: .payCycle(resources: ["vendors", "projects", "cost_codes", "line_item_types"]),
                 cadence: .every(seconds: 3600)),
        ServeJob(name: "reference", work: .reference, cadence: .every(seconds: 3600)),
        ServeJob(name: "full", work: .payCycle(resources: nil),
                 cadence: .at(minutes: [18 * 60 + 30], weekdays: ServeCadence.everyDay)),
    ]

    /// The job names a `schedule:` section may set.
    public static var names: [String] { defaults.map(\.name) }

    /// The ledger's `pipeline_state` entry holding when the job last started (Unix seconds).
    var lastRunKey: String { "serve-job-\(name)-last-run" }
}
