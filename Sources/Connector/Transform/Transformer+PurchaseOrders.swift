import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// Why a record carrying another integration's `origin_id` is not posted (nil when it has
    /// none, or carries the Sage key this connector gives it: its own link-back).
    static func foreignOrigin(_ originID: String?, ours: String, label: String) -> String? {
        guard let origin = originID?.trimmingCharacters(in: .whitespaces), !origin.isEmpty, origin != ours else { return nil }
        return "\(label): it carries origin_id '\(SageText.shown(origin))' from another integration (this connector would post it as \(ours)); it is not posted, so Sage 100 does not get it twice. If that link is wrong, clear the origin_id in Procore and pull again"
    }

    /// Item code of the connector's miscellaneous purchase order lines (ItemType 5).
    static let purchaseOrderItemCode = "/COMMITMENT"

    /// A purchase order contract or subcontract -> `PurchaseOrder`, one misc line per
    /// schedule-of-values line. Nil when it is not approved/complete or is deleted.
    func buildPurchaseOrder(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        struct Commitment {
            var id: Int64, number: String?, title: String?, status: String?, vendor: VendorRef?, projectID: Int64?
            var deleted: Bool, lineItems: [CommitmentLineItem]?, date: ProcoreDay?, updatedAt: Date?, originID: String?
        }
        func summary(_ c: some ProcoreCommitment) -> Commitment {
            Commitment(id: c.id, number: c.number, title: c.title, status: c.status, vendor: c.vendor,
                       projectID: c.project?.id ?? staged.projectID, deleted: c.deletedAt != nil,
                       lineItems: c.lineItems, date: c.contractDate ?? c.issuedOnDate ?? c.executionDate, updatedAt: c.updatedAt,
                       originID: c.originID)
        }
        let decoded = staged.resource == "purchase_order_contracts"
            ? decode(PurchaseOrderContract.self, staged).map(summary)
            : decode(WorkOrderContract.self, staged).map(summary)
        let commitment: Commitment
        switch decoded {
        case .failure(let failure): return .failure(failure)
        case .success(let decoded): commitment = decoded
        }
        let status = (commitment.status ?? "").lowercased()
        guard !commitment.deleted, status == "approved" || status == "complete" else { return .success(nil) }

        let what = staged.resource == "purchase_order_contracts" ? "purchase order contract" : "subcontract"
        let vendorName = commitment.vendor?.displayName ?? ""
        var labelParts: [String] = []
        if !vendorName.isEmpty { labelParts.append(SageText.shown(vendorName)) }
        if let number = commitment.number, !number.isEmpty { labelParts.append("number \(SageText.shown(number))") }
        let label = "\(what) \(commitment.id)" + (labelParts.isEmpty ? "" : " (\(labelParts.joined(separator: ", ")))")

        var reasons: [String] = []
        var adjusted: [TransformSummary.AdjustedValue] = []
        var lineItems = commitment.lineItems ?? []
        if staged.children["line_items"] != nil {
            switch children("line_items", of: staged, as: CommitmentLineItem.self) {
            case .success(let items): lineItems = items
            case .failure(let failure): reasons += failure.reasons
            }
        }
        lineItems.sort { ($0.position ?? Int.max, $0.id) < ($1.position ?? Int.max, $1.id) }
        if lineItems.isEmpty && reasons.isEmpty {
            reasons.append("\(label): it has no schedule-of-values lines; add line items to the commitment in Procore and pull again")
        }

        let resolution: VendorResolution?
        var vendorBlocker: String?
        var vendorReasons = 0
        do {
            switch try documentVendor(commitment.vendor?.id, nameHint: vendorName, label: label) {
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

        let job = jobNo(commitment.projectID)
        var lines: [PurchaseOrderLine] = []
        var amounts: [RecordAmount] = []
        for (position, item) in lineItems.enumerated() {
            let lineLabel = "\(label) line \(position + 1) (line item \(item.id))"
            guard let amount = item.amount ?? item.totalAmount ?? item.extendedAmount else {
                reasons.append("\(lineLabel): it has no amount; enter the amount in Procore and pull again")
                continue
            }
            guard let costCode = item.costCode?.fullCode?.trimmingCharacters(in: .whitespaces), !costCode.isEmpty else {
                hint(.lineCostCode(resource: staged.resource, commitmentID: commitment.id, lineItemID: item.id))
                reasons.append("\(lineLabel): it has no cost code, so no GL account can be chosen; assign a cost code in Procore and pull again")
                continue
            }
            let costType = item.lineItemType?.code ?? item.lineItemType.flatMap { index.lineItemType($0.id)?.code }
            let account: GLAccountRef
            switch resolveAccount(costCode: costCode, costType: costType, projectID: commitment.projectID) {
            case .success(let a): account = a
            case .failure(let error):
                reasons.append("\(label): \(error.description)")
                continue
            }
            var quantity = Decimal(1)
            var unitCost = amount
            if let q = item.quantity, let u = item.unitCost, q != 0,
               SageDecimal.rounded(q * u, scale: 2) == amount, SageDecimal.scale(of: q) <= 6, SageDecimal.scale(of: u) <= 6 {
                quantity = q
                unitCost = u
            }
            let description = fit(item.description, 30, field: "ItemCodeDesc", record: lineLabel, adjusted: &adjusted)
            lines.append(PurchaseOrderLine(
                itemType: "5", itemCode: Self.purchaseOrderItemCode, itemCodeDesc: description,
                purchasesAcctKey: account.accountKey, jobNo: job, costCode: job.isEmpty ? "" : costCode.uppercased(),
                costType: job.isEmpty ? "" : (costType ?? "").uppercased(),
                quantityOrdered: quantity, unitCost: unitCost, extensionAmt: amount))
            amounts.append(RecordAmount(kind: SageDocumentKind.purchaseOrders.rawValue, vendorNo: resolution?.vendorNo,
                                        jobNo: job.isEmpty ? nil : job, account: account.account, amount: amount))
        }

        let before = keys.allocations.count
        var number: SageKey?
        // Sage's PurchaseOrderNo holds letters and digits only: "SC-001" is offered as "SC001".
        let offered = commitment.number.map { $0.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        switch keys.purchaseOrderNumber(commitmentID: commitment.id, commitmentNumber: offered) {
        case .success(let key): number = key
        case .failure(let error): reasons.append("\(label): \(error.description)")
        }
        let allocations = keys.allocations.dropFirst(before)
        if let number, number.source != .identityMap, let original = commitment.number, !original.isEmpty,
           number.value != original {
            adjusted.append(.init(record: label, field: "PurchaseOrderNo", original: original, written: number.value,
                                  reason: number.source == .scheme ? number.reason
                                    : "PurchaseOrderNo holds up to 7 letters and digits in Sage 100"))
        }
        if let number, let problem = Self.foreignOrigin(commitment.originID, ours: number.value, label: label) { reasons.append(problem) }
        guard reasons.isEmpty, let resolution, let number else { return .failure(BuildFailure(reasons, label: label,
                                         blockedBy: BuildFailure.blocker(vendorBlocker, fromBlocker: vendorReasons, of: reasons))) }
        let record = PurchaseOrder(
            purchaseOrderNo: number.value,
            purchaseOrderDate: sageDate(commitment.date) ?? sageDate(commitment.updatedAt) ?? today,
            apDivisionNo: resolution.apDivisionNo, vendorNo: resolution.vendorNo, termsCode: t.mapping.termsCode ?? "",
            comment: "Procore commitment \(commitment.id)".count <= 30 ? "Procore commitment \(commitment.id)" : "Procore \(commitment.id)",
            lines: lines)
        purchaseOrderNumbers[commitment.id] = number.value
        let identities = allocations.map { IdentityPair(resource: $0.resource, procoreID: $0.procoreID, sageKey: $0.sageKey) }
        return .success(DocumentDraft(record: record, label: label, identities: identities, vendorIDs: [resolution.procoreVendorID],
                                      amounts: amounts, targetKey: number.value, adjusted: adjusted))
    }
}
