import Money
import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// An approved commitment change order -> `PurchaseOrderChange`: one miscellaneous line per
    /// change order line item (job, cost code, cost type and the cost account the commitment's
    /// own lines use), added to the purchase order of its commitment, so Sage's committed cost
    /// follows Procore's revised commitment. Nothing is posted to the GL: the requisitions that
    /// bill the work are the cost. Nil when not approved, deleted, or without any amount.
    func buildPurchaseOrderChange(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let approved: ApprovedChangeOrder
        switch approvedChangeOrder(staged) {
        case .failure(let failure): return .failure(failure)
        case .success(nil): return .success(nil)
        case .success(let found?): approved = found
        }
        let (order, commitment, projectID, label, items) = (approved.order, approved.commitment, approved.projectID,
                                                            approved.label, approved.items)
        let contractID = order.contractID ?? order.contract?.id
        var reasons: [String] = []
        var adjusted: [TransformSummary.AdjustedValue] = []
        if items.allSatisfy({ ($0.amount ?? $0.totalAmount ?? $0.extendedAmount ?? 0) == 0 }) {
            if let total = order.grandTotal, total != 0 {
                return .failure(BuildFailure("\(label): it totals \(Money.grouped(total)) but has no line items with an amount, so there is no cost code to commit it to; add line items to the change order in Procore and pull again"))
            }
            summary.nothingToPost.append(.init(
                resource: staged.resource, sourceID: order.id, label: label,
                reason: "\(label): it changes the commitment by 0.00, so there is nothing to add to its purchase order"))
            return .success(nil)
        }

        // The purchase order it changes: numbered in this transform, or recorded by an earlier one.
        var purchaseOrderNo: String?
        var needs: [BatchCommit.Prerequisite] = []
        var blocker: String?
        if let contractID {
            index.touch(Ledger.lookupKey(resource: "purchase_order_contracts", id: contractID))
            let resource = commitment?.resource ?? "work_order_contracts"
            let poKey = Transformer.idempotencyKey(company: company, kind: .purchaseOrders, resource: resource, sourceID: contractID)
            if let number = purchaseOrderNumbers[contractID] {
                purchaseOrderNo = number
            } else if invalidCommitments.contains(contractID) {
                blocker = Ledger.lookupKey(resource: resource, id: contractID)
                reasons.append("\(label): commitment \(contractID) is invalid in this transform, so its purchase order does not exist yet; fix the commitment (see its messages) and transform again")
            } else {
                do {
                    purchaseOrderNo = try t.ledger.sageKey(company: company, resource: SageKeyAllocator.purchaseOrderResource, procoreID: contractID)
                } catch {
                    reasons.append("\(label): the ledger could not be read (\(error)); check the ledger file and run again")
                }
                if purchaseOrderNo == nil && reasons.isEmpty {
                    reasons.append("\(label): commitment \(contractID) has no purchase order in Sage 100 yet (it was neither posted, batched, nor approved in this transform); approve the commitment in Procore and transform it first, then transform again")
                }
            }
            needs = [BatchCommit.Prerequisite(idempotencyKey: poKey, what: SageDocumentKind.purchaseOrders.displayName)]
        } else {
            reasons.append("\(label): it names no commitment, so there is no purchase order to change; link the change order to its commitment in Procore and pull again")
        }

        var vendorNo: String?
        if let vendorID = commitment?.vendorID ?? order.vendor?.id,
           case .ready(let resolution)? = try? vendor(vendorID, nameHint: commitment?.vendorName ?? order.vendor?.displayName) {
            vendorNo = resolution.vendorNo
        }
        let job = jobNo(projectID)
        let reference = "CCO \(order.number ?? String(order.id))"
        var lines: [PurchaseOrderLine] = []
        var amounts: [RecordAmount] = []
        for (position, item) in items.enumerated() {
            let lineLabel = "\(label) line \(position + 1) (line item \(item.id))"
            guard let amount = item.amount ?? item.totalAmount ?? item.extendedAmount else {
                reasons.append("\(lineLabel): it has no amount; enter the amount in Procore and pull again")
                continue
            }
            if amount == 0 { continue }
            guard let costCode = item.costCode?.fullCode?.trimmingCharacters(in: .whitespaces), !costCode.isEmpty else {
                reasons.append("\(lineLabel): it has no cost code, so the commitment cannot be changed on a job cost line; assign a cost code in Procore and pull again")
                continue
            }
            let costType = item.lineItemType?.code ?? item.lineItemType.flatMap { index.lineItemType($0.id)?.code }
            switch resolveAccount(costCode: costCode, costType: costType, projectID: projectID) {
            case .failure(let error):
                let text = "\(label): \(error.description)"
                if !reasons.contains(text) { reasons.append(text) }
            case .success(let account):
                let description = fit("\(reference) \(item.description ?? "")", 30, field: "ItemCodeDesc", record: lineLabel, adjusted: &adjusted)
                lines.append(PurchaseOrderLine(
                    itemType: "5", itemCode: PurchaseOrderChange.itemCode, itemCodeDesc: description,
                    purchasesAcctKey: account.accountKey, jobNo: job, costCode: job.isEmpty ? "" : costCode.uppercased(),
                    costType: job.isEmpty ? "" : (costType ?? "").uppercased(),
                    quantityOrdered: 1, unitCost: amount, extensionAmt: amount))
                amounts.append(RecordAmount(kind: SageDocumentKind.purchaseOrderChanges.rawValue, vendorNo: vendorNo,
                                            jobNo: job.isEmpty ? nil : job, account: account.account, amount: amount))
            }
        }
        guard reasons.isEmpty, let purchaseOrderNo else {
            return .failure(BuildFailure(reasons, label: label, blockedBy: BuildFailure.blocker(blocker, fromBlocker: 1, of: reasons)))
        }
        let record = PurchaseOrderChange(purchaseOrderNo: purchaseOrderNo, lines: lines)
        return .success(DocumentDraft(record: record, label: label, amounts: amounts, targetKey: nil,
                                      adjusted: adjusted, needs: needs))
    }

    /// An approved, live commitment change order with what both ways of posting it need.
    struct ApprovedChangeOrder {
        var order: CommitmentChangeOrder
        var commitment: SourceIndex.CommitmentInfo?
        var projectID: Int64?
        var label: String
        /// Its line items in Procore's order (position, then id).
        var items: [CommitmentLineItem]
    }

    /// The change order of `staged` when it is approved and not deleted (nil otherwise).
    func approvedChangeOrder(_ staged: StagedRecord) -> Result<ApprovedChangeOrder?, BuildFailure> {
        let order: CommitmentChangeOrder
        switch decode(CommitmentChangeOrder.self, staged) {
        case .failure(let failure): return .failure(failure)
        case .success(let o): order = o
        }
        guard (order.status ?? "").lowercased() == "approved", order.deletedAt == nil else { return .success(nil) }
        let commitment = (order.contractID ?? order.contract?.id).flatMap { index.commitment($0) }
        return .success(ApprovedChangeOrder(
            order: order, commitment: commitment, projectID: staged.projectID ?? commitment?.projectID,
            label: changeOrderLabel(order, commitment: commitment),
            items: (order.lineItems ?? []).sorted { ($0.position ?? Int.max, $0.id) < ($1.position ?? Int.max, $1.id) }))
    }

    /// "commitment change order 31000025 (number 001, Great Lakes Insulation)".
    func changeOrderLabel(_ order: CommitmentChangeOrder, commitment: SourceIndex.CommitmentInfo?) -> String {
        var parts: [String] = []
        if let number = order.number, !number.isEmpty { parts.append("number \(SageText.shown(number))") }
        if let name = order.vendor?.displayName ?? commitment?.vendorName, !name.isEmpty { parts.append(SageText.shown(name)) }
        return "commitment change order \(order.id)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }
}
