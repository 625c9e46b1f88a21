import Foundation
import HTTP
import JSON

extension ProcoreClient: ProcoreOriginWriter {
    public func setOrigin(_ link: OriginLink) async throws {
        let objectKey: String
        switch link.resource {
        case "purchase_order_contracts": objectKey = "purchase_order_contract"
        case "work_order_contracts": objectKey = "work_order_contract"
        case "requisitions": objectKey = "requisition"
        case "contract_payments": objectKey = "contract_payment"
        default:
            throw ProcoreError.invalidConfiguration(field: "resource", reason: "'\(link.resource)' takes no origin_id here: use \(OriginLink.resources.joined(separator: ", "))")
        }
        var fields: [(String, JSONValue)] = [("origin_id", .string(link.originID))]
        if let data = link.originData { fields.append(("origin_data", .string(data))) }
        var top: [(String, JSONValue)] = [("project_id", .number(String(link.projectID)))]
        if let commitment = link.commitmentID {
            top.append((link.resource == "contract_payments" ? "contract_id" : "commitment_id", .number(String(commitment))))
        }
        top.append((objectKey, .object(JSONObject(fields))))
        let path = "/rest/v1.0/\(link.resource)/\(link.id)"
        _ = try await send(url(path, []), endpoint: "PATCH /rest/v1.0/\(link.resource)/{id}", projectID: link.projectID,
                           method: .patch, body: Data(JSONWriter.bytes(of: .object(JSONObject(top)))))
    }
}
