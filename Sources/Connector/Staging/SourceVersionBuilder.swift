import Foundation
import Ledger
import Procore
import Sage100

/// Turns a staged line (the pull's line format, also what finance copies into `inbox/`) into
/// the source version the ledger stores: the line itself, the fields the ledger indexes and the
/// line items later stages look up. The one place a staged line becomes a ledger version, for
/// the pull, the webhook pull, inbox corrections and the one-time import of old staging folders.
public enum SourceVersionBuilder {
    /// The version of one staged line (with or without its final line break).
    public static func version(ofLine line: Data, file: String = "staged line", number: Int = 1)
        -> Result<NewSourceVersion, StagedLineError> {
        var bytes = line
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        switch StagedRecordReader.parse(bytes, file: file, line: number) {
        case .success(let staged): return .success(version(of: staged, line: bytes))
        case .failure(let error): return .failure(error)
        }
    }

    /// The version of a parsed staged record whose line is `line` (no line break).
    public static func version(of staged: StagedRecord, line: Data) -> NewSourceVersion {
        // A commitment is read once for both its line items and its payment fact.
        let commitment = commitmentView(of: staged)
        return NewSourceVersion(resource: staged.resource, companyID: staged.companyID, projectID: staged.projectID,
                                sourceID: staged.record.id, sourceUpdatedAt: staged.record.updatedAt,
                                contentSHA256: staged.contentSHA256, line: line,
                                lineItems: lineItems(of: staged, commitment: commitment),
                                paymentFact: paymentFact(of: staged, commitment: commitment))
    }

    /// The commitment view of a commitment or commitment change order (nil for other resources,
    /// or a record that does not decode).
    static func commitmentView(of staged: StagedRecord) -> CommitmentView? {
        switch staged.resource {
        case "purchase_order_contracts", "work_order_contracts", "commitment_change_orders":
            return try? staged.record.decode(CommitmentView.self)
        default:
            return nil
        }
    }

    /// What a commitment, requisition or contract payment says about money owed and paid, for
    /// planning payment listings (nil for other resources, or a record that does not decode).
    public static func paymentFact(of staged: StagedRecord) -> SourcePaymentFact? {
        paymentFact(of: staged, commitment: commitmentView(of: staged))
    }

    static func paymentFact(of staged: StagedRecord, commitment: CommitmentView?) -> SourcePaymentFact? {
        // Each record is read through a view of the few fields the fact needs: the pull builds
        // one for every record it receives, and the full models decode dozens of fields.
        switch staged.resource {
        case "purchase_order_contracts", "work_order_contracts":
            guard let contract = commitment else { return nil }
            return SourcePaymentFact(kind: .commitment, commitmentID: contract.id, active: contract.deletedAt == nil)
        case "requisitions":
            guard let requisition = try? staged.record.decode(RequisitionView.self) else { return nil }
            let approved = requisition.status.map(PaymentPlanner.approved.contains) ?? false
            return SourcePaymentFact(kind: .requisition, commitmentID: requisition.commitmentID, active: approved,
                                     cents: cents(requisition.summary?.currentPaymentDue))
        case "contract_payments":
            guard let payment = try? staged.record.decode(PaymentView.self) else { return nil }
            return SourcePaymentFact(kind: .payment, commitmentID: payment.contractID, requisitionID: payment.requisitionID,
                                     active: true, cents: cents(payment.amount))
        default:
            return nil
        }
    }

    /// The fields of a commitment (`PurchaseOrderContract`, `WorkOrderContract`) or commitment
    /// change order the ledger's facts read.
    struct CommitmentView: Decodable {
        var id: Int64
        var deletedAt: Date?
        var lineItems: [LineItemView]?
    }

    /// The fields of a `CommitmentLineItem` the ledger indexes.
    struct LineItemView: Decodable {
        struct CostCode: Decodable { var fullCode: String? }
        struct ItemType: Decodable { var id: Int64; var code: String? }
        var id: Int64
        var costCode: CostCode?
        var lineItemType: ItemType?
    }

    /// The fields of a `Requisition` the payment facts read.
    struct RequisitionView: Decodable {
        struct Summary: Decodable { var currentPaymentDue: Decimal? }
        var commitmentID: Int64?
        var status: String?
        var summary: Summary?
    }

    /// The fields of a `ContractPayment` the payment facts read.
    struct PaymentView: Decodable {
        var contractID: Int64?
        var requisitionID: Int64?
        var amount: Decimal?
    }

    /// An exact amount in whole cents (half away from zero), 0 when absent.
    static func cents(_ amount: Decimal?) -> Int64 {
        guard let amount else { return 0 }
        return NSDecimalNumber(decimal: SageDecimal.rounded(amount * 100, scale: 0)).int64Value
    }

    /// The commitment or change order lines of a staged record (inline, read with its
    /// commitment view, and as children).
    static func lineItems(of staged: StagedRecord, commitment: CommitmentView?) -> [SourceLineItem] {
        switch staged.resource {
        case "purchase_order_contracts", "work_order_contracts", "commitment_change_orders": break
        default: return []
        }
        let inline = commitment?.lineItems ?? []
        var items: [Int64: SourceLineItem] = [:]
        var order: [Int64] = []
        func add(_ line: LineItemView) {
            if items[line.id] == nil { order.append(line.id) }
            items[line.id] = SourceLineItem(id: line.id, costCode: line.costCode?.fullCode,
                                            costTypeID: line.lineItemType?.id, costTypeCode: line.lineItemType?.code)
        }
        inline.forEach(add)
        for child in staged.children["line_items"] ?? [] {
            if let line = try? child.decode(LineItemView.self) { add(line) }
        }
        return order.compactMap { items[$0] }
    }
}
