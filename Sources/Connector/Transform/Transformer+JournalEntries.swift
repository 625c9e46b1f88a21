import Money
import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// An approved commitment change order -> a balanced `GLJournalEntry`: each line debits its
    /// mapped cost account, the change-order offset account takes the other side; negative
    /// amounts swap sides. Nil when not approved, deleted, or without any amount.
    func buildJournalEntry(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let order: CommitmentChangeOrder
        switch decode(CommitmentChangeOrder.self, staged) {
        case .failure(let failure): return .failure(failure)
        case .success(let o): order = o
        }
        guard (order.status ?? "").lowercased() == "approved", order.deletedAt == nil else { return .success(nil) }
        let contractID = order.contractID ?? order.contract?.id
        let commitment = contractID.flatMap { index.commitment($0) }
        let projectID = staged.projectID ?? commitment?.projectID
        var labelParts: [String] = []
        if let number = order.number, !number.isEmpty { labelParts.append("number \(SageText.shown(number))") }
        if let name = order.vendor?.displayName ?? commitment?.vendorName, !name.isEmpty { labelParts.append(SageText.shown(name)) }
        let label = "commitment change order \(order.id)" + (labelParts.isEmpty ? "" : " (\(labelParts.joined(separator: ", ")))")

        var reasons: [String] = []
        var adjusted: [TransformSummary.AdjustedValue] = []
        let items = (order.lineItems ?? []).sorted { ($0.position ?? Int.max, $0.id) < ($1.position ?? Int.max, $1.id) }
        if items.isEmpty {
            if let total = order.grandTotal, total != 0 {
                return .failure(BuildFailure("\(label): it totals \(Money.grouped(total)) but has no line items, so there is no cost code to post to; add line items to the change order in Procore and pull again"))
            }
            return .success(nil)
        }
        let job = jobNo(projectID)
        var lines: [GLJournalLine] = []
        var amounts: [RecordAmount] = []
        var total = Decimal(0)
        let comment = fit("CCO \(order.number ?? String(order.id))", 30, field: "Comment", record: label, adjusted: &adjusted)
        for (position, item) in items.enumerated() {
            let lineLabel = "\(label) line \(position + 1) (line item \(item.id))"
            guard let amount = item.amount ?? item.totalAmount ?? item.extendedAmount else {
                reasons.append("\(lineLabel): it has no amount; enter the amount in Procore and pull again")
                continue
            }
            if amount == 0 { continue }
            guard let costCode = item.costCode?.fullCode?.trimmingCharacters(in: .whitespaces), !costCode.isEmpty else {
                reasons.append("\(lineLabel): it has no cost code, so no GL account can be chosen; assign a cost code in Procore and pull again")
                continue
            }
            let costType = item.lineItemType?.code ?? item.lineItemType.flatMap { index.lineItemType($0.id)?.code }
            switch resolveAccount(costCode: costCode, costType: costType, projectID: projectID) {
            case .failure(let error):
                reasons.append("\(label): \(error.description)")
            case .success(let account):
                total += amount
                lines.append(amount > 0 ? GLJournalLine(accountKey: account.accountKey, debitAmount: amount, comment: comment)
                                        : GLJournalLine(accountKey: account.accountKey, creditAmount: -amount, comment: comment))
                amounts.append(RecordAmount(kind: SageDocumentKind.glEntries.rawValue, vendorNo: nil,
                                            jobNo: job.isEmpty ? nil : job, account: account.account, amount: amount))
            }
        }
        if reasons.isEmpty && lines.isEmpty { return .success(nil) }
        if total != 0 {
            switch accounts.resolve(.changeOrderOffset, projectID: projectID) {
            case .failure(let error): reasons.append("\(label): \(error.description)")
            case .success(let offset):
                lines.append(total > 0 ? GLJournalLine(accountKey: offset.accountKey, creditAmount: total, comment: comment)
                                       : GLJournalLine(accountKey: offset.accountKey, debitAmount: -total, comment: comment))
                amounts.append(RecordAmount(kind: SageDocumentKind.glEntries.rawValue, vendorNo: nil,
                                            jobNo: job.isEmpty ? nil : job, account: offset.account, amount: -total))
            }
        }
        guard reasons.isEmpty else { return .failure(BuildFailure(reasons, label: label)) }
        let journalComment = "Procore CCO \(order.id)"
        let record = GLJournalEntry(
            entryNo: "", postingDate: sageDate(order.updatedAt) ?? sageDate(order.createdAt) ?? today,
            journalComment: fit(journalComment, 30, field: "JournalComment", record: label, adjusted: &adjusted), lines: lines)
        return .success(DocumentDraft(record: record, label: label, amounts: amounts, targetKey: nil, adjusted: adjusted))
    }
}
