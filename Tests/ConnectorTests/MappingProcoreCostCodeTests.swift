import Foundation
import Testing
import Procore
@testable import Connector

@Suite("Mapping Procore cost codes")
struct MappingProcoreCostCodeTests {
    func record(_ json: String) -> ProcoreRecord {
        ProcoreRecord(id: 77, updatedAt: nil, raw: Data(json.utf8))
    }

    @Test func oneUsePerLineItemType() throws {
        let cost = try record("""
        {"id":77,"full_code":"03-100","code":"100","name":"Concrete Forming",
         "line_item_types":[{"id":1,"code":"M","name":"Materials"},{"id":2,"code":"L","name":"Labor"},{"id":3,"code":""}]}
        """).decode(ProcoreCostCodeRecord.self, resource: "cost_codes")
        #expect(cost.uses(projectID: 1001) == [
            ProcoreCostCodeUse(projectID: 1001, costCode: "03-100", name: "Concrete Forming", costType: "L"),
            ProcoreCostCodeUse(projectID: 1001, costCode: "03-100", name: "Concrete Forming", costType: "M"),
        ])
    }

    @Test func noTypesGivesOneUseAndCodeStandsInForFullCode() throws {
        let cost = try record(#"{"id":77,"full_code":null,"code":"100","name":"Forming"}"#)
            .decode(ProcoreCostCodeRecord.self, resource: "cost_codes")
        #expect(cost.uses(projectID: 5) == [ProcoreCostCodeUse(projectID: 5, costCode: "100", name: "Forming", costType: nil)])
        let empty = try record(#"{"id":77}"#).decode(ProcoreCostCodeRecord.self, resource: "cost_codes")
        #expect(empty.uses(projectID: 5).isEmpty)
    }

    @Test func wrongTypesNameTheRecordAndField() throws {
        #expect(throws: ProcoreError.self) {
            try record(#"{"id":77,"full_code":{"a":1}}"#).decode(ProcoreCostCodeRecord.self, resource: "cost_codes")
        }
        do {
            _ = try record(#"{"id":77,"line_item_types":"M"}"#).decode(ProcoreCostCodeRecord.self, resource: "cost_codes")
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("cost_codes"))
            #expect(text.contains("77"))
            #expect(text.contains("line_item_types"))
        }
    }
}
