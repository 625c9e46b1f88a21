import Money
import Foundation
import Sage100

/// Accumulates totals while the reconciler walks the records, then builds the report.
struct ReportBuilder {
    struct Totals {
        var sourceDocuments = 0
        var postedDocuments = 0
        var source: Decimal = 0
        var posted: Decimal = 0
    }
    struct Key: Hashable {
        var kind: String
        var key: String?
    }

    let vendorNames: [String: String]
    let accountNames: [String: String]
    var kinds: [String: Totals] = [:]
    var vendors: [Key: (source: Decimal, posted: Decimal)] = [:]
    var jobs: [Key: (source: Decimal, posted: Decimal)] = [:]
    var accounts: [Key: (source: Decimal, posted: Decimal)] = [:]
    var exceptions: [ReconciliationException] = []
    var resolved: [ReconciliationReport.Resolved] = []

    init(vendorNames: [String: String], accountNames: [String: String]) {
        self.vendorNames = vendorNames
        self.accountNames = accountNames
    }

    mutating func addSource(kind: String, amount: Decimal, lines: [ReconcileLine]) {
        kinds[kind, default: Totals()].sourceDocuments += 1
        kinds[kind, default: Totals()].source += amount
        for line in lines {
            vendors[Key(kind: kind, key: line.vendorNo), default: (0, 0)].source += line.amount
            jobs[Key(kind: kind, key: line.jobNo), default: (0, 0)].source += line.amount
            accounts[Key(kind: kind, key: line.account), default: (0, 0)].source += line.amount
        }
    }

    mutating func countPosted(kind: String) {
        kinds[kind, default: Totals()].postedDocuments += 1
    }

    mutating func addPosted(kind: String, amount: Decimal, lines: [ReconcileLine], counted: Bool = true) {
        if counted { kinds[kind, default: Totals()].postedDocuments += 1 }
        kinds[kind, default: Totals()].posted += amount
        for line in lines {
            vendors[Key(kind: kind, key: line.vendorNo), default: (0, 0)].posted += line.amount
            jobs[Key(kind: kind, key: line.jobNo), default: (0, 0)].posted += line.amount
            accounts[Key(kind: kind, key: line.account), default: (0, 0)].posted += line.amount
        }
    }

    static func order(_ kind: String) -> Int {
        SageDocumentKind(rawValue: kind).flatMap { SageDocumentKind.allCases.firstIndex(of: $0) } ?? 99
    }

    static func rows(_ totals: [Key: (source: Decimal, posted: Decimal)],
                     name: (String) -> String?) -> [ReconciliationReport.BreakdownRow] {
        totals.sorted { a, b in
            let (oa, ob) = (order(a.key.kind), order(b.key.kind))
            if oa != ob { return oa < ob }
            if a.key.kind != b.key.kind { return a.key.kind < b.key.kind }
            return (a.key.key ?? "\u{10FFFF}") < (b.key.key ?? "\u{10FFFF}")
        }.map { key, value in
            ReconciliationReport.BreakdownRow(kind: key.kind, key: key.key, name: key.key.flatMap(name),
                                              sourceTotal: Money(value.source),
                                              postedTotal: Money(value.posted))
        }
    }

    func report(runID: String, company: String, generatedAt: String, batches: [ReconciliationReport.BatchLine],
                notes: [String]) -> ReconciliationReport {
        let summary = kinds.sorted { Self.order($0.key) < Self.order($1.key) }.map { kind, totals in
            ReconciliationReport.KindSummary(kind: kind, sourceDocuments: totals.sourceDocuments,
                                             postedDocuments: totals.postedDocuments,
                                             sourceTotal: Money(totals.source),
                                             postedTotal: Money(totals.posted),
                                             amountsCompared: kind != SageDocumentKind.vendors.rawValue)
        }
        var named = exceptions
        for i in named.indices where named[i].vendorName == nil {
            named[i].vendorName = named[i].vendorNo.flatMap { vendorNames[$0] }
        }
        let kindOrder = ReconciliationException.Kind.allCases
        named.sort { a, b in
            let (ia, ib) = (kindOrder.firstIndex(of: a.kind)!, kindOrder.firstIndex(of: b.kind)!)
            if ia != ib { return ia < ib }
            return (a.recordID ?? Int64.max) < (b.recordID ?? Int64.max)
        }
        var report = ReconciliationReport(
            runID: runID, company: company, generatedAt: generatedAt, batches: batches, summary: summary,
            exceptions: named,
            byVendor: Self.rows(vendors) { vendorNames[$0] },
            byJob: Self.rows(jobs) { _ in nil },
            byAccount: Self.rows(accounts) { accountNames[$0] },
            notes: notes)
        report.rootCauses = RootCauses.build(named)
        report.resolved = resolved
        return report
    }
}
