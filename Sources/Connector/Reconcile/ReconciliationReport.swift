import Money
import Foundation

/// The proof of a run: what the ledger says was sent next to what Sage 100 holds, per kind,
/// vendor, job and GL account, and every exception that needs a person.
public struct ReconciliationReport: Sendable, Equatable, Codable {
    /// Documents and totals of one Sage document kind.
    public struct KindSummary: Sendable, Equatable, Codable {
        /// Sage document kind (`ap-invoices`, …).
        public var kind: String
        /// Records of the run's batches (what the run meant to put into Sage).
        public var sourceDocuments: Int
        /// Of those, documents the agent read back.
        public var postedDocuments: Int
        public var sourceTotal: Money
        public var postedTotal: Money
        /// Posted minus source.
        public var difference: Money
        /// False for kinds without a read-back amount (vendors): counts come from the ledger.
        public var amountsCompared: Bool

        public init(kind: String, sourceDocuments: Int, postedDocuments: Int, sourceTotal: Money,
                    postedTotal: Money, amountsCompared: Bool = true) {
            self.kind = kind
            self.sourceDocuments = sourceDocuments
            self.postedDocuments = postedDocuments
            self.sourceTotal = sourceTotal
            self.postedTotal = postedTotal
            self.difference = postedTotal - sourceTotal
            self.amountsCompared = amountsCompared
        }
    }

    /// Source and posted totals of one vendor, job or GL account within one document kind.
    public struct BreakdownRow: Sendable, Equatable, Codable {
        public var kind: String
        /// Vendor number, job number or formatted GL account; nil when the lines carry none.
        public var key: String?
        /// Vendor name or account description, when known.
        public var name: String?
        public var sourceTotal: Money
        public var postedTotal: Money
        public var difference: Money

        public init(kind: String, key: String?, name: String?, sourceTotal: Money,
                    postedTotal: Money) {
            self.kind = kind
            self.key = key
            self.name = name
            self.sourceTotal = sourceTotal
            self.postedTotal = postedTotal
            self.difference = postedTotal - sourceTotal
        }
    }

    /// One batch of the run as the ledger has it.
    public struct BatchLine: Sendable, Equatable, Codable {
        public var id: String
        public var kind: String
        public var state: String
        public var records: Int
        public var controlTotal: String?
    }

    /// A document Sage holds under another number than Procore gave it (a repeated or unfit
    /// check, invoice or purchase order number), with both numbers side by side.
    public struct Renumbered: Sendable, Equatable, Codable {
        /// "contract payment 5002 (check 10045, requisition 1280647)".
        public var record: String
        /// Sage field: `CheckNo`, `InvoiceNo` or `PurchaseOrderNo`.
        public var field: String
        /// The number in Procore (empty when it had none).
        public var procoreNumber: String
        /// The number in Sage 100.
        public var sageNumber: String
        public var reason: String
    }

    /// Open records of other runs that share one cause (an unmapped cost code, a vendor name
    /// too long for Sage, a requisition that failed under a payment): one row per cause, so
    /// every dollar held back is shown without listing the whole backlog in every report.
    public struct CarriedOver: Sendable, Equatable, Codable {
        public var kind: ReconciliationException.Kind
        /// Procore resource of the records (`requisitions`, …).
        public var resource: String
        /// The cause, with each record's own label, ids and amounts left out.
        public var cause: String
        public var fix: String
        public var records: Int
        /// Sum of the records' source amounts where the ledger has them (invalid records
        /// usually have none: they never reached a batch).
        public var amount: Money
        public var recordsWithoutAmount: Int
        /// When the ledger first had the oldest of them (ISO 8601 UTC).
        public var since: String
        /// A few of the records (ledger ids), for `ml-connector ledger show`.
        public var examples: [Int64]
    }

