import Foundation
import HTTP
import JSON
import Sage100
import Sandbox
import Testing

/// Starts a Sage agent simulator on a free loopback port, talks to it with the real libcurl
/// client, and stops it (and removes its SQLite file) afterwards.
struct SageAgentHarness {
    static let apiKey = "test-key-7f3a"
    let simulator: SageAgentSimulator
    let client: CurlHTTPClient
    var apiKey: String? = SageAgentHarness.apiKey

    static func with<T>(_ configuration: SageAgentSimulatorConfiguration = .init(apiKey: SageAgentHarness.apiKey),
                        client: HTTPClientConfiguration = .init(timeout: .seconds(15)),
                        _ body: (SageAgentHarness) async throws -> T) async throws -> T {
        let simulator = try SageAgentSimulator(configuration: configuration)
        try await simulator.start()
        let harness = SageAgentHarness(simulator: simulator, client: CurlHTTPClient(configuration: client),
                                       apiKey: configuration.apiKey)
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: simulator.databasePath + suffix) }
        }
        do {
            let result = try await body(harness)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    var company: String { simulator.configuration.company }

    func url(_ path: String) -> String { simulator.baseURL + path }

    func headers(json: Bool = false) -> HTTPHeaders {
        var h = HTTPHeaders()
        if let apiKey { h.add("Authorization", "Bearer \(apiKey)") }
        if json { h.add("Content-Type", "application/json") }
        return h
    }

    func get(_ path: String) async throws -> HTTPResponse {
        try await client.send(HTTPRequest(method: .get, url: url(path), headers: headers()))
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        #expect(response.isSuccess, "HTTP \(response.status): \(response.text)", sourceLocation: sourceLocation)
        return try AgentWire.makeDecoder().decode(T.self, from: response.body)
    }

    /// POST an import and return the raw response.
    func postImport(_ kind: String, batch: String = "B1", records: [ImportRecord]) async throws -> HTTPResponse {
        let body = try AgentWire.makeEncoder().encode(ImportRequest(batchID: batch, records: records))
        return try await client.send(HTTPRequest(method: .post, url: url("/v1/companies/\(company)/imports/\(kind)"),
                                                 headers: headers(json: true), body: body))
    }

    /// POST an import that must answer 200; the per-record results.
    func importRecords(_ kind: String, batch: String = "B1", _ records: [ImportRecord],
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> [RecordResult] {
        let response = try await postImport(kind, batch: batch, records: records)
        let decoded = try decode(ImportResponse.self, response, sourceLocation: sourceLocation)
        #expect(decoded.results.count == records.count, sourceLocation: sourceLocation)
        return decoded.results
    }

    func errorBody(_ response: HTTPResponse) throws -> AgentErrorDetail {
        try AgentWire.makeDecoder().decode(AgentErrorBody.self, from: response.body).error
    }
}

/// Sample Sage records as the contract carries them (money as strings).
enum SageSamples {
    static func invoice(_ number: String, vendor: String = "0001000", division: String = "00",
                        lines: [(account: String, amount: String)] = [("510002000", "600.00"), ("510003000", "300.00")],
                        amount: String? = "900.00", retention: String? = nil) -> JSONValue {
        var object: JSONObject = [
            "APDivisionNo": .string(division), "VendorNo": .string(vendor), "InvoiceNo": .string(number),
            "InvoiceDate": "20261115", "TermsCode": "30", "Comment": "Pay app 3",
            "lines": .array(lines.enumerated().map { i, line in
                ["AccountKey": .string(line.account), "DistributionAmt": .string(line.amount),
                 "JobNo": "J1001", "CostCode": "03-300", "CostType": "S", "CommentText": .string("line \(i + 1)")]
            }),
        ]
        if let amount { object["InvoiceAmt"] = .string(amount) }
        if let retention { object["RetentionAmt"] = .string(retention) }
        return .object(object)
    }

    static func vendor(_ number: String, name: String = "Summit Steel Supply", division: String = "00") -> JSONValue {
        ["APDivisionNo": .string(division), "VendorNo": .string(number), "VendorName": .string(name),
         "City": "Portland", "State": "OR", "ZipCode": "97201", "TermsCode": "30", "UDF_PROCORE_ID": "562949953421312"]
    }

    static func journal(debit: String = "250.00", credit: String = "250.00",
                        accounts: (String, String) = ("580000000", "201000000")) -> JSONValue {
        ["PostingDate": "20261120", "JournalComment": "CO #4 approved",
         "lines": [["AccountKey": .string(accounts.0), "DebitAmount": .string(debit), "Comment": "CO 4"],
                   ["AccountKey": .string(accounts.1), "CreditAmount": .string(credit), "Comment": "CO 4"]]]
    }

    static func purchaseOrder(_ number: String? = nil, quantity: String = "2", unitCost: String = "1250.50",
                              extension ext: String = "2501.00") -> JSONValue {
        var object: JSONObject = [
            "PurchaseOrderDate": "20261101", "APDivisionNo": "00", "VendorNo": "0001001",
            "lines": [["ItemType": "5", "ItemCode": "/SUBCONTRACT", "PurchasesAcctKey": "510002000", "JobNo": "J1001",
                       "CostCode": "03-300", "CostType": "S", "QuantityOrdered": .string(quantity),
                       "UnitCost": .string(unitCost), "ExtensionAmt": .string(ext)]],
        ]
        if let number { object["PurchaseOrderNo"] = .string(number) }
        return .object(object)
    }

    /// Lines added to purchase order `number` (a change order), each `(UnitCost, ExtensionAmt)` at quantity 1.
    static func purchaseOrderChange(_ number: String, amounts: [String]) -> JSONValue {
        ["PurchaseOrderNo": .string(number),
         "lines": .array(amounts.map { amount in
             ["ItemType": "5", "ItemCode": "/CHANGEORDER", "ItemCodeDesc": "CCO 001", "PurchasesAcctKey": "510002000",
              "JobNo": "J1001", "CostCode": "03-300", "CostType": "S", "QuantityOrdered": "1",
              "UnitCost": .string(amount), "ExtensionAmt": .string(amount)]
         })]
    }

    static func manualCheck(_ number: String, bank: String = "A", amount: String = "450.00") -> JSONValue {
        ["BankCode": .string(bank), "CheckNo": .string(number), "CheckDate": "20261125", "CheckAmt": .string(amount),
         "APDivisionNo": "00", "VendorNo": "0001002",
         "lines": [["InvoiceNo": "INV-77", "InvoiceAmt": "300.00",
                    "distributions": [["AccountKey": "510005000", "DistributionAmt": "300.00"]]],
                   ["InvoiceNo": "INV-78", "InvoiceAmt": "150.00",
                    "distributions": [["AccountKey": "510006000", "DistributionAmt": "100.00"],
                                      ["AccountKey": "530000000", "DistributionAmt": "50.00"]]]]]
    }

    /// `record` with `key` set to `value` (nil removes it); `lines[0]` edits go through `line:`.
    static func with(_ record: JSONValue, _ key: String, _ value: JSONValue?, line: Int? = nil) -> JSONValue {
        guard case .object(var object) = record else { return record }
        if let line, case .array(var lines) = object["lines"], case .object(var lineObject) = lines[line] {
            lineObject[key] = value
            lines[line] = .object(lineObject)
            object["lines"] = .array(lines)
        } else {
            object[key] = value
        }
        return .object(object)
    }
}
