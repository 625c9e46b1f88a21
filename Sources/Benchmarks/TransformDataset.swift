import Connector
import Foundation
import Sage100

/// A generated company for `bench transform`: staged Procore data in the pull's line format
/// (a setup run with vendors and subcontracts with their schedule-of-values lines, then a run
/// with approved requisitions whose contract items add up to the requested number of lines),
/// a mapping that maps every cost code, and Sage reference data holding every account and vendor.
///
/// Money is generated in integer cents, so the expected totals are exact.
public struct TransformDataset: Sendable {
    /// Shape of the data.
    public struct Shape: Sendable, Codable {
        /// Requisition contract items in total (the last requisition may hold fewer).
        public var lines: Int
        public var linesPerRequisition: Int
        public var projects: Int
        public var vendors: Int
        /// Monthly requisitions billed against each subcontract.
        public var requisitionsPerCommitment: Int

        public init(lines: Int, linesPerRequisition: Int = 50, projects: Int = 10, vendors: Int = 50,
                    requisitionsPerCommitment: Int = 12) {
            self.lines = lines
            self.linesPerRequisition = linesPerRequisition
            self.projects = projects
            self.vendors = vendors
            self.requisitionsPerCommitment = requisitionsPerCommitment
        }

        var requisitions: Int { (lines + linesPerRequisition - 1) / linesPerRequisition }
        var commitments: Int { (requisitions + requisitionsPerCommitment - 1) / requisitionsPerCommitment }

        func validate() throws {
            guard lines >= 1 else { throw TransformBenchmark.Failure(description: "--lines must be at least 1 (got \(lines))") }
            guard (1...999).contains(linesPerRequisition) else {
                throw TransformBenchmark.Failure(description: "--lines-per-requisition must be 1...999 (got \(linesPerRequisition))")
            }
            guard (1...99).contains(projects), (1...9999).contains(vendors), (1...12).contains(requisitionsPerCommitment) else {
                throw TransformBenchmark.Failure(description: "projects must be 1...99, vendors 1...9999, requisitions per commitment 1...12")
            }
        }
    }

    /// What was written, with the totals the transform must reproduce.
    public struct Written: Sendable {
        public var stagingRoot: String
        /// The run to transform (`<stagingRoot>/<run>`).
        public var requisitionRun: String
        public var requisitions: Int
        public var lines: Int
        /// Sum of every requisition's net payable, in cents.
        public var netCents: Int
        /// Sum of every requisition's gross billed (work + stored), in cents.
        public var grossCents: Int
        /// Bytes of the requisitions file.
        public var stagedBytes: Int
    }

    public static let companyID: Int64 = 42
    public static let divisions = 16
    public var shape: Shape

    public init(shape: Shape) {
        self.shape = shape
    }

    // MARK: - Identifiers

    static func projectID(_ p: Int) -> Int64 { 1001 + Int64(p) }
    static func vendorID(_ v: Int) -> Int64 { 5_000_001 + Int64(v) }
    static func vendorNo(_ v: Int) -> String { "V" + String(format: "%05d", v + 1) }
    static func commitmentID(_ c: Int) -> Int64 { 700_000 + Int64(c) }
    static func lineItemID(commitment c: Int, _ k: Int) -> Int64 { commitmentID(c) * 1000 + Int64(k) }
    static func division(project p: Int) -> String { String(format: "%02d", p % 5 + 1) }
    /// Cost code of schedule line `k`: division (01…16) and a number within it.
    static func costCode(_ k: Int) -> String { String(format: "%02d-%03d", k % divisions + 1, 100 + (k / divisions) * 10) }
    static func costCodeID(_ k: Int) -> Int64 { 90_000 + Int64(k) }
    static func costType(_ k: Int) -> String { ["S", "L", "M"][k % 3] }

    // MARK: - Mapping and reference data

    /// The `mapping:` section: one rule per cost-code division (every cost code maps).
    public func mappingYAML() -> String {
        var yaml = "mapping:\n  projects:\n"
        for p in 0..<shape.projects {
            yaml += "    \"\(Self.projectID(p))\": { job_no: \"\(2500 + p + 1)\", segments: { division: \"\(Self.division(project: p))\" } }\n"
        }
        yaml += "  default_segments: { division: \"00\" }\n  rules:\n"
        for d in 1...Self.divisions {
            yaml += "    - { cost_code_prefix: \"\(String(format: "%02d", d))-\", account: \"\(5000 + d * 10)-{division}-00\" }\n"
        }
        yaml += """
          accounts:
            retainage_payable: "2150-00-00"
            ap_control: "2000-00-00"
          bank_code: "A"
          vendors:
            create_missing: false
            number_scheme: { prefix: "P", width: 6 }
            table: {
        """
        yaml += (0..<shape.vendors).map { " \"\(Self.vendorID($0))\": \"\(Self.vendorNo($0))\"" }.joined(separator: ",")
        yaml += " }\n  ap_division: \"00\"\n  terms_code: \"30\"\n"
        return yaml
    }

