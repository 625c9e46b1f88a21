import Foundation
import Procore

/// The Procore reference data a transform looks things up in: cost codes, line item types,
/// projects, vendors, commitments and their schedule-of-values lines, change order lines and
/// requisitions, from every finished staging run up to the one being transformed (newest wins).
///
/// Pulls are incremental (only changed records are staged), so the run being transformed alone
/// rarely holds everything its documents refer to.
public struct StagingIndex: Sendable {
    public var costCodes: [Int64: CostCode] = [:]
    public var lineItemTypes: [Int64: LineItemType] = [:]
    public var projects: [Int64: Project] = [:]
    /// Vendors with the staged line they came from (to build a vendor record on demand).
    public var vendors: [Int64: (vendor: Vendor, staged: StagedRecord)] = [:]
    /// Commitment (purchase order contract or subcontract) id -> vendor id, project id, number.
    public var commitments: [Int64: CommitmentInfo] = [:]
    /// Commitment and change order line items by id: only their cost code and cost type, so the
    /// index stays small however many schedule-of-values lines the company has.
    public var lineItems: [Int64: LineItemInfo] = [:]
    /// Requisitions by id: what a payment needs to find the requisition's vendor.
    public var requisitions: [Int64: RequisitionInfo] = [:]

    /// What the transform needs of a commitment or change order line item.
    public struct LineItemInfo: Sendable, Hashable {
        /// Full cost code (`09-250`), when the line has one.
        public var costCode: String?
        /// Line item type id and code (the Sage cost type), when the line has one.
        public var costTypeID: Int64?
        public var costTypeCode: String?

        public init(_ line: CommitmentLineItem) {
            costCode = line.costCode?.fullCode
            costTypeID = line.lineItemType?.id
            costTypeCode = line.lineItemType?.code
        }
    }

    /// What a payment needs to know about the requisition it pays.
    public struct RequisitionInfo: Sendable, Hashable, Decodable {
        public var id: Int64
        public var commitmentID: Int64?
        public var vendorID: Int64?
        public var vendorName: String?

        public init(_ requisition: Requisition) {
            id = requisition.id
            commitmentID = requisition.commitmentID
            vendorID = requisition.vendorID
            vendorName = requisition.vendorName
        }
    }

    /// What a requisition or payment needs to know about its commitment.
    public struct CommitmentInfo: Sendable, Hashable {
        public var id: Int64
        public var vendorID: Int64?
        public var vendorName: String?
        public var projectID: Int64?
        public var number: String?
    }

    public init() {}

    /// Resources read into the index.
    public static let resources = ["cost_codes", "line_item_types", "projects", "vendors", "purchase_order_contracts",
                                   "work_order_contracts", "commitment_change_orders", "requisitions"]

    /// Reads the finished runs under `stagingRoot` whose names sort at or before `runFolderName`
    /// (a finished run holds `manifest.json`), oldest first; `includingRun: false` leaves
    /// `runFolderName` itself out (the transform reads that one as it goes). Files are read a
    /// line at a time.
    public static func build(stagingRoot: String, upTo runFolderName: String, includingRun: Bool = true) -> StagingIndex {
        var index = StagingIndex()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: stagingRoot)) ?? [])
            .filter { !$0.hasPrefix(".") && (includingRun ? $0 <= runFolderName : $0 < runFolderName) }
            .filter { FileManager.default.fileExists(atPath: stagingRoot + "/" + $0 + "/manifest.json") || $0 == runFolderName }
            .sorted()
        for name in names {
            for resource in resources {
                let path = stagingRoot + "/" + name + "/" + resource + ".jsonl"
                guard FileManager.default.fileExists(atPath: path) else { continue }
                StagedRecordReader.forEach(path: path) { result in
                    if case .success(let staged) = result { index.add(staged) }
                }
            }
        }
        return index
    }

    /// Adds (replacing) the records of one staging file.
    public mutating func add(_ records: [StagedRecord]) {
        for staged in records { add(staged) }
    }

    /// Adds (replacing) one staged record. Records that do not decode are ignored here; the
    /// transform reports them when it processes them.
    public mutating func add(_ staged: StagedRecord) {
        let raw = staged.record
        switch staged.resource {
        case "cost_codes":
            if let code = try? raw.decode(CostCode.self) { costCodes[code.id] = code }
        case "line_item_types":
            if let type = try? raw.decode(LineItemType.self) { lineItemTypes[type.id] = type }
        case "projects":
            if let project = try? raw.decode(Project.self) { projects[project.id] = project }
        case "vendors":
            if let vendor = try? raw.decode(Vendor.self) { vendors[vendor.id] = (vendor, staged) }
        case "purchase_order_contracts":
            if let po = try? raw.decode(PurchaseOrderContract.self) {
                commitments[po.id] = CommitmentInfo(id: po.id, vendorID: po.vendor?.id, vendorName: po.vendor?.displayName,
                                                    projectID: po.project?.id ?? staged.projectID, number: po.number)
                addLines(po.lineItems, staged.children["line_items"])
            }
        case "work_order_contracts":
            if let wo = try? raw.decode(WorkOrderContract.self) {
                commitments[wo.id] = CommitmentInfo(id: wo.id, vendorID: wo.vendor?.id, vendorName: wo.vendor?.displayName,
                                                    projectID: wo.project?.id ?? staged.projectID, number: wo.number)
                addLines(wo.lineItems, staged.children["line_items"])
            }
        case "commitment_change_orders":
            if let co = try? raw.decode(CommitmentChangeOrder.self) { addLines(co.lineItems, nil) }
        case "requisitions":
            if let requisition = try? raw.decode(RequisitionInfo.self) { requisitions[requisition.id] = requisition }
        default:
            break
        }
    }

    private mutating func addLines(_ inline: [CommitmentLineItem]?, _ children: [ProcoreRecord]?) {
        for line in inline ?? [] { lineItems[line.id] = LineItemInfo(line) }
        for child in children ?? [] {
            if let line = try? child.decode(CommitmentLineItem.self) { lineItems[line.id] = LineItemInfo(line) }
        }
    }

    /// The full cost code (`09-250`) of a line item or cost code id.
    public func costCode(lineItemID: Int64?, costCodeID: Int64?) -> String? {
        if let lineItemID, let code = lineItems[lineItemID]?.costCode, !code.isEmpty { return code }
        if let costCodeID, let code = costCodes[costCodeID]?.fullCode, !code.isEmpty { return code }
        return nil
    }

    /// The cost type (line item type code) of a commitment line item.
    public func costType(lineItemID: Int64?) -> String? {
        guard let lineItemID, let line = lineItems[lineItemID] else { return nil }
        if let code = line.costTypeCode, !code.isEmpty { return code }
        return line.costTypeID.flatMap { lineItemTypes[$0]?.code }
    }
}
