import Money
import Sage100
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
        /// Sum of the records' amounts where the ledger has them: source amounts of batched
        /// records, held amounts of refused ones (a vendor has none).
        public var amount: Money
        public var recordsWithoutAmount: Int
        /// When the ledger first had the oldest of them (ISO 8601 UTC).
        public var since: String
        /// A few of the records (ledger ids), for `ml-connector ledger show`.
        public var examples: [Int64]
    }

    /// Why records of the run were refused, one row per root cause: the records refused for it
    /// and those refused only because one of them was, with what they hold back per document
    /// kind (never one sum of unlike documents).
    public struct RootCause: Sendable, Equatable, Codable {
        /// What is held back of one document kind.
        public struct Held: Sendable, Equatable, Codable {
            /// Sage document kind (`ap-invoices`, …).
            public var kind: String
            public var records: Int
            /// Sum of the records' amounts (what Sage would have been sent).
            public var amount: Money
            /// Records whose source gives no amount (a vendor).
            public var recordsWithoutAmount: Int
        }

        /// Refused by the connector (`invalid`) or by Sage (`rejected`).
        public var problem: ReconciliationException.Kind
        /// The cause, without any one record's label, ids or amounts.
        public var cause: String
        /// The first record's whole message.
        public var example: String
        public var fix: String
        /// Records refused for this cause.
        public var records: Int
        /// Records refused only because one of those was (a payment of a refused requisition).
        public var blockedRecords: Int
        public var held: [Held]
        /// A few of the records (ledger ids), for `ml-connector ledger show`.
        public var examples: [Int64]
    }

    /// A source record that asks nothing of Sage (a requisition billing 0.00, a change order of
    /// 0.00, a refund), with the reason: not an error, and not a dollar held back.
    public struct NothingToPost: Sendable, Equatable, Codable {
        /// "requisition 5000000077 (Acme, invoice 14-003)".
        public var record: String
        public var resource: String
        public var sourceID: Int64
        public var reason: String
    }

    /// A record an earlier run held back that this run posted.
    public struct Resolved: Sendable, Equatable, Codable {
        /// "requisitions 5000000009 (record 61)".
        public var record: String
        /// Sage document kind.
        public var kind: String
        public var sageKey: String?
        public var amount: Money?
        /// When its source record was first refused (ISO 8601 UTC).
        public var heldSince: String
        /// What held it back.
        public var cause: String
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
    /// The run's refused records grouped by root cause (most records first).
    public var rootCauses: [RootCause] = []
    /// Records an earlier run held back that this run posted (in record order).
    public var resolved: [Resolved] = []
    /// Records of the run that ask nothing of Sage, with the reason (not exceptions).
    public var nothingToPost: [NothingToPost] = []
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

    /// "3 purchase orders $769,086.84; 7 AP invoices $336,363.14; 17 vendors": what Sage holds
    /// of the run per document kind, never one sum of unlike documents.
    public func postedByKind(currencySymbol: String = "$") -> String {
        summary.filter { $0.postedDocuments > 0 }.map { s in
            guard let kind = SageDocumentKind(rawValue: s.kind) else { return "\(s.postedDocuments) \(s.kind)" }
            let counted = kind.counted(s.postedDocuments)
            return s.amountsCompared ? "\(counted) \(s.postedTotal.currency(currencySymbol))" : counted
        }.joined(separator: "; ")
    }

    /// What the refused records hold back, per document kind: "13 AP invoices $45,000.00;
    /// 12 manual checks $30,000.00; 2 vendors". Empty when nothing is held back.
    public func heldBack(currencySymbol: String = "$") -> String {
        var byKind: [String: (records: Int, amount: Money, without: Int)] = [:]
        for cause in rootCauses {
            for held in cause.held {
                var total = byKind[held.kind] ?? (0, .zero, 0)
                total.records += held.records
                total.amount = total.amount + held.amount
                total.without += held.recordsWithoutAmount
                byKind[held.kind] = total
            }
        }
        let order = SageDocumentKind.allCases.map(\.rawValue)
        return byKind.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }.map { key in
            let total = byKind[key]!
            let counted = SageDocumentKind(rawValue: key)?.counted(total.records) ?? "\(total.records) \(key)"
            return total.without == total.records ? counted : "\(counted) \(total.amount.currency(currencySymbol))"
        }.joined(separator: "; ")
    }

    /// The one line finance reads first.
    public func headline(currencySymbol: String = "$") -> String {
        if isReconciled {
            let byKind = postedByKind(currencySymbol: currencySymbol)
            var text = byKind.isEmpty ? "Reconciled: nothing was posted" : "Reconciled: \(byKind)"
            if !resolved.isEmpty {
                text += resolved.count == 1 ? " (1 held back earlier, now resolved)" : " (\(resolved.count) held back earlier, now resolved)"
            }
            return text
        }
        if !exceptions.isEmpty || !carriedOver.isEmpty {
            var text = exceptions.count == 1 ? "1 exception needs attention" : "\(exceptions.count) exceptions need attention"
            if !rootCauses.isEmpty {
                text += rootCauses.count == 1 ? " (1 root cause)" : " (\(rootCauses.count) root causes)"
            }
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