    public func mapping() throws -> MappingConfiguration {
        do {
            return try MappingConfiguration.parse(yaml: mappingYAML(), file: "bench-mapping.yml", baseDirectory: nil)
        } catch {
            throw TransformBenchmark.Failure(description: "the generated mapping does not load: \(error.description)")
        }
    }

    /// Sage reference data: `####-##-##` accounts for every division and cost-code division,
    /// the control accounts, and every vendor.
    public func reference(company: String) throws -> ReferenceData {
        let structure = try AccountStructure(mask: "####-##-##")
        var accounts: [GLAccount] = []
        func add(_ account: String, _ description: String) {
            accounts.append(GLAccount(accountKey: String(format: "%09d", accounts.count + 1), account: account,
                                      rawAccount: account.replacingOccurrences(of: "-", with: ""),
                                      mainAccountCode: String(account.prefix(4)), accountDesc: description))
        }
        add("2000-00-00", "Accounts Payable")
        add("2150-00-00", "Retainage Payable")
        add("2990-00-00", "Change Order Clearing")
        let usedDivisions = Set((0..<shape.projects).map { Self.division(project: $0) }).sorted()
        for d in 1...Self.divisions {
            for division in usedDivisions + ["00"] {
                add("\(5000 + d * 10)-\(division)-00", "Job cost division \(d)")
            }
        }
        let vendors = (0..<shape.vendors).map {
            APVendor(apDivisionNo: "00", vendorNo: Self.vendorNo($0), vendorName: "Bench Subcontractor \($0 + 1)")
        }
        return ReferenceData(company: company, structure: structure, accounts: accounts, vendors: vendors)
    }

    // MARK: - Staging

