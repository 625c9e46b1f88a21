import Foundation
import Ledger
import Sage100
@testable import Connector

/// A small company for the transform tests: a `####-##-##` chart of accounts, one Sage vendor
/// (ACMEDRY, paired with Procore vendor 5551234 by the mapping table), project 1001 = job 2501,
/// and staging runs written by hand in the pull's line format.
final class TransformWorld {
    let folder: URL
    let ledger: Ledger
    var mapping: MappingConfiguration
    var reference: ReferenceData
    var company = "ABC"

    static let mappingYAML = """
    mapping:
      projects:
        "1001": { job_no: "2501", segments: { division: "04" } }
      default_segments: { division: "00" }
      rules:
        - { cost_type: S, account: "5100-{division}-00" }
        - { cost_code_prefix: "03-", account: "5030-{division}-00" }
        - { cost_code_pattern: "09-*", cost_type: M, account: "5090-{division}-10" }
      accounts:
        retainage_payable: "2150-00-00"
        ap_control: "2000-00-00"
      bank_code: "A"
      vendors:
        create_missing: CREATE
        number_scheme: { prefix: "P", width: 6 }
        table: { "5551234": "ACMEDRY" }
      ap_division: "00"
      terms_code: "30"
    """

    init(createMissing: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("transform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger.open(path: folder.appendingPathComponent("ledger.sqlite").path)
        mapping = try MappingConfiguration.parse(
            yaml: TransformWorld.mappingYAML.replacingOccurrences(of: "CREATE", with: createMissing ? "true" : "false"),
            file: "connector.yml", baseDirectory: nil)
        reference = ReferenceData(company: "ABC", structure: MappingFixtures.structure, accounts: MappingFixtures.accounts,
                                  vendors: [APVendor(apDivisionNo: "00", vendorNo: "ACMEDRY", vendorName: "Acme Drywall")])
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var stagingRoot: String { folder.appendingPathComponent("staging").path }
    var outboxRoot: String { folder.appendingPathComponent("outbox").path }

    /// Stores the lines as source versions, as a pull that received them would (resources in
    /// name order, lines in the order given). Returns `runID`, the name of the delivery.
    @discardableResult
    func stage(_ runID: String, _ lines: [String: [String]]) throws -> String {
        var versions: [NewSourceVersion] = []
        for resource in lines.keys.sorted() {
            for (number, text) in lines[resource]!.enumerated() {
                switch SourceVersionBuilder.version(ofLine: Data(text.utf8), file: resource + ".jsonl", number: number + 1) {
                case .success(let version):
                    versions.append(version)
                case .failure:
                    // A damaged stored line (the transform must report it, not stop).
                    versions.append(NewSourceVersion(resource: resource, companyID: 42, projectID: nil, sourceID: -Int64(number + 1),
                                                     sourceUpdatedAt: nil, contentSHA256: "damaged", line: Data(text.utf8)))
                }
            }
        }
        try ledger.insertSourceVersions(versions, origin: "pull", runID: nil)
        return runID
    }

    /// A transform of what the ledger received since the last one (`run` names the delivery
    /// the test just staged, for reading).
    func transformer(_ run: String = "", options: TransformOptions = .init()) -> Transformer {
        Transformer(ledger: ledger, mapping: mapping, reference: reference, company: company,
                    outboxRoot: outboxRoot, options: options)
    }

    func transform(_ run: String = "", options: TransformOptions = .init()) throws -> TransformSummary {
        try transformer(run, options: options).run()
    }

    /// The agent import request of a batch, as JSON objects.
    func importRecords(_ batch: TransformSummary.Batch) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: batch.path + "/" + batch.kind + ".json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["records"] as? [[String: Any]]) ?? []
    }

    func manifest(_ batch: TransformSummary.Batch) throws -> OutboxManifest {
        try JSONDecoder().decode(OutboxManifest.self, from: Data(contentsOf: URL(fileURLWithPath: batch.path + "/manifest.json")))
    }
}

/// Staged lines in the pull's format, with Procore-shaped records.
enum Staged {
    static func line(_ resource: String, project: Int64?, _ record: String, children: [(String, [String])] = []) -> String {
        let kids = children.map { "\"\($0.0)\":[\($0.1.joined(separator: ","))]" }.joined(separator: ",")
        return "{\"resource\":\"\(resource)\",\"company_id\":42,\"project_id\":\(project.map(String.init) ?? "null"),\"fetched_at\":\"2026-11-29T00:40:00.000Z\",\"record\":\(record),\"children\":{\(kids)}}"
    }

    static func vendor(_ id: Int64, _ name: String, active: Bool = true, updated: String = "2026-11-01T10:00:00Z") -> String {
        line("vendors", project: nil, """
        {"id":\(id),"name":"\(name)","address":"100 Main St\\nSuite 200","city":"Boise","state_code":"ID","zip":"83702","country_code":"US","business_phone":"208-555-0100","email_address":"ap@example.com","is_active":\(active),"origin_id":null,"updated_at":"\(updated)"}
        """)
    }