    public var runID: String
    public var company: String
    /// ISO 8601 UTC.
    public var generatedAt: String
    public var batches: [BatchLine]
    public var summary: [KindSummary]
    public var exceptions: [ReconciliationException]
    public var byVendor: [BreakdownRow]
    public var byJob: [BreakdownRow]
    public var byAccount: [BreakdownRow]
    /// Things the reconciler could not check (e.g. vendor names unavailable); not exceptions.
    public var notes: [String]
    /// Documents of the run Sage holds under another number than Procore's (not exceptions).
    public var renumbered: [Renumbered] = []
    /// Records of other runs (earlier ones, for the newest run) still open, one row per cause (most records first).
    public var carriedOver: [CarriedOver] = [] {
        didSet { isReconciled = Self.reconciled(exceptions: exceptions, carriedOver: carriedOver, rows: differenceRows) }
    }
    /// True when there is no exception, nothing open from other runs, and every difference
    /// is zero to the cent.
    public private(set) var isReconciled: Bool

    public init(runID: String, company: String, generatedAt: String, batches: [BatchLine], summary: [KindSummary],
                exceptions: [ReconciliationException], byVendor: [BreakdownRow], byJob: [BreakdownRow],
                byAccount: [BreakdownRow], notes: [String] = []) {
        self.runID = runID
        self.company = company
        self.generatedAt = generatedAt
        self.batches = batches
        self.summary = summary
        self.exceptions = exceptions
        self.byVendor = byVendor
        self.byJob = byJob
        self.byAccount = byAccount
        self.notes = notes
        self.isReconciled = false
        self.isReconciled = Self.reconciled(exceptions: exceptions, carriedOver: carriedOver, rows: differenceRows)
    }

    private var differenceRows: [Money] {
        summary.map(\.difference) + (byVendor + byJob + byAccount).map(\.difference)
    }

    private static func reconciled(exceptions: [ReconciliationException], carriedOver: [CarriedOver],
                                   rows: [Money]) -> Bool {
        exceptions.isEmpty && carriedOver.isEmpty && rows.allSatisfy(\.isZero)
    }

    /// Records of other runs still open (the sum of ``carriedOver``).
    public var carriedOverRecords: Int { carriedOver.reduce(0) { $0 + $1.records } }

    /// Everything that needs a person: this run's exceptions and the records still open from
    /// other runs.
    public var openCount: Int { exceptions.count + carriedOverRecords }

    /// Documents Sage holds for the run.
    public var postedDocuments: Int { summary.reduce(0) { $0 + $1.postedDocuments } }
    /// Sum of the posted control amounts of every kind.
    public var postedTotal: Money { summary.reduce(.zero) { $0 + $1.postedTotal } }
    /// Breakdown and summary rows whose difference is not zero.
    public var differingRows: Int {
        summary.filter { !$0.difference.isZero }.count
            + (byVendor + byJob + byAccount).filter { !$0.difference.isZero }.count
    }

    /// The one line finance reads first.
    public func headline(currencySymbol: String = "$") -> String {
        if isReconciled {
            let noun = postedDocuments == 1 ? "document" : "documents"
            return "Reconciled: \(postedDocuments) \(noun), \(postedTotal.currency(currencySymbol))"
        }
        if !exceptions.isEmpty || !carriedOver.isEmpty {
            var text = exceptions.count == 1 ? "1 exception needs attention" : "\(exceptions.count) exceptions need attention"
            if !carriedOver.isEmpty {
                let records = carriedOverRecords
                let causes = carriedOver.count == 1 ? "1 cause" : "\(carriedOver.count) causes"
                let earlier = "\(records) record\(records == 1 ? "" : "s") of other runs still open (\(causes))"
                text = exceptions.isEmpty ? "\(earlier): need\(records == 1 ? "s" : "") attention" : text + "; " + earlier
            }
            return text
        }
        let rows = differingRows
        return rows == 1 ? "Totals differ in 1 row: needs attention" : "Totals differ in \(rows) rows: need attention"
    }

    /// The process exit code of `reconcile`: 0 when reconciled, 4 when something needs a person.
    public var exitCode: Int32 { exitStatus.rawValue }

    /// ``exitCode`` as an ``ExitStatus``.
    public var exitStatus: ExitStatus { isReconciled ? .done : .needsPerson }
}
