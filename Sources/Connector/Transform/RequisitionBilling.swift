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

    init(contractItems: [RequisitionItemBilling], changeOrderItems: [RequisitionItemBilling]) {
        func value(_ d: Decimal?) -> Decimal { d ?? 0 }
        func item(_ item: RequisitionItemBilling, label: String) -> Item {
            Item(itemLabel: label, lineItemID: item.commitmentLineItemID ?? item.lineItemID, costCodeID: item.costCodeID,
                 amount: value(item.workCompletedThisPeriod) + value(item.materialsPresentlyStored),
                 retainage: value(item.workCompletedRetainageRetainedThisPeriod) - value(item.workCompletedRetainageReleasedThisPeriod)
                     + value(item.materialsStoredRetainageCurrentlyRetained) - value(item.materialsStoredRetainageReleasedThisPeriod))
        }
        items.reserveCapacity(contractItems.count + changeOrderItems.count)
        for contractItem in contractItems { items.append(item(contractItem, label: "contract item \(contractItem.id)")) }
        for changeItem in changeOrderItems { items.append(item(changeItem, label: "change order item \(changeItem.id)")) }
    }

    /// Work completed plus materials stored, all items.
    var gross: Decimal { items.reduce(0) { $0 + $1.amount } }
    /// Retainage held less released, all items.
    var retainage: Decimal { items.reduce(0) { $0 + $1.retainage } }

    /// The items of a staged requisition: its `contract_items` and `change_order_items` children
    /// (the record's own `items` when the pull staged no contract items), each read for what it
    /// bills (``RequisitionItemBilling``), and why any cannot be read, naming the item and field.
    static func items(of staged: StagedRecord, requisition: Requisition)
        -> (contract: [RequisitionItemBilling], changeOrders: [RequisitionItemBilling], problems: [String]) {
        var problems: [String] = []
        func read(_ name: String) -> [RequisitionItemBilling] {
            var out: [RequisitionItemBilling] = []
            let children = staged.children[name] ?? []
            out.reserveCapacity(children.count)
            for child in children {
                do {
                    out.append(try RequisitionItemBilling(record: child, resource: "\(staged.resource).\(name)",
                                                          changeOrderItem: name == "change_order_items"))
                } catch {
                    problems.append("\(name) \(error.description)")
                }
            }
            return out
        }
        let contract = staged.children["contract_items"] != nil ? read("contract_items")
            : (requisition.items ?? []).map(RequisitionItemBilling.init)
        return (contract, read("change_order_items"), problems)
    }
}
