import Foundation
import Testing
@testable import Procore

/// The transform reads requisition items through ``RequisitionItemBilling``; it must read the
/// fields it uses exactly as decoding the whole model does, and refuse the same bad values
/// with the same field and reason.
@Suite("Requisition item billing view")
struct RequisitionItemBillingTests {
    static func record(_ json: String, id: Int64 = 7) -> ProcoreRecord {
        ProcoreRecord(id: id, updatedAt: nil, raw: Data(json.utf8))
    }

    @Test("reads what the full model reads: numbers, decimal strings, nulls, absent fields, any case or underscores", arguments: [
        #"{"id": 7, "cost_code_id": 12, "line_item_id": 31, "work_completed_this_period": 1234.56, "materials_presently_stored": "10.00", "work_completed_retainage_retained_this_period": 123.46, "work_completed_retainage_released_this_period": null, "materials_stored_retainage_currently_retained": "1.00", "materials_stored_retainage_released_this_period": -0.5, "scheduled_value": "99.00", "description_of_work": "Steel"}"#,
        #"{"id": "8", "costCodeId": 12.0, "LINE_ITEM_ID": "31", "workCompletedThisPeriod": "-200.10"}"#,
        #"{"id": 9, "commitment_line_item_id": 44, "line_item_id": 31, "work_completed_this_period": 1e2}"#,
        #"{"id": 10, "work_completed_this_period": 1.00, "work_completed_this_period": 2.00}"#,
        #"{"id": 11}"#,
        #" { "id" : 12 , "work\u005fcompleted_this_period" : "3.50", "n\u00e4me": {"a": [1, {"b": null}]}, "Work_Completed_This_Period_": 4 } "#,
        #"{"id": 13, "materials_presently_stored": 1, "notes": "say \"hi\"", "nested": {"work_completed_this_period": 99}}"#,
    ])
    func sameAsModel(json: String) throws {
        let contract = try RequisitionItemBilling(record: Self.record(json), resource: "requisitions.contract_items", changeOrderItem: false)
        #expect(contract == RequisitionItemBilling(try Self.record(json).decode(RequisitionContractItem.self)))
        let change = try RequisitionItemBilling(record: Self.record(json), resource: "requisitions.change_order_items", changeOrderItem: true)
        #expect(change == RequisitionItemBilling(try Self.record(json).decode(RequisitionChangeOrderItem.self)))
    }

    @Test("refuses what the full model refuses, naming the same field with the same reason", arguments: [
        #"{"cost_code_id": 12}"#,
        #"{"id": null}"#,
        #"{"id": 7, "work_completed_this_period": "12,50"}"#,
        #"{"id": 7, "materials_presently_stored": true}"#,
        #"{"id": 7, "line_item_id": 3.5}"#,
        #"{"id": 7, "cost_code_id": "abc"}"#,
        #"[1, 2]"#,
        #""text""#,
        #"{}"#,
        #"null"#,
        #"{"id": 7,"#,
        #"{"id": 7} x"#,
        #"{"id" 7}"#,
        #"{"id": 7, "skipped": [1,]}"#,
        #"{"id": 7 "cost_code_id": 1}"#,
        #"{"id": 7, "bad\q": 1}"#,
    ])
    func refusesLikeModel(json: String) {
        var expected: ProcoreError?
        do { _ = try Self.record(json).decode(RequisitionContractItem.self, resource: "requisitions.contract_items") } catch {
            expected = error
        }
        var found: ProcoreError?
        do { _ = try RequisitionItemBilling(record: Self.record(json), resource: "requisitions.contract_items", changeOrderItem: false) } catch {
            found = error
        }
        #expect(expected != nil, "the model accepted \(json)")
        #expect(found?.description == expected?.description, "\(json)")
    }

    @Test("the item's other fields are not read, so a bad one does not refuse what it bills")
    func otherFieldsIgnored() throws {
        let json = #"{"id": 7, "scheduled_value": "n/a", "work_completed_this_period": "5.00"}"#
        let billing = try RequisitionItemBilling(record: Self.record(json), resource: "requisitions.contract_items", changeOrderItem: false)
        #expect(billing.workCompletedThisPeriod == Decimal(5))
    }
}
