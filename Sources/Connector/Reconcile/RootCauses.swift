import Money
import Foundation
import Ledger
import Sage100

/// Groups the records a run refused (invalid, or rejected by Sage) by root cause: a record
/// refused only because another one failed (a payment whose requisition is invalid, a change
/// order whose commitment is, a document whose vendor is) counts under the cause of the record
/// at the start of that chain, so one unmapped cost code is one cause however many invoices,
/// change orders and checks it stops.
enum RootCauses {
    /// How many example record ids each cause lists.
    static let exampleCount = 5

    static func build(_ exceptions: [ReconciliationException]) -> [ReconciliationReport.RootCause] {
        let refused = exceptions.filter { $0.kind == .invalid || $0.kind == .rejected }
        var byKey: [String: Int] = [:]
        for (i, e) in refused.enumerated() {
            guard let resource = e.resource, let id = e.sourceID else { continue }
            let key = Ledger.lookupKey(resource: resource, id: id)
            if byKey[key] == nil { byKey[key] = i }
        }
        /// The record at the start of `i`'s chain of blockers (itself when nothing blocks it).
        func root(_ i: Int) -> Int {
            var current = i
            var seen: Set<Int> = [i]
            while let blocker = refused[current].blockedBy, let next = byKey[blocker], seen.insert(next).inserted {
                current = next
            }
            return current
        }

        struct Group {
            var root: ReconciliationException
            var direct = 0
            var blocked = 0
            var held: [String: (records: Int, amount: Money, without: Int)] = [:]
            var examples: [Int64] = []
        }
        var groups: [String: Group] = [:]
        var order: [String] = []
        for i in refused.indices {
            let origin = refused[root(i)]
            let key = "\(origin.kind.rawValue)|\(origin.cause ?? RecordCause.of(origin.reason))"
            if groups[key] == nil {
                groups[key] = Group(root: origin)
                order.append(key)
            }
            let e = refused[i]
            if root(i) == i { groups[key]!.direct += 1 } else { groups[key]!.blocked += 1 }
            let kind = e.documentKind ?? ""
            var held = groups[key]!.held[kind] ?? (0, .zero, 0)
            held.records += 1
            if let amount = e.sourceAmount { held.amount = held.amount + amount } else { held.without += 1 }
            groups[key]!.held[kind] = held
            if let id = e.recordID, groups[key]!.examples.count < exampleCount { groups[key]!.examples.append(id) }
        }
        let kindOrder = SageDocumentKind.allCases.map(\.rawValue)
        return order.compactMap { groups[$0] }.map { group in
            let held = group.held.keys.sorted { (kindOrder.firstIndex(of: $0) ?? 99, $0) < (kindOrder.firstIndex(of: $1) ?? 99, $1) }
                .map { kind -> ReconciliationReport.RootCause.Held in
                    let h = group.held[kind]!
                    return .init(kind: kind, records: h.records, amount: h.amount, recordsWithoutAmount: h.without)
                }
            return ReconciliationReport.RootCause(
                problem: group.root.kind, cause: group.root.cause ?? RecordCause.of(group.root.reason),
                example: group.root.latestMessage ?? group.root.reason, fix: group.root.fix, records: group.direct, blockedRecords: group.blocked,
                held: held, examples: group.examples)
        }.sorted { a, b in
            if a.records + a.blockedRecords != b.records + b.blockedRecords {
                return a.records + a.blockedRecords > b.records + b.blockedRecords
            }
            return a.cause < b.cause
        }
    }
}
