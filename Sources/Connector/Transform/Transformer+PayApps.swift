import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// An approved owner payment application -> a balanced `GLJournalEntry`: debit the
    /// `accounts_receivable` control account, credit the `revenue` control account (both filled
    /// with the project's segments), for the amount billed this period net of retainage
    /// (`g702.current_payment_due`). A negative amount (a credit billing) swaps the sides.
    /// Nil when not approved or when the amount is zero.
    func buildPayAppJournalEntry(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let payApp: PaymentApplication
        switch decode(PaymentApplication.self, staged) {
        case .failure(let failure): return .failure(failure)
        case .success(let p): payApp = p
        }
        guard (payApp.status ?? "").lowercased() == "approved" else { return .success(nil) }
        let projectID = staged.projectID
        var labelParts: [String] = []
        if let number = payApp.number { labelParts.append("number \(number)") }
        if let invoice = payApp.invoiceNumber, !invoice.isEmpty { labelParts.append("invoice \(SageText.shown(invoice))") }
        if let owner = payApp.formattedContractCompany, !owner.isEmpty { labelParts.append(SageText.shown(owner)) }
        let label = "payment application \(payApp.id)" + (labelParts.isEmpty ? "" : " (\(labelParts.joined(separator: ", ")))")

        guard let amount = payApp.g702?.currentPaymentDue else {
            return .failure(BuildFailure("\(label): it has no g702.current_payment_due (the amount billed this period, net of retainage), so there is nothing to post; complete the payment application's G702 summary in Procore and pull again", label: label))
        }
        if amount == 0 { return .success(nil) }

        var reasons: [String] = []
        var adjusted: [TransformSummary.AdjustedValue] = []
        let receivable: GLAccountRef?
        switch accounts.resolve(.accountsReceivable, projectID: projectID) {
        case .failure(let error): reasons.append("\(label): \(error.description)"); receivable = nil
        case .success(let account): receivable = account
        }
        let revenue: GLAccountRef?
        switch accounts.resolve(.revenue, projectID: projectID) {
        case .failure(let error): reasons.append("\(label): \(error.description)"); revenue = nil
        case .success(let account): revenue = account
        }
        guard reasons.isEmpty, let receivable, let revenue else { return .failure(BuildFailure(reasons, label: label)) }

        let job = jobNo(projectID)
        let reference = payApp.invoiceNumber.flatMap { $0.isEmpty ? nil : $0 } ?? payApp.number.map(String.init) ?? String(payApp.id)
        let comment = fit("Owner billing \(reference)", 30, field: "Comment", record: label, adjusted: &adjusted)
        let size = amount < 0 ? -amount : amount
        let lines: [GLJournalLine] = amount > 0
            ? [GLJournalLine(accountKey: receivable.accountKey, debitAmount: size, comment: comment),
               GLJournalLine(accountKey: revenue.accountKey, creditAmount: size, comment: comment)]
            : [GLJournalLine(accountKey: receivable.accountKey, creditAmount: size, comment: comment),
               GLJournalLine(accountKey: revenue.accountKey, debitAmount: size, comment: comment)]
        let kind = SageDocumentKind.glEntries.rawValue
        let jobValue = job.isEmpty ? nil : job
        let amounts = [RecordAmount(kind: kind, vendorNo: nil, jobNo: jobValue, account: receivable.account, amount: amount),
                       RecordAmount(kind: kind, vendorNo: nil, jobNo: jobValue, account: revenue.account, amount: -amount)]
        let date = sageDate(payApp.billingDate) ?? sageDate(payApp.periodEnd) ?? sageDate(payApp.updatedAt)
            ?? sageDate(payApp.createdAt) ?? today
        let record = GLJournalEntry(
            entryNo: "", postingDate: date,
            journalComment: fit("Procore pay app \(payApp.id)", 30, field: "JournalComment", record: label, adjusted: &adjusted),
            lines: lines)
        return .success(DocumentDraft(record: record, label: label, amounts: amounts, targetKey: nil, adjusted: adjusted))
    }
}