    static func lineItem(_ id: Int64, amount: String, code: String, type: String, description: String = "Drywall scope") -> String {
        """
        {"id":\(id),"description":"\(description)","amount":"\(amount)","quantity":"1.0","unit_cost":"\(amount)","position":\(id % 100),"cost_code":{"id":\(id + 500),"full_code":"\(code)","name":"Scope"},"line_item_type":{"id":\(type == "S" ? 3 : 1),"code":"\(type)","name":"\(type)"}}
        """
    }

    static func workOrder(_ id: Int64, vendor: Int64, vendorName: String, number: String = "SC-001", status: String = "Approved",
                          lines: [String], updated: String = "2026-11-02T10:00:00Z") -> String {
        line("work_order_contracts", project: 1001, """
        {"id":\(id),"number":"\(number)","title":"Drywall","status":"\(status)","vendor":{"id":\(vendor),"company":"\(vendorName)"},"project":{"id":1001,"name":"Tower"},"contract_date":"2026-10-01","deleted_at":null,"updated_at":"\(updated)"}
        """, children: [("line_items", lines)])
    }

    static func contractItem(_ id: Int64, lineItem: Int64, thisPeriod: String, stored: String = "0.00", retained: String,
                             storedRetained: String = "0.00", released: String = "0.00") -> String {
        """
        {"id":\(id),"item_type":"contract_item","line_item_id":\(lineItem),"cost_code_id":\(lineItem + 500),"work_completed_this_period":"\(thisPeriod)","materials_presently_stored":"\(stored)","work_completed_retainage_retained_this_period":"\(retained)","materials_stored_retainage_currently_retained":"\(storedRetained)","work_completed_retainage_released_this_period":"\(released)","materials_stored_retainage_released_this_period":"0.00"}
        """
    }

    static func requisition(_ id: Int64, vendor: Int64 = 5551234, vendorName: String = "Acme Drywall", invoice: String,
                            commitment: Int64 = 9001, claimed: String, due: String, status: String = "approved",
                            items: [String], updated: String = "2026-11-20T10:00:00Z") -> String {
        line("requisitions", project: 1001, """
        {"id":\(id),"number":1,"project_id":1001,"commitment_id":\(commitment),"commitment_type":"WorkOrderContract","vendor_id":\(vendor),"vendor_name":"\(vendorName)","invoice_number":"\(invoice)","status":"\(status)","billing_date":"2026-11-20","total_claimed_amount":"\(claimed)","summary":{"current_payment_due":"\(due)"},"updated_at":"\(updated)"}
        """, children: [("contract_items", items), ("change_order_items", [])])
    }

    static func changeOrder(_ id: Int64, contract: Int64 = 9001, lines: [String], status: String = "approved") -> String {
        line("commitment_change_orders", project: 1001, """
        {"id":\(id),"contract_id":\(contract),"number":"003","status":"\(status)","grand_total":"0","vendor":{"id":5551234,"name":"Acme Drywall"},"line_items":[\(lines.joined(separator: ","))],"updated_at":"2026-11-21T10:00:00Z","deleted_at":null}
        """)
    }

    static func payment(_ id: Int64, requisition: Int64, amount: String, check: String = "10045") -> String {
        line("contract_payments", project: 1001, """
        {"id":\(id),"contract_id":9001,"requisition_id":\(requisition),"project_id":1001,"amount":"\(amount)","check_number":"\(check)","date":"2026-11-25","status":"paid","updated_at":"2026-11-25T10:00:00Z"}
        """)
    }

    /// Acme's subcontract 9001 (drywall 09-250 type S -> 5100-04-00; framing 03-100 type L -> 5030-04-00).
    static let acmeSubcontract = workOrder(9001, vendor: 5551234, vendorName: "Acme Drywall", lines: [
        lineItem(90011, amount: "10000.00", code: "09-250", type: "S"),
        lineItem(90012, amount: "5000.00", code: "03-100", type: "L", description: "Framing"),
    ])

    /// Requisition 1280646: 10,400.00 on drywall (10,000 work + 400 stored) and 2,000.00 on
    /// framing; retainage 1,000 + 40 + 200 = 1,240.00; net 11,160.00.
    static let goodRequisition = requisition(1280646, invoice: "123", claimed: "12400.00", due: "11160.00", items: [
        contractItem(1, lineItem: 90011, thisPeriod: "10000.00", stored: "400.00", retained: "1000.00", storedRetained: "40.00"),
        contractItem(2, lineItem: 90012, thisPeriod: "2000.00", retained: "200.00"),
    ])
}
