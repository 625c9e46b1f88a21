import Foundation
import Testing
@testable import Procore

/// Field names match Swift names whatever their case and underscores; the matching is done on
/// bytes without building the normalized string, so equal keys must also hash alike.
@Suite("Procore field names: one key whatever the case and underscores")
struct NormalizedKeyTests {
    @Test("snake, camel and upper case spell one key; other names differ",
          arguments: [("vendor_id", "vendorID", true), ("vendor_id", "VendorId", true), ("__id", "ID", true),
                      ("vendor_id", "vendor_ids", false), ("vendor_id", "vendorid_x", false), ("", "_", true),
                      ("cost_code", "costcod", false)])
    func equality(a: String, b: String, equal: Bool) {
        #expect((NormalizedKey(a) == NormalizedKey(b)) == equal)
        if equal { #expect(NormalizedKey(a).hashValue == NormalizedKey(b).hashValue) }
    }

    @Test("a name outside ASCII is folded by Unicode and hashes with its ASCII equal")
    func unicode() {
        let kelvin = NormalizedKey("\u{212A}ey_name")  // KELVIN SIGN lower-cases to "k"
        #expect(kelvin == NormalizedKey("keyName"))
        #expect(kelvin.hashValue == NormalizedKey("keyName").hashValue)
        #expect(NormalizedKey("café_id") == NormalizedKey("CaféID"))
        #expect(NormalizedKey("café_id").hashValue == NormalizedKey("CaféID").hashValue)
    }

    @Test("decoding finds snake_case fields for camelCase properties, and a null optional is nil")
    func decoding() throws {
        struct Item: Decodable { var vendorID: Int64; var costCode: String?; var lineItemType: String? }
        let item = try ProcoreJSONDecoder().decode(Item.self, from: Data(#"{"vendor_id": 7, "COST_CODE": "09-300", "line_item_type": null}"#.utf8))
        #expect(item.vendorID == 7)
        #expect(item.costCode == "09-300")
        #expect(item.lineItemType == nil)
    }
}
