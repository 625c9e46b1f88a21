import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// What a refused record holds back, read from its Procore record as far as it decodes:
    /// the amount Sage would have been sent (a requisition's net payable, a commitment's or
    /// change order's total, a payment's amount, a pay app's payment due), its vendor's name and
    /// its job. Only refused records pay for this second look.
    func heldFacts(_ staged: StagedRecord, kind: SageDocumentKind) -> RecordHold {
        let job = { (projectID: Int64?) -> String? in
            let number = self.jobNo(projectID ?? staged.projectID)
            return number.isEmpty ? nil : number
        }
        switch staged.resource {
        case "requisitions":
            guard case .success(let requisition) = decode(Requisition.self, staged) else { break }
            let commitment = requisition.commitmentID.flatMap { index.commitment($0) }
            return RecordHold(amount: requisition.summary?.currentPaymentDue ?? requisition.totalClaimedAmount,
                              vendorName: requisition.vendorName ?? commitment?.vendorName,
                              jobNo: job(requisition.projectID ?? commitment?.projectID))
        case "purchase_order_contracts", "work_order_contracts":
            let commitment: (any ProcoreCommitment)? = staged.resource == "purchase_order_contracts"
                ? try? decode(PurchaseOrderContract.self, staged).get() : try? decode(WorkOrderContract.self, staged).get()
            guard let commitment else { break }
            var items = commitment.lineItems ?? []
            if staged.children["line_items"] != nil, case .success(let children) = children("line_items", of: staged, as: CommitmentLineItem.self) {
                items = children
            }
            let total = items.reduce(Decimal(0)) { $0 + ($1.amount ?? $1.totalAmount ?? $1.extendedAmount ?? 0) }
            return RecordHold(amount: items.isEmpty ? nil : total, vendorName: commitment.vendor?.displayName,
                              jobNo: job(commitment.project?.id))
        case "commitment_change_orders":
            guard case .success(let order) = decode(CommitmentChangeOrder.self, staged) else { break }
            let commitment = (order.contractID ?? order.contract?.id).flatMap { index.commitment($0) }
            let items = order.lineItems ?? []
            let total = items.isEmpty ? order.grandTotal
                : items.reduce(Decimal(0)) { $0 + ($1.amount ?? $1.totalAmount ?? $1.extendedAmount ?? 0) }
            return RecordHold(amount: total, vendorName: order.vendor?.displayName ?? commitment?.vendorName,
                              jobNo: job(commitment?.projectID))
        case "contract_payments":
            guard case .success(let payment) = decode(ContractPayment.self, staged) else { break }
            let requisition = payment.requisitionID.flatMap { index.requisition($0) }
            let commitment = requisition?.commitmentID.flatMap { index.commitment($0) }
            return RecordHold(amount: payment.amount, vendorName: requisition?.vendorName ?? commitment?.vendorName,
                              jobNo: job(payment.projectID))
        case "payment_applications":
            guard case .success(let application) = decode(PaymentApplication.self, staged) else { break }
            return RecordHold(amount: application.g702?.currentPaymentDue, jobNo: job(nil))
        case "vendors":
            guard case .success(let vendor) = decode(Vendor.self, staged) else { break }
            return RecordHold(vendorName: vendor.name)
        default:
            break
        }
        return RecordHold(jobNo: job(nil))
    }
}
