import Foundation
import JSON
import Procore
import Sage100
import XML

/// Every parser that reads what others write: Procore's JSON (split and decoded), staged lines,
/// the agent's wire JSON, eBusiness SOAP answers, inbox corrections, the fix sheet, the mapping
/// CSV, connector.yml and webhook bodies.
public enum FuzzTargets {
    public static var all: [FuzzTarget] {
        [procoreJSON, stagedLine, agentWire, soapResponse, inboxCorrections, fixSheet, mappingCSV, connectorYAML, webhookPayload]
    }

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    static let jsonTokens: [[UInt8]] = ["{\"id\":", "\"amount\":\"1.00\"", ",", ":", "[", "]", "{", "}", "\"\\u00e9\"", "1E+400",
                                        "-9223372036854775809", "\"2026-02-30\"", "\"2026-12-01T25:61:00Z\""].map { Array($0.utf8) }

    static let requisition = #"""
    {"id":5000000009,"project_id":562949953421312,"billing_date":"2025-12-18","created_at":"2025-12-20T15:35:58.707Z","updated_at":"2025-12-20T21:40:30.472Z","commitment_id":18000002,"commitment_type":"WorkOrderContract","vendor_name":"Blue Ridge Roofing & Sheet Metal","vendor_id":2700046,"invoice_number":"BLUERI-1-001","status":"approved","number":1,"requisition_start":"2025-11-19","requisition_end":"2025-12-18","total_claimed_amount":"43232.46","percent_complete":"7.29","summary":{"current_payment_due":"38909.21","total_retainage":"4323.25","original_contract_sum":"590052.54"},"items":[]}
    """#
    static let contractItem = #"""
    {"id":320000000577,"item_type":"contract","line_item_id":4294967205,"cost_code_id":98000012,"work_completed_this_period":"16233.0","materials_presently_stored":"0.0","work_completed_retainage_retained_this_period":"1623.3","scheduled_value":"16233.0"}
    """#

    /// `GET /rest/v1.0/requisitions`-style pages, split into records and decoded.
    static var procoreJSON: FuzzTarget {
        FuzzTarget(name: "procore-json", reads: "Procore list pages: split into records, each decoded",
                   seeds: [Array("[\(requisition),\(requisition.replacingOccurrences(of: "5000000009", with: "5000000010"))]".utf8),
                           Array("[]".utf8)],
                   dictionary: jsonTokens) { bytes in
            do {
                for record in try ProcoreJSONSplitter.records(of: Data(bytes)) {
                    _ = try record.decode(Requisition.self, resource: "requisitions")
                }
                return .accepted
            } catch let error as JSONSyntaxError {
                return .refused(String(describing: type(of: error)))
            } catch {
                return FuzzTarget.classify(error, allowed: [ProcoreError.self])
            }
        }
    }

    /// One line of a staging export (or a correction): `{"resource":…,"record":{…},"children":{…}}`.
    static var stagedLine: FuzzTarget {
        let line = StagedLine.make(
            resource: "requisitions", companyID: 4264807, projectID: 562949953421312, fetchedAt: "2026-12-06T23:10:52.963Z",
            record: ProcoreRecord(id: 5000000009, updatedAt: "2025-12-20T21:40:30.472Z", raw: Data(requisition.utf8)),
            children: [("contract_items", [ProcoreRecord(id: 320000000577, updatedAt: nil, raw: Data(contractItem.utf8))])])
        return FuzzTarget(name: "staged-line", reads: "staged lines (ledger versions, staging exports, inbox corrections)",
                          seeds: [Array(line.dropLast())], dictionary: jsonTokens + [Array("\"children\":{".utf8)]) { bytes in
            switch StagedRecordReader.parse(Data(bytes), file: "fuzz.jsonl", line: 1) {
            case .success: return .accepted
            case .failure(let error): return .refused(String(describing: type(of: error)))
            }
        }
    }

    static let importResponse = #"""
    {"batch_id":"20261206T231052Z-2e18-ap-invoices","kind":"ap-invoices","results":[{"idempotency_key":"ABC:ap-invoices:requisitions:5000000009","status":"posted","sage_key":"00-P700046-R2AOVCP5","messages":[]},{"idempotency_key":"ABC:ap-invoices:requisitions:5000000010","status":"rejected","messages":[{"field":"AccountKey","message":"Line 1: The AccountKey 510000000 is inactive."}]}]}
    """#
    static let documentPage = #"""
    {"items":[{"sage_key":"00-P700043-R2AOVCQI","kind":"ap-invoices","batch_id":"B1","idempotency_key":"ABC:ap-invoices:requisitions:1","posted_at":"2026-12-06T23:10:52Z","amount":"656.75","record":{"APDivisionNo":"00","VendorNo":"P700043","InvoiceNo":"R2AOVCQI","InvoiceAmt":"656.75","lines":[{"LineKey":"000001","AccountKey":"510000000","DistributionAmt":"656.75","JobNo":"2501"}]}},{"sage_key":"00-P700043-KEYED-1","kind":"ap-invoices","batch_id":null,"idempotency_key":null,"posted_at":"2026-11-30T00:00:00Z","amount":"1250.00","record":{}}],"next_cursor":"WyIxIl0"}
    """#

    /// The agent's answers: an import's per-record results, a page of documents.
    static var agentWire: FuzzTarget {
        FuzzTarget(name: "agent-wire", reads: "Sage agent JSON: import results and document pages",
                   seeds: [Array(importResponse.utf8), Array(documentPage.utf8)], dictionary: jsonTokens) { bytes in
            let decoder = AgentWire.makeDecoder()
            let data = Data(bytes)
            do {
                _ = try decoder.decode(ImportResponse.self, from: data)
                return .accepted
            } catch {
                do {
                    _ = try decoder.decode(AgentPage<AgentPostedDocument>.self, from: data)
                    return .accepted
                } catch {
                    return FuzzTarget.classify(error, allowed: [DecodingError.self])
                }
            }
        }
    }

    /// eBusiness Web Services answers relayed by the agent.
    static var soapResponse: FuzzTarget {
        let namespace = EBusinessConfiguration.sandboxNamespaceURI
        let seed = (try? EBusinessResponse.result(.nextNumber("0000124"), operation: .getNextSalesOrderNo, namespaceURI: namespace)) ?? []
        let xmlTokens: [[UInt8]] = ["<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>", "&x;",
                                    "<!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
                                    "&c;", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "</", "xmlns=\"\"", "&#0;", "&#x110000;"].map { Array($0.utf8) }
        return FuzzTarget(name: "soap-response", reads: "eBusiness SOAP answers (libxml2, no network, no DTD)",
                          seeds: [seed], dictionary: xmlTokens) { bytes in
            do {
                _ = try EBusinessResponse.parse(bytes: bytes, operation: .getNextSalesOrderNo, namespaceURI: namespace)
                return .accepted
            } catch {
                return FuzzTarget.classify(error, allowed: [EBusinessError.self, XMLError.self])
            }
        }
    }

    /// Corrected staged records dropped into the inbox (`.jsonl`).
    static var inboxCorrections: FuzzTarget {
        let line = StagedLine.make(
            resource: "requisitions", companyID: 4264807, projectID: 562949953421312, fetchedAt: "2026-12-06T23:10:52.963Z",
            record: ProcoreRecord(id: 5000000009, updatedAt: nil, raw: Data(requisition.utf8)), children: [])
        let second = StagedLine.make(
            resource: "requisitions", companyID: 4264807, projectID: 562949953421312, fetchedAt: "2026-12-06T23:10:52.963Z",
            record: ProcoreRecord(id: 5000000010, updatedAt: nil,
                                  raw: Data(requisition.replacingOccurrences(of: "5000000009", with: "5000000010").utf8)), children: [])
        return FuzzTarget(name: "inbox-corrections", reads: "inbox .jsonl corrections",
                          seeds: [Array(line + second)], dictionary: jsonTokens + [[0x0A]]) { bytes in
            do {
                _ = try CorrectionParser.parse(Data(bytes), name: "fix.jsonl", shown: "inbox/fix.jsonl", companyID: 4264807)
                return .accepted
            } catch {
                return .refused(String(describing: type(of: error)))
            }
        }
    }

    /// The fix sheet finance fills in and drops back (`fixes.csv`).
    static var fixSheet: FuzzTarget {
        let filled: [(FixHint, String)] = [(.glAccount(costCode: "09-300", costType: "S"), "5100-00-00"),
                                           (.vendorName(vendorID: 2700046, name: "Blue Ridge Roofing & Sheet Metal, Incorporated"), "Blue Ridge Roofing")]
        let sheet = "\u{FEFF}" + CSVWriter.document(header: FixSheet.header, rows: filled.map { hint, value in
            [hint.fix, hint.key, hint.what, hint.current, value, "3", "1200.00", hint.why, "1 2 3"]
        })
        let csvTokens: [[UInt8]] = [",", "\"", "\"\"", "\r\n", "\n", "=1+2", "@SUM(A1)", "\u{FEFF}"].map { Array($0.utf8) }
        return FuzzTarget(name: "fix-sheet", reads: "fixes.csv dropped into the inbox", seeds: [Array(sheet.utf8)],
                          dictionary: csvTokens) { bytes in
            do {
                _ = try FixSheet.parse(String(decoding: bytes, as: UTF8.self), shown: "inbox/fixes.csv")
                return .accepted
            } catch {
                return .refused(String(describing: type(of: error)))
            }
        }
    }

    /// The cost-code to GL account table (`cost-codes.csv`).
    static var mappingCSV: FuzzTarget {
        let csv = "cost_code,cost_type,account,description\n09-300,,5100-00-00,\"Tiling, floors\"\n14-200,S,5200-00-00,Elevators\n"
        let csvTokens: [[UInt8]] = [",", "\"", "\"\"", "\r\n", "\n", "=1+2", "+cmd", "-", "\u{FEFF}", "9999-99-99"].map { Array($0.utf8) }
        return FuzzTarget(name: "mapping-csv", reads: "cost-codes.csv", seeds: [Array(csv.utf8)], dictionary: csvTokens) { bytes in
            do {
                _ = try CostCodeTable.parse(String(decoding: bytes, as: UTF8.self), file: "cost-codes.csv")
                return .accepted
            } catch {
                return .refused(String(describing: type(of: error)))
            }
        }
    }

    static let yaml = """
    procore:
      environment: sandbox
      api_base_url: http://127.0.0.1:38929
      auth_base_url: http://127.0.0.1:38929
      company_id: 4264807
      client_id: sandbox-client
      client_secret_env: ML_FUZZ_PROCORE_SECRET
    sage:
      base_url: http://127.0.0.1:44645
      company: ABC
      auth:
        api_key_env: ML_FUZZ_AGENT_KEY
    mapping:
      terms_code: "30"
      bank_code: A
      projects:
        "562949953421312": { job_no: "2501", segments: { division: "00" } }
    """

    /// connector.yml (read without its secrets; the mapping CSV it names need not exist).
    static var connectorYAML: FuzzTarget {
        let yamlTokens: [[UInt8]] = [": ", "- ", "  ", "\n", "&a [*a, *a, *a]", "*a", "!!binary", "{", "}", "[", "]", "'", "\"", "#",
                                     "? ", "|\n", ">-\n", "%YAML 1.1\n", "---\n", "...\n", "\t"].map { Array($0.utf8) }
        return FuzzTarget(name: "connector-yml", reads: "connector.yml", seeds: [Array(yaml.utf8)], dictionary: yamlTokens) { bytes in
            do {
                _ = try RunConfiguration.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "connector.yml",
                                               baseDirectory: "/nonexistent-fuzz", environment: [:], requireSecrets: false)
                return .accepted
            } catch {
                return FuzzTarget.classify(error, allowed: [ConfigurationError.self, MappingConfigurationError.self])
            }
        }
    }

    /// Procore webhook deliveries.
    static var webhookPayload: FuzzTarget {
        let body = #"{"id":1,"ulid":"01HZX3Y4Q8K2M5N7P9R1S3T5V7","company_id":4264807,"project_id":562949953421312,"event_type":"update","resource_name":"Requisitions","resource_id":5000000009,"timestamp":"2026-12-06T23:10:52.963Z","api_version":"v1.0"}"#
        return FuzzTarget(name: "webhook-payload", reads: "Procore webhook bodies", seeds: [Array(body.utf8)], dictionary: jsonTokens) { bytes in
            do {
                _ = try WebhookPayload.parse(Data(bytes))
                return .accepted
            } catch {
                return .refused(String(describing: type(of: error)))
            }
        }
    }
}
