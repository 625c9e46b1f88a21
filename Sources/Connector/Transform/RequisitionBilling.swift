import Foundation
import Procore

/// What a requisition bills this period, item by item: work completed plus materials presently
/// stored, and the retainage each item holds (positive) or releases (negative). The AP invoice
/// and the job-to-date reconciliation read the same figures, so the two can never disagree on
/// what "billed" means.
struct RequisitionBilling {
    struct Item {
        var itemLabel: String
        var lineItemID: Int64?
        var costCodeID: Int64?
        var amount: Decimal
        var retainage: Decimal
    }

    var items: [Item] = []

    init(contractItems: [RequisitionContractItem], changeOrderItems: [RequisitionChangeOrderItem]) {
        func value(_ d: Decimal?) -> Decimal { d ?? 0 }
        for item in contractItems {
            items.append(Item(
                itemLabel: "contract item \(item.id)", lineItemID: item.lineItemID, costCodeID: item.costCodeID,
                amount: value(item.workCompletedThisPeriod) + value(item.materialsPresentlyStored),
                retainage: value(item.workCompletedRetainageRetainedThisPeriod) - value(item.workCompletedRetainageReleasedThisPeriod)
                    + value(item.materialsStoredRetainageCurrentlyRetained) - value(item.materialsStoredRetainageReleasedThisPeriod)))
        }
        for item in changeOrderItems {
            items.append(Item(
                itemLabel: "change order item \(item.id)", lineItemID: item.commitmentLineItemID ?? item.lineItemID,
                costCodeID: item.costCodeID,
                amount: value(item.workCompletedThisPeriod) + value(item.materialsPresentlyStored),
                retainage: value(item.workCompletedRetainageRetainedThisPeriod) - value(item.workCompletedRetainageReleasedThisPeriod)
                    + value(item.materialsStoredRetainageCurrentlyRetained) - value(item.materialsStoredRetainageReleasedThisPeriod)))
        }
    }

    /// Work completed plus materials stored, all items.
    var gross: Decimal { items.reduce(0) { $0 + $1.amount } }
    /// Retainage held less released, all items.
    var retainage: Decimal { items.reduce(0) { $0 + $1.retainage } }

    /// The items of a staged requisition: its `contract_items` and `change_order_items` children
    /// (the record's own `items` when the pull staged no contract items), or why they cannot be read.
    static func items(of staged: StagedRecord, requisition: Requisition)
        -> (contract: [RequisitionContractItem], changeOrders: [RequisitionChangeOrderItem], problems: [String]) {
        var problems: [String] = []
        func decoded<T: Decodable>(_ name: String, _ type: T.Type) -> [T] {
            var out: [T] = []
            for child in staged.children[name] ?? [] {
                do { out.append(try child.decode(T.self, resource: "\(staged.resource).\(name)")) } catch {
                    problems.append("\(name) \(error.description)")
                }
            }
            return out
        }
        let contract = staged.children["contract_items"] != nil ? decoded("contract_items", RequisitionContractItem.self)
            : (requisition.items ?? [])
        return (contract, decoded("change_order_items", RequisitionChangeOrderItem.self), problems)
    }
}