    /// Writes `<stagingRoot>/20261101T000000Z-setup` (vendors, subcontracts with their lines,
    /// cost codes) and `<stagingRoot>/20261129T000000Z-requisitions`, streaming line by line.
    public func write(stagingRoot: String) throws -> Written {
        try shape.validate()
        let setup = stagingRoot + "/20261101T000000Z-setup"
        let run = stagingRoot + "/20261129T000000Z-requisitions"
        for folder in [setup, run] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let fetched = "2026-11-29T00:00:00.000Z"
        func line(_ resource: String, project: Int64?, _ record: String, children: String = "{}") -> String {
            "{\"resource\":\"\(resource)\",\"company_id\":\(Self.companyID),\"project_id\":\(project.map(String.init) ?? "null"),\"fetched_at\":\"\(fetched)\",\"record\":\(record),\"children\":\(children)}\n"
        }

        // Setup run: vendors, cost codes, subcontracts.
        var vendors = try LineWriter(path: setup + "/vendors.jsonl")
        for v in 0..<shape.vendors {
            try vendors.append(line("vendors", project: nil, """
            {"id":\(Self.vendorID(v)),"name":"Bench Subcontractor \(v + 1)","address":"\(100 + v) Main St","city":"Boise","state_code":"ID","zip":"83702","country_code":"US","business_phone":"208-555-0100","email_address":"ap\(v)@example.com","is_active":true,"origin_id":null,"updated_at":"2026-11-01T10:00:00Z"}
            """))
        }
        try vendors.close()
        var costCodes = try LineWriter(path: setup + "/cost_codes.jsonl")
        for k in 0..<shape.linesPerRequisition {
            try costCodes.append(line("cost_codes", project: nil, """
            {"id":\(Self.costCodeID(k)),"full_code":"\(Self.costCode(k))","code":"\(Self.costCode(k).suffix(3))","name":"Scope \(k + 1)","updated_at":"2026-11-01T10:00:00Z"}
            """))
        }
        try costCodes.close()
        var contracts = try LineWriter(path: setup + "/work_order_contracts.jsonl")
        for c in 0..<shape.commitments {
            let p = c % shape.projects, v = c % shape.vendors
            let items = (0..<shape.linesPerRequisition).map { k in
                let amount = Self.money(Self.workCents(requisition: c * shape.requisitionsPerCommitment, k) * 12)
                return """
                {"id":\(Self.lineItemID(commitment: c, k)),"description":"Scope \(k + 1)","amount":"\(amount)","quantity":"1.0","unit_cost":"\(amount)","position":\(k + 1),"cost_code":{"id":\(Self.costCodeID(k)),"full_code":"\(Self.costCode(k))","name":"Scope \(k + 1)"},"line_item_type":{"id":\(k % 3 + 1),"code":"\(Self.costType(k))","name":"\(Self.costType(k))"}}
                """
            }
            try contracts.append(line("work_order_contracts", project: Self.projectID(p), """
            {"id":\(Self.commitmentID(c)),"number":"SC-\(c + 1)","title":"Subcontract \(c + 1)","status":"Approved","vendor":{"id":\(Self.vendorID(v)),"company":"Bench Subcontractor \(v + 1)"},"project":{"id":\(Self.projectID(p)),"name":"Project \(p + 1)"},"contract_date":"2026-01-15","deleted_at":null,"updated_at":"2026-11-01T10:00:00Z"}
            """, children: "{\"line_items\":[\(items.joined(separator: ","))]}"))
        }
        try contracts.close()
        try Data("{\"run_id\":\"20261101T000000Z-setup\"}\n".utf8).write(to: URL(fileURLWithPath: setup + "/manifest.json"))

        // The run to transform: approved requisitions.
        var requisitions = try LineWriter(path: run + "/requisitions.jsonl")
        var written = 0, netTotal = 0, grossTotal = 0
        for r in 0..<shape.requisitions {
            let c = r / shape.requisitionsPerCommitment, month = r % shape.requisitionsPerCommitment
            let p = c % shape.projects, v = c % shape.vendors
            let count = min(shape.linesPerRequisition, shape.lines - written)
            var gross = 0, retained = 0
            var items: [String] = []
            items.reserveCapacity(count)
            for k in 0..<count {
                let work = Self.workCents(requisition: r, k)
                let stored = k % 5 == 0 ? (r * 17 + k * 13) % 50_000 : 0
                gross += work + stored
                retained += work / 10 + stored / 10
                items.append("""
                {"id":\(Int64(r + 1) * 1000 + Int64(k)),"item_type":"contract_item","line_item_id":\(Self.lineItemID(commitment: c, k)),"cost_code_id":\(Self.costCodeID(k)),"work_completed_this_period":"\(Self.money(work))","materials_presently_stored":"\(Self.money(stored))","work_completed_retainage_retained_this_period":"\(Self.money(work / 10))","materials_stored_retainage_currently_retained":"\(Self.money(stored / 10))","work_completed_retainage_released_this_period":"0.00","materials_stored_retainage_released_this_period":"0.00"}
                """)
            }
            written += count
            netTotal += gross - retained
            grossTotal += gross
            let day = String(format: "2026-%02d-20", month + 1)
            try requisitions.append(line("requisitions", project: Self.projectID(p), """
            {"id":\(1_280_000 + r),"number":\(month + 1),"project_id":\(Self.projectID(p)),"commitment_id":\(Self.commitmentID(c)),"commitment_type":"WorkOrderContract","vendor_id":\(Self.vendorID(v)),"vendor_name":"Bench Subcontractor \(v + 1)","invoice_number":"\(String(format: "R%07d", r + 1))","status":"approved","billing_date":"\(day)","total_claimed_amount":"\(Self.money(gross))","summary":{"current_payment_due":"\(Self.money(gross - retained))"},"updated_at":"\(day)T10:00:00Z"}
            """, children: "{\"contract_items\":[\(items.joined(separator: ","))],\"change_order_items\":[]}"))
        }
        let bytes = requisitions.bytes
        try requisitions.close()
        try Data("{\"run_id\":\"20261129T000000Z-requisitions\"}\n".utf8).write(to: URL(fileURLWithPath: run + "/manifest.json"))
        return Written(stagingRoot: stagingRoot, requisitionRun: run, requisitions: shape.requisitions, lines: written,
                       netCents: netTotal, grossCents: grossTotal, stagedBytes: bytes)
    }

    /// Work completed this period on line `k` of requisition `r`, in cents (100.00…20,099.99).
    static func workCents(requisition r: Int, _ k: Int) -> Int { 10_000 + (r * 131 + k * 7919) % 2_000_000 }

    /// Cents as a decimal string with two decimals ("1234.05", "-0.50").
    static func money(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = abs(cents)
        return sign + String(magnitude / 100) + "." + String(format: "%02d", magnitude % 100)
    }
}

/// Appends text to a file through a 1 MiB buffer (the generator never holds a whole file).
struct LineWriter {
    private let handle: FileHandle
    private var buffer = Data()
    private(set) var bytes = 0

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw TransformBenchmark.Failure(description: "cannot create \(path); check that the temporary folder is writable")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
    }

    mutating func append(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        bytes += text.utf8.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }
}
