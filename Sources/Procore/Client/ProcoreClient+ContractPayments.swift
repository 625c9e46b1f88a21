import Foundation
import HTTP
import JSON
import Money

extension ProcoreClient: ProcorePaymentWriter {
    public func createContractPayment(_ payment: NewContractPayment) async throws -> ContractPayment {
        let path = "/rest/v1.0/contract_payments"
        let body = Data(JSONWriter.bytes(of: Self.body(payment)))
        let response = try await send(url(path, []), endpoint: "POST \(path)", projectID: payment.projectID,
                                      method: .post, body: body,
                                      extraHeaders: payment.idempotencyToken.map { [("Idempotency-Token", $0)] } ?? [])
        do {
            return try ProcoreJSONDecoder().decode(ContractPayment.self, from: response.body)
        } catch {
            throw ProcoreError.invalidResponse(endpoint: "POST \(path)", project: payment.projectID,
                                               reason: "the created payment could not be read (\(error)); look it up by origin_id before sending it again")
        }
    }

    public func contractPayments(projectID: Int64, contractID: Int64) async throws -> [ContractPayment] {
        let collected = Locked<[ContractPayment]>([])
        try await list(.contractPayments, projectID: projectID, contractID: contractID) { page in
            let decoded = try page.records.map { try $0.decode(ContractPayment.self, resource: "contract_payments") }
            collected.withLock { $0 += decoded }
        }
        return collected.withLock { $0 }
    }

    /// The request body, as the schema names it: ids at the top, the payment's fields under
    /// `contract_payment`, money as a decimal string.
    static func body(_ p: NewContractPayment) -> JSONValue {
        var fields: [(String, JSONValue)] = [("amount", .string(Money.text(p.amount, scale: 2)))]
        func add(_ name: String, _ value: String?) { if let value { fields.append((name, .string(value))) } }
        add("date", p.date?.description)
        add("check_number", p.checkNumber)
        add("invoice_number", p.invoiceNumber)
        add("payment_method", p.paymentMethod)
        add("notes", p.notes)
        add("origin_id", p.originID)
        add("origin_data", p.originData)
        if let r = p.requisitionID { fields.append(("requisition_id", .number(String(r)))) }
        return .object(JSONObject([
            ("project_id", .number(String(p.projectID))),
            ("contract_id", .number(String(p.contractID))),
            ("contract_payment", .object(JSONObject(fields))),
        ]))
    }
}
