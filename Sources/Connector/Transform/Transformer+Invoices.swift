import Money
import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// Requisition statuses that go to Sage.
    static let approvedRequisitionStatuses: Set<String> = ["approved", "approved_as_noted"]

    /// Sage's `RetentionAmt` for a requisition's net retainage: the part of the invoice withheld
    /// from payment. Retainage held on a bill (or given back on a credit memo, both negative)
    /// carries the invoice's sign; retainage released is payable now, so the invoice withholds
    /// nothing and the release is only its positive line to retainage payable.
    static func retentionAmt(retainage: Decimal, net: Decimal) -> Decimal {
        let sameSign = (retainage > 0 && net > 0) || (retainage < 0 && net < 0)
        let magnitude = { (d: Decimal) in d < 0 ? -d : d }
        return sameSign && magnitude(retainage) <= magnitude(net) ? retainage : 0
    }

    /// An approved requisition -> `APInvoice`: a distribution line per GL account / cost code /
    /// cost type for this period's work completed plus materials stored, a negative line to
    /// retainage payable for this period's retainage; InvoiceAmt = net payable, RetentionAmt =
    /// retainage. The items must add up to the requisition's own totals. A negative requisition
    /// is a credit memo (a negative invoice, as Sage's Invoice Data Entry takes it); one that bills
    /// nothing is recorded as nothing to post.
    func buildInvoice(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let requisition: Requisition
        switch decode(Requisition.self, staged) {
        case .failure(let failure): return .failure(failure)
        case .success(let r): requisition = r
        }
        guard Self.approvedRequisitionStatuses.contains((requisition.status ?? "").lowercased()) else { return .success(nil) }

        let commitment = requisition.commitmentID.flatMap { index.commitment($0) }
        let vendorID = requisition.vendorID ?? commitment?.vendorID
        let vendorName = requisition.vendorName ?? commitment?.vendorName ?? ""
        var labelParts: [String] = []
        if !vendorName.isEmpty { labelParts.append(SageText.shown(vendorName)) }
        if let invoice = requisition.invoiceNumber, !invoice.isEmpty { labelParts.append("invoice \(SageText.shown(invoice))") }
        let label = "requisition \(requisition.id)" + (labelParts.isEmpty ? "" : " (\(labelParts.joined(separator: ", ")))")
        let projectID = requisition.projectID ?? staged.projectID ?? commitment?.projectID

        let items = RequisitionBilling.items(of: staged, requisition: requisition)
        var reasons = items.problems.map {
            "\(labelFor(staged)) (\(staged.location)): \($0); fix the record in Procore and pull again"
        }
        let billed = RequisitionBilling(contractItems: items.contract, changeOrderItems: items.changeOrders).items

        // A requisition that bills nothing (no work, no stored materials, no retainage held or
        // released) asks nothing of Sage: it is recorded as such, not as an error.
        if reasons.isEmpty, billed.allSatisfy({ $0.amount == 0 && $0.retainage == 0 }),
           (requisition.totalClaimedAmount ?? 0) == 0, (requisition.summary?.currentPaymentDue ?? 0) == 0 {
            summary.nothingToPost.append(.init(
                resource: staged.resource, sourceID: requisition.id, label: label,
                reason: "\(label): it bills 0.00 this period (no work completed, no materials stored, no retainage held or released), so there is no AP invoice to post"))
            return .success(nil)
        }

        let resolution: VendorResolution?
        var vendorBlocker: String?
        var vendorReasons = 0
        do {
            switch try documentVendor(vendorID, nameHint: vendorName, label: label) {
            case .success(let r): resolution = r
            case .failure(let failure):
                resolution = nil
                reasons += failure.reasons
                vendorBlocker = failure.blockedBy
                vendorReasons = failure.reasons.count
            }
        } catch {
            return .failure(BuildFailure("\(label): \(error)"))
        }

        // Distribution lines, one per account + cost code + cost type, in first-seen order.
        struct Distribution { var account: GLAccountRef; var costCode: String; var costType: String; var amount: Decimal }
        var distributions: [Distribution] = []
        /// Position of each account + cost code + cost type in `distributions`.
        var distributionIndex: [String: Int] = [:]
        var gross = Decimal(0)
        var retainage = Decimal(0)
        for item in billed {
            gross += item.amount
            retainage += item.retainage
            if item.amount == 0 { continue }
            guard let costCode = index.costCode(lineItemID: item.lineItemID, costCodeID: item.costCodeID) else {
                if let lineItemID = item.lineItemID, let commitmentID = requisition.commitmentID {
                    hint(.lineCostCode(resource: commitment?.resource ?? "work_order_contracts", commitmentID: commitmentID,
                                       lineItemID: lineItemID))
                }
                let which = item.costCodeID.map { "cost code id \($0) is not among the staged cost codes" } ?? "it has no cost code"
                reasons.append("\(label): \(item.itemLabel) (\(Money.grouped(item.amount))): \(which); assign a cost code in Procore, or pull cost codes again (ml-connector pull --full)")
                continue
            }
            let costType = index.costType(lineItemID: item.lineItemID)
            switch resolveAccount(costCode: costCode, costType: costType, projectID: projectID) {
            case .failure(let error):
                let text = "\(label): \(error.description)"
                if !reasons.contains(text) { reasons.append(text) }
            case .success(let account):
                let code = costCode.uppercased(), type = (costType ?? "").uppercased()
                let key = account.accountKey + "\u{1F}" + code + "\u{1F}" + type
                if let i = distributionIndex[key] {
                    distributions[i].amount += item.amount
                } else {
                    distributionIndex[key] = distributions.count
                    distributions.append(Distribution(account: account, costCode: code, costType: type, amount: item.amount))
                }
            }
        }
        let net = gross - retainage
        if billed.isEmpty {
            reasons.append("\(label): it bills no contract or change order items; check the requisition in Procore and pull again")
        }
        if let claimed = requisition.totalClaimedAmount, claimed != gross, !billed.isEmpty {
            reasons.append("\(label): items add up to \(Money.grouped(gross)) but the requisition says \(Money.grouped(claimed)) (total_claimed_amount); correct the requisition in Procore and pull again")
        }
        if let due = requisition.summary?.currentPaymentDue, due != net, !billed.isEmpty {
            reasons.append("\(label): items add up to a net payable of \(Money.grouped(net)) (\(Money.grouped(gross)) less retainage \(Money.grouped(retainage))) but the requisition says \(Money.grouped(due)) (current_payment_due); correct the requisition in Procore and pull again")
        }
        let job = jobNo(projectID)
        var retainageAccount: GLAccountRef?
        if retainage != 0 {
            switch accounts.resolve(.retainagePayable, projectID: projectID) {
            case .success(let account): retainageAccount = account
            case .failure(let error): reasons.append("\(label): \(error.description)")
            }
        }
        let terms = t.mapping.termsCode ?? ""
        if terms.isEmpty {
            reasons.append("\(label): TermsCode is required on AP invoices but mapping.terms_code is not set; add it to the mapping section of the configuration")
        }
        guard let date = sageDate(requisition.billingDate) ?? sageDate(requisition.requisitionEnd) ?? sageDate(requisition.updatedAt) else {
            reasons.append("\(label): it has no billing date, period end or update time to use as InvoiceDate; set the billing date in Procore")
            return .failure(BuildFailure(reasons, label: label,
                                         blockedBy: BuildFailure.blocker(vendorBlocker, fromBlocker: vendorReasons, of: reasons)))
        }

        var invoiceKey: SageKey?
        var allocations: ArraySlice<IdentityAllocation> = []
        if let resolution {
            let before = keys.allocations.count
            switch keys.invoiceNumber(requisitionID: requisition.id, invoiceNumber: requisition.invoiceNumber,
                                      apDivisionNo: resolution.apDivisionNo, vendorNo: resolution.vendorNo) {
            case .success(let key): invoiceKey = key
            case .failure(let error): reasons.append("\(label): \(error.description)")
            }
            allocations = keys.allocations.dropFirst(before)
        }
        guard reasons.isEmpty, let resolution, let invoiceKey else {
            invalidRequisitions.insert(requisition.id)
            return .failure(BuildFailure(reasons, label: label,
                                         blockedBy: BuildFailure.blocker(vendorBlocker, fromBlocker: vendorReasons, of: reasons)))
        }

        var adjusted: [TransformSummary.AdjustedValue] = []
        if invoiceKey.source == .scheme, let original = requisition.invoiceNumber, !original.isEmpty {
            adjusted.append(.init(record: label, field: "InvoiceNo", original: original, written: invoiceKey.value,
                                  reason: invoiceKey.reason))
        }
        var lines = distributions.map {
            APInvoiceLine(accountKey: $0.account.accountKey, distributionAmt: $0.amount,
                          commentText: "cost code \($0.costCode)", jobNo: job,
                          costCode: job.isEmpty ? "" : $0.costCode, costType: job.isEmpty ? "" : $0.costType)
        }
        var amounts = distributions.map {
            RecordAmount(kind: SageDocumentKind.apInvoices.rawValue, vendorNo: resolution.vendorNo,
                         jobNo: job.isEmpty ? nil : job, account: $0.account.account, amount: $0.amount)
        }
        if let retainageAccount {
            lines.append(APInvoiceLine(accountKey: retainageAccount.accountKey, distributionAmt: -retainage,
                                       commentText: retainage > 0 ? "retainage held this period" : "retainage released this period"))
            amounts.append(RecordAmount(kind: SageDocumentKind.apInvoices.rawValue, vendorNo: resolution.vendorNo,
                                        jobNo: job.isEmpty ? nil : job, account: retainageAccount.account, amount: -retainage))
        }
        for (line, amount) in [("gross", gross), ("retainage", retainage), ("net", net)] {
            amounts.append(RecordAmount(kind: SageDocumentKind.apInvoices.rawValue, line: line, vendorNo: resolution.vendorNo,
                                        jobNo: job.isEmpty ? nil : job, account: nil, amount: amount))
        }
        let record = APInvoice(
            apDivisionNo: resolution.apDivisionNo, vendorNo: resolution.vendorNo, invoiceNo: invoiceKey.value,
            invoiceDate: date, termsCode: terms,
            comment: "Procore requisition \(requisition.id)".count <= 30 ? "Procore requisition \(requisition.id)" : "Procore \(requisition.id)",
            jobNo: job, invoiceAmt: net, retentionAmt: Self.retentionAmt(retainage: retainage, net: net), lines: lines)
        if let problem = Self.foreignOrigin(requisition.originID, ours: record.sageKey, label: label) {
            return .failure(BuildFailure([problem], label: label))
        }
        invoices[requisition.id] = (resolution.apDivisionNo, resolution.vendorNo, invoiceKey.value)
        let identities = allocations.map { IdentityPair(resource: $0.resource, procoreID: $0.procoreID, sageKey: $0.sageKey) }
        return .success(DocumentDraft(record: record, label: label, identities: identities, vendorIDs: [resolution.procoreVendorID],
                                      amounts: amounts, targetKey: record.sageKey, adjusted: adjusted))
    }
}
