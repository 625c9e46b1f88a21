import Foundation
import Ledger
import Procore

/// Decides which commitments a pull asks Procore for payments.
///
/// `GET /rest/v1.0/contract_payments` requires `contract_id` (one listing per commitment) and
/// has no `updated_at` filter, so asking every commitment on every pull would cost a
/// 1,000-commitment company 1,000 requests a pull. A project's payments are therefore asked
/// only for the commitments that can have new payments:
/// - a requisition of the commitment is approved (`approved`, `approved_as_noted`) with a
///   `current_payment_due` above zero that the payments pulled so far do not cover;
/// - a requisition of the commitment changed since the project's last payment listing (in this
///   pull, or pulled early after a webhook);
/// and every commitment of the project (a sweep) when the last complete sweep is older than
/// `procore.payments_sweep` (default 24 h), when there was none yet, or with `--full`.
/// The last sweep is the `contract_payments` cursor of the project scope; the last listing of
/// any kind is the `contract_payments:listed` cursor.
struct PaymentPlanner {
    static let listedMarker = "contract_payments:listed"
    static let approved: Set<String> = ["approved", "approved_as_noted"]

    var ledger: Ledger
    var runID: RunID
    var full: Bool
    var sweepInterval: Duration
    var now: Date

    func plan(projectIDs: [Int64], companyID: Int64) throws -> [PullWorkItem] {
        var listedSince: [Int64: (since: String, run: RunID?)] = [:]
        var lastSweep: [Int64: String] = [:]
        for project in projectIDs {
            let scope = "project:\(project)"
            if let listed = try ledger.cursorWithRun(resource: Self.listedMarker, scope: scope) {
                listedSince[project] = (listed.updatedThrough, listed.runID)
            }
            if let swept = try ledger.cursor(resource: ProcoreResource.contractPayments.stagedName, scope: scope) { lastSweep[project] = swept }
        }
        let facts = try ledger.paymentPlanFacts(runID: runID, changedSince: listedSince)
        return Self.items(facts: facts, projectIDs: projectIDs, companyID: companyID, lastSweep: lastSweep,
                          full: full, sweepInterval: sweepInterval, now: now)
    }

    /// The rule, apart from the ledger (unit-tested).
    static func items(facts: PaymentPlanFacts, projectIDs: [Int64], companyID: Int64, lastSweep: [Int64: String],
                      full: Bool, sweepInterval: Duration, now: Date) -> [PullWorkItem] {
        var paid: [Int64: Decimal] = [:]
        for payment in facts.payments {
            guard let requisition = payment.requisitionID, let amount = payment.amount.flatMap(money) else { continue }
            paid[requisition, default: 0] += amount
        }
        var unpaid: [Int64: Set<Int64>] = [:]
        var changed: [Int64: Set<Int64>] = [:]
        for requisition in facts.requisitions {
            guard let project = requisition.projectID, let commitment = requisition.commitmentID else { continue }
            if requisition.changed { changed[project, default: []].insert(commitment) }
            if let status = requisition.status, approved.contains(status),
               let due = requisition.currentPaymentDue.flatMap(money), due > 0, paid[requisition.id, default: 0] < due {
                unpaid[project, default: []].insert(commitment)
            }
        }
        let interval = Double(sweepInterval.components.seconds) + Double(sweepInterval.components.attoseconds) / 1e18
        return projectIDs.map { project in
            let known = facts.commitments[project] ?? []
            let sweepReason: String?
            if full {
                sweepReason = "--full"
            } else if let last = lastSweep[project], let date = Timestamp.date(from: last) {
                sweepReason = now.timeIntervalSince(date) >= interval ? "last sweep \(last) is older than procore.payments_sweep" : nil
            } else {
                sweepReason = "no sweep yet"
            }
            let open = unpaid[project, default: []].union(changed[project, default: []])
            let knownSet = Set(known)
            let contracts = sweepReason != nil ? known : open.filter(knownSet.contains).sorted()
            var item = PullWorkItem(resource: .contractPayments, companyID: companyID, projectID: project)
            item.payments = PaymentListing(sweep: sweepReason != nil, sweepReason: sweepReason, contractIDs: contracts,
                                           knownCommitments: known.count,
                                           unpaid: unpaid[project, default: []].intersection(knownSet).count,
                                           changed: changed[project, default: []].intersection(knownSet).count)
            return item
        }
    }

    /// A money value as Procore sends it (`"15000.0"`, `15000`), exactly.
    static func money(_ text: String) -> Decimal? {
        Decimal(string: text.trimmingCharacters(in: .whitespaces), locale: Locale(identifier: "en_US_POSIX"))
    }
}
