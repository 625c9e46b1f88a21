import Money
import Foundation
import Ledger

/// The report's "still open from other runs" rows: the ledger's groups of open records by
/// state, resource and cause (``RecordCause``), with their amounts and the standing fix.
enum CarriedOverGroups {
    /// Rows for the ledger's groups, most records first (then by kind, resource and cause, so
    /// the order is stable). A row's `since` and examples are its lowest record ids: the
    /// ledger's order, not a clock's.
    static func rows(_ groups: [OpenRecordGroup]) -> [ReconciliationReport.CarriedOver] {
        groups.compactMap { group -> ReconciliationReport.CarriedOver? in
            guard let kind = exceptionKind(group.state) else { return nil }
            let amount = group.amounts.reduce(group.heldAmount) { sum, amounts in
                sum + Reconciler.documentAmount(amounts, kind: amounts.first?.kind ?? Reconciler.kind(forResource: group.resource))
            }
            return ReconciliationReport.CarriedOver(kind: kind, resource: group.resource, cause: group.cause ?? "no reason recorded",
                                                    fix: Reconciler.standingFix(kind), records: group.records,
                                                    amount: Money(amount),
                                                    recordsWithoutAmount: group.records - group.amounts.count - group.heldRecords,
                                                    since: group.since, examples: group.examples)
        }.sorted { a, b in
            if a.records != b.records { return a.records > b.records }
            if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
            if a.resource != b.resource { return a.resource < b.resource }
            return a.cause < b.cause
        }
    }

    static func exceptionKind(_ state: RecordState) -> ReconciliationException.Kind? {
        switch state {
        case .invalid: return .invalid
        case .rejected: return .rejected
        case .uncertain: return .uncertain
        case .drift: return .drift
        default: return nil
        }
    }
}
