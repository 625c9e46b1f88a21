import Foundation
import Ledger
import Procore

/// Decides which commitments a pull asks Procore for payments.
///
/// `GET /rest/v1.0/contract_payments` requires `contract_id` (one listing per commitment) and
/// has no `updated_at` filter, so asking every commitment on every pull would cost a
/// 1,000-commitment company 1,000 requests a pull. A project's payments are therefore asked
/// only for the commitments that can have new payments:
/// - a requisition of the commitment changed since the commitment's last listing (in this
///   pull, or pulled early after a webhook): asked on this pull;
/// - a requisition of the commitment is approved (`approved`, `approved_as_noted`) with a
///   `current_payment_due` above zero that the payments pulled so far do not cover: asked when
///   the commitment's last listing is older than `procore.payments_recheck` (default 1 h), so a
///   payment recorded in Procore arrives within that time, and a company whose invoices are paid
///   outside Procore does not pay a request per open commitment on every pull;
/// and every commitment of the project (a sweep) when the last complete sweep is older than
/// `procore.payments_sweep` (default 24 h), when there was none yet, or with `--full`.
/// The last sweep is the `contract_payments` cursor of the project scope; each commitment's last
/// listing is its `payment_listings` row.
struct PaymentPlanner {
    static let approved: Set<String> = ["approved", "approved_as_noted"]

    var ledger: Ledger
    var runID: RunID
    var full: Bool
    var sweepInterval: Duration
    var recheckInterval: Duration
    var now: Date

    func plan(projectIDs: [Int64], companyID: Int64) throws -> [PullWorkItem] {
        var lastSweep: [Int64: String] = [:]
        for project in projectIDs {
            if let swept = try ledger.cursor(resource: ProcoreResource.contractPayments.stagedName, scope: "project:\(project)") {
                lastSweep[project] = swept
            }
        }
        let facts = try ledger.paymentPlanFacts(runID: runID)
        return Self.items(facts: facts, projectIDs: projectIDs, companyID: companyID, lastSweep: lastSweep,
                          full: full, sweepInterval: sweepInterval, recheckInterval: recheckInterval, now: now)
    }

    /// The rule, apart from the ledger (unit-tested).
    static func items(facts: PaymentPlanFacts, projectIDs: [Int64], companyID: Int64, lastSweep: [Int64: String],
                      full: Bool, sweepInterval: Duration, recheckInterval: Duration, now: Date) -> [PullWorkItem] {
        func older(_ instant: String?, than interval: Duration) -> Bool {
            guard let instant, let date = Timestamp.date(from: instant) else { return true }
            return now.timeIntervalSince(date) >= seconds(interval)
        }
        var unpaid: [Int64: Set<Int64>] = [:]
        var changed: [Int64: Set<Int64>] = [:]
        for requisition in facts.requisitions {
            guard let project = requisition.projectID, let commitment = requisition.commitmentID else { continue }
            if requisition.changed { changed[project, default: []].insert(commitment) }
            if requisition.unpaid { unpaid[project, default: []].insert(commitment) }
        }
        return projectIDs.map { project in
            let known = facts.commitments[project] ?? []
            let knownSet = Set(known)
            let sweepReason: String?
            if full {
                sweepReason = "--full"
            } else if let last = lastSweep[project] {
                sweepReason = older(last, than: sweepInterval) ? "last sweep \(last) is older than procore.payments_sweep" : nil
            } else {
                sweepReason = "no sweep yet"
            }
            let changedHere = changed[project, default: []].intersection(knownSet)
            let unpaidHere = unpaid[project, default: []].intersection(knownSet)
            let unpaidDue = unpaidHere.filter { older(facts.lastListed[$0], than: recheckInterval) }
            let contracts = sweepReason != nil ? known : unpaidDue.union(changedHere).sorted()
            var item = PullWorkItem(resource: .contractPayments, companyID: companyID, projectID: project)
            item.payments = PaymentListing(sweep: sweepReason != nil, sweepReason: sweepReason, contractIDs: contracts,
                                           knownCommitments: known.count, unpaid: unpaidDue.count, changed: changedHere.count,
                                           recheckLater: unpaidHere.subtracting(unpaidDue).subtracting(changedHere).count,
                                           throughSeq: facts.sequenceHigh)
            return item
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
