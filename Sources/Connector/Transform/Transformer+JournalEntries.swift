import Money
import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// An approved commitment change order under `change_orders: journal_entry` -> a balanced
    /// `GLJournalEntry` between the two memo accounts: each line item debits
    /// `accounts.committed_cost` (its cost code in the comment), `accounts.commitments_offset`
    /// takes the other side; negative amounts swap sides. No cost account is touched: a
    /// commitment is not a cost. Nil when not approved, deleted, or without any amount.
    func buildJournalEntry(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let approved: ApprovedChangeOrder
        switch approvedChangeOrder(staged) {
        case .failure(let failure): return .failure(failure)
        case .success(nil): return .success(nil)
        case .success(let found?): approved = found
        }
        let (order, projectID, label, items) = (approved.order, approved.projectID, approved.label, approved.items)
        var reasons: [String] = []
        var adjusted: [TransformSummary.AdjustedValue] = []
        if items.isEmpty {
            if let total = order.grandTotal, total != 0 {
                return .failure(BuildFailure("\(label): it totals \(Money.grouped(total)) but has no line items; add line items to the change order in Procore and pull again"))
            }
            return .success(nil)
        }
        var memo: GLAccountRef?
        var offset: GLAccountRef?
        switch accounts.resolve(.committedCost, projectID: projectID) {
        case .failure(let error): reasons.append("\(label): \(error.description)")
        case .success(let account): memo = account
        }
        switch accounts.resolve(.commitmentsOffset, projectID: projectID) {
        case .failure(let error): reasons.append("\(label): \(error.description)")
        case .success(let account): offset = account
        }
        let job = jobNo(projectID)
        var lines: [GLJournalLine] = []
        var amounts: [RecordAmount] = []
        var total = Decimal(0)
        let reference = "CCO \(order.number ?? String(order.id))"
        for (position, item) in items.enumerated() {
            let lineLabel = "\(label) line \(position + 1) (line item \(item.id))"
            guard let amount = item.amount ?? item.totalAmount ?? item.extendedAmount else {
                reasons.append("\(lineLabel): it has no amount; enter the amount in Procore and pull again")
                continue
            }
            if amount == 0 { continue }
            guard let memo else { continue }
            let code = item.costCode?.fullCode?.trimmingCharacters(in: .whitespaces) ?? ""
            let comment = fit(code.isEmpty ? reference : "\(reference) \(code)", 30, field: "Comment", record: lineLabel, adjusted: &adjusted)
            total += amount
            lines.append(amount > 0 ? GLJournalLine(accountKey: memo.accountKey, debitAmount: amount, comment: comment)
                                    : GLJournalLine(accountKey: memo.accountKey, creditAmount: -amount, comment: comment))
            amounts.append(RecordAmount(kind: SageDocumentKind.glEntries.rawValue, vendorNo: nil,
                                        jobNo: job.isEmpty ? nil : job, account: memo.account, amount: amount))
        }
        if reasons.isEmpty && lines.isEmpty { return .success(nil) }
        if total != 0, let offset {
            let comment = fit(reference, 30, field: "Comment", record: label, adjusted: &adjusted)
            lines.append(total > 0 ? GLJournalLine(accountKey: offset.accountKey, creditAmount: total, comment: comment)
                                   : GLJournalLine(accountKey: offset.accountKey, debitAmount: -total, comment: comment))
            amounts.append(RecordAmount(kind: SageDocumentKind.glEntries.rawValue, vendorNo: nil,
                                        jobNo: job.isEmpty ? nil : job, account: offset.account, amount: -total))
        }
        guard reasons.isEmpty else { return .failure(BuildFailure(reasons, label: label)) }
        let record = GLJournalEntry(
            entryNo: "", postingDate: sageDate(order.updatedAt) ?? sageDate(order.createdAt) ?? today,
            journalComment: fit("Procore CCO \(order.id) memo", 30, field: "JournalComment", record: label, adjusted: &adjusted), lines: lines)
        return .success(DocumentDraft(record: record, label: label, amounts: amounts, targetKey: nil, adjusted: adjusted))
    }
}
