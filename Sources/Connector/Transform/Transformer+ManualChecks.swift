import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// A contract payment -> `APManualCheck` paying the AP invoice of its requisition: the
    /// invoice built in this same transform, or the one the identity map records (posted or
    /// batched earlier). Without either, the payment is invalid and says why.
    func buildManualCheck(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let payment: ContractPayment
        switch decode(ContractPayment.self, staged) {
        case .failure(let failure): return .failure(failure)
        case .success(let p): payment = p
        }
        var labelParts: [String] = []
        if let check = payment.checkNumber, !check.isEmpty { labelParts.append("check \(SageText.shown(check))") }
        if let requisitionID = payment.requisitionID { labelParts.append("requisition \(requisitionID)") }
        let label = "contract payment \(payment.id)" + (labelParts.isEmpty ? "" : " (\(labelParts.joined(separator: ", ")))")
        var reasons: [String] = []
        var adjusted: [TransformSummary.AdjustedValue] = []

        // One system of record for payments: with payments: sage, checks are written in Sage 100
        // and a Procore payment is never posted as a second one.
        if t.mapping.payments == .sage {
            summary.nothingToPost.append(.init(
                resource: staged.resource, sourceID: payment.id, label: label,
                reason: "\(label): Sage 100 is the payments system (mapping.payments: sage), so Procore's payment is not posted; the check is written in Sage 100"))
            return .success(nil)
        }
        guard let amount = payment.amount, amount != 0 else {
            return .failure(BuildFailure("\(label): it has no amount; enter the payment amount in Procore and pull again"))
        }
        if amount < 0 {
            // A void or refund: money came back from the vendor. Sage 100 has no negative
            // manual check (CheckAmt is zero or more), so nothing is posted; the reason says
            // what finance does in Sage instead.
            summary.nothingToPost.append(.init(
                resource: staged.resource, sourceID: payment.id, label: label,
                reason: "\(label): amount \(SageDecimal.moneyText(amount)) is a void or refund in Procore; Sage 100 takes no negative manual check, so nothing is posted. If it reverses a check already in Sage 100, void that check there (A/P Manual Check and Payment Entry, check type V); a refund received is entered as a receipt in Sage 100"))
            return .success(nil)
        }
        let bankCode = t.mapping.bankCode ?? ""
        if bankCode.isEmpty {
            reasons.append("\(label): BankCode is required on manual checks but mapping.bank_code is not set; add the Sage bank code to the mapping section of the configuration")
        }
        guard let requisitionID = payment.requisitionID else {
            reasons.append("\(label): it names no requisition, so there is no AP invoice to pay; link the payment to its requisition in Procore and pull again")
            return .failure(BuildFailure(reasons, label: label))
        }
        // A new version of the requisition (or its becoming valid) checks this payment again.
        index.touch(Ledger.lookupKey(resource: "requisitions", id: requisitionID))
        let invoiceKey = Transformer.idempotencyKey(company: company, kind: .apInvoices, resource: "requisitions",
                                                    sourceID: requisitionID)

        var invoice: (division: String, vendorNo: String, invoiceNo: String)?
        var vendorIDs: [Int64] = []
        var blocker: String?
        if let same = invoices[requisitionID] {
            invoice = same
        } else if invalidRequisitions.contains(requisitionID) {
            blocker = Ledger.lookupKey(resource: "requisitions", id: requisitionID)
            reasons.append("\(label): requisition \(requisitionID) is invalid in this transform, so its AP invoice does not exist yet; fix the requisition (see its messages) and transform again")
        } else {
            do {
                invoice = try recordedInvoice(requisitionID: requisitionID, label: label, reasons: &reasons, vendorIDs: &vendorIDs)
            } catch {
                reasons.append("\(label): the ledger could not be read (\(error)); check the ledger file and run again")
            }
            if invoice == nil && reasons.isEmpty {
                reasons.append("\(label): requisition \(requisitionID) has no AP invoice in Sage 100 yet (it was neither posted, batched, nor approved in this transform); approve the requisition in Procore and transform it first, then transform again")
            }
        }

        // CheckNo is unique per bank code in Sage; Procore check numbers repeat across projects
        // and bank accounts. The allocator keeps the Procore number when it is free, else a
        // deterministic variant, recorded in the identity map (shown next to the original).
        guard reasons.isEmpty, let invoice else {
            return .failure(BuildFailure(reasons, label: label, blockedBy: BuildFailure.blocker(blocker, fromBlocker: 1, of: reasons)))
        }
        let before = keys.allocations.count
        let checkNo: String
        switch keys.checkNumber(paymentID: payment.id, checkNumber: payment.checkNumber, bankCode: bankCode) {
        case .success(let key): checkNo = key.value
        case .failure(let error): return .failure(BuildFailure("\(label): \(error.description)", label: label))
        }
        let allocations = keys.allocations.dropFirst(before)
        if checkNo != payment.checkNumber {
            adjusted.append(.init(record: label, field: "CheckNo", original: payment.checkNumber ?? "", written: checkNo,
                                  reason: "CheckNo is 1-10 letters or digits, unique per bank code in Sage 100: "
                                      + (allocations.first?.reason ?? "the number recorded for this payment by an earlier run")))
        }
        let projectID = payment.projectID ?? staged.projectID
        let job = jobNo(projectID)
        let record = APManualCheck(
            bankCode: bankCode, checkNo: checkNo, checkDate: sageDate(payment.date) ?? sageDate(payment.datePaymentSettled) ?? today,
            checkAmt: amount, apDivisionNo: invoice.division, vendorNo: invoice.vendorNo,
            lines: [APManualCheckInvoice(invoiceNo: invoice.invoiceNo, invoiceAmt: amount)])
        let amounts = [RecordAmount(kind: SageDocumentKind.manualChecks.rawValue, vendorNo: invoice.vendorNo,
                                    jobNo: job.isEmpty ? nil : job, account: nil, amount: amount)]
        let identities = allocations.map { IdentityPair(resource: $0.resource, procoreID: $0.procoreID, sageKey: $0.sageKey) }
        return .success(DocumentDraft(record: record, label: label, identities: identities, vendorIDs: vendorIDs, amounts: amounts,
                                      targetKey: record.sageKey, adjusted: adjusted,
                                      needs: [BatchCommit.Prerequisite(idempotencyKey: invoiceKey,
                                                                       what: SageDocumentKind.apInvoices.displayName)]))
    }

    /// The invoice an earlier run recorded for a requisition (identity map), split into
    /// division, vendor and invoice number with the help of the requisition's vendor.
    func recordedInvoice(requisitionID: Int64, label: String, reasons: inout [String],
                         vendorIDs: inout [Int64]) throws -> (division: String, vendorNo: String, invoiceNo: String)? {
        guard let key = try t.ledger.sageKey(company: company, resource: SageKeyAllocator.invoiceResource, procoreID: requisitionID) else {
            return nil
        }
        var vendorNumbers: [String] = []
        if let requisition = index.requisition(requisitionID),
           let vendorID = requisition.vendorID ?? requisition.commitmentID.flatMap({ index.commitment($0)?.vendorID }) {
            if case .ready(let resolution) = try vendor(vendorID, nameHint: requisition.vendorName) {
                vendorNumbers.append(resolution.vendorNo)
                vendorIDs.append(vendorID)
            }
        }
        let invoiceKey = Transformer.idempotencyKey(company: company, kind: .apInvoices, resource: "requisitions", sourceID: requisitionID)
        if let record = try t.ledger.liveRecord(idempotencyKey: invoiceKey) {
            vendorNumbers += try t.ledger.recordAmounts(recordID: record.id).compactMap(\.vendorNo)
        }
        if let parts = SageDocumentKey.apInvoiceParts(key), vendorNumbers.contains(parts.vendorNo) {
            return parts
        }
        reasons.append("\(label): requisition \(requisitionID) was recorded in Sage 100 as invoice key \(key), but its vendor cannot be told from the staged data; pull the requisition again (ml-connector pull --full) and transform again")
        return nil
    }
}
