import Foundation
import Ledger
import Procore

/// The Procore reference data a transform looks things up in (cost codes, line item types,
/// vendors, commitments and their lines, change order lines, requisitions), read from the
/// ledger's indexed source tables: the newest version of each record, whichever pull, webhook
/// or correction brought it. A lookup costs one indexed read, so a transform costs what it
/// touches, never the company's history.
///
/// Every lookup is remembered (``touched``) under its ledger lookup key (`cost_codes:12`,
/// `commitments:7`, `line_items:99`, …): a record that turns out invalid stores what it looked
/// up, and a new version of any of those records checks it again.
final class SourceIndex {
    let ledger: Ledger
    /// Lookup keys read since the last ``startRecord()``.
    private(set) var touched: Set<String> = []
    /// Parsed versions of the small reference records many documents share (cost codes, line
    /// item types, vendors). Commitments and requisitions are many and large: only the few
    /// fields a document needs of them are kept (``commitments``, ``requisitions``), so the
    /// caches stay small however many there are.
    private var versions: [String: StagedRecord?] = [:]
    private var commitments: [Int64: CommitmentInfo?] = [:]
    private var requisitions: [Int64: RequisitionInfo?] = [:]
    private var lines: [Int64: SourceLineItem?] = [:]
    /// Entries kept in each cache before it starts over (memory stays bounded).
    static let cacheLimit = 20_000

    init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// Starts remembering the lookups of one record.
    func startRecord() { touched = [] }

    /// Remembers a lookup answered elsewhere (a vendor outcome the session already knows).
    func touch(_ key: String) { touched.insert(key) }

    /// The newest staged version of a source record, parsed (and kept for the next lookup).
    func staged(_ resource: String, _ id: Int64) -> StagedRecord? {
        let key = "\(resource):\(id)"
        if let cached = versions[key] { return cached }
        if versions.count >= Self.cacheLimit { versions.removeAll(keepingCapacity: true) }
        let parsed = load(resource, id)
        versions[key] = .some(parsed)
        return parsed
    }

    /// The newest staged version of a source record, parsed, read from the ledger every time.
    private func load(_ resource: String, _ id: Int64) -> StagedRecord? {
        guard let version = try? ledger.latestSourceVersion(resource: resource, sourceID: id),
              case .success(let staged) = SourceIndex.parse(version) else { return nil }
        return staged
    }

    /// `cache[id]`, else `make()` remembered (the cache starting over when full).
    private static func remembered<Value>(_ id: Int64, in cache: inout [Int64: Value?], _ make: () -> Value?) -> Value? {
        if let cached = cache[id] { return cached }
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        let value = make()
        cache[id] = .some(value)
        return value
    }

    /// A stored version, parsed (its location names the version).
    static func parse(_ version: SourceVersion) -> Result<StagedRecord, StagedLineError> {
        // The hash the version was stored under, computed from these bytes when it was received.
        StagedRecordReader.parse(version.line, file: "ledger version \(version.seq) of \(version.resource)", line: 1,
                                 contentSHA256: version.contentSHA256).map {
            var staged = $0
            staged.origin = "ledger version \(version.seq) of \(version.resource) \(version.sourceID)"
            return staged
        }
    }

    private func decoded<T: Decodable>(_ type: T.Type, _ resource: String, _ id: Int64) -> T? {
        touched.insert(Ledger.lookupKey(resource: resource, id: id))
        return staged(resource, id).flatMap { try? $0.record.decode(T.self) }
    }

    func costCodeRecord(_ id: Int64) -> CostCode? { decoded(CostCode.self, "cost_codes", id) }

    func lineItemType(_ id: Int64) -> LineItemType? { decoded(LineItemType.self, "line_item_types", id) }


    /// A Procore vendor and the staged version it came from (to build a vendor record on demand).
    func vendor(_ id: Int64) -> (vendor: Vendor, staged: StagedRecord)? {
        touched.insert(Ledger.lookupKey(resource: "vendors", id: id))
        guard let staged = staged("vendors", id), let vendor = try? staged.record.decode(Vendor.self) else { return nil }
        return (vendor, staged)
    }

    /// What a requisition or payment needs to know about its commitment.
    struct CommitmentInfo: Sendable, Hashable {
        var id: Int64
        var vendorID: Int64?
        var vendorName: String?
        var projectID: Int64?
        var number: String?
        /// `purchase_order_contracts` or `work_order_contracts`.
        var resource: String
    }

    /// A purchase order contract or subcontract by id.
    func commitment(_ id: Int64) -> CommitmentInfo? {
        touched.insert(Ledger.lookupKey(resource: "purchase_order_contracts", id: id))
        return Self.remembered(id, in: &commitments) {
            if let staged = load("purchase_order_contracts", id), let po = try? staged.record.decode(PurchaseOrderContract.self) {
                return CommitmentInfo(id: po.id, vendorID: po.vendor?.id, vendorName: po.vendor?.displayName,
                                      projectID: po.project?.id ?? staged.projectID, number: po.number,
                                      resource: "purchase_order_contracts")
            }
            if let staged = load("work_order_contracts", id), let wo = try? staged.record.decode(WorkOrderContract.self) {
                return CommitmentInfo(id: wo.id, vendorID: wo.vendor?.id, vendorName: wo.vendor?.displayName,
                                      projectID: wo.project?.id ?? staged.projectID, number: wo.number,
                                      resource: "work_order_contracts")
            }
            return nil
        }
    }

    /// What a payment needs to know about the requisition it pays.
    struct RequisitionInfo: Sendable, Hashable, Decodable {
        var id: Int64
        var commitmentID: Int64?
        var vendorID: Int64?
        var vendorName: String?
    }

    func requisition(_ id: Int64) -> RequisitionInfo? {
        touched.insert(Ledger.lookupKey(resource: "requisitions", id: id))
        return Self.remembered(id, in: &requisitions) { load("requisitions", id).flatMap { try? $0.record.decode(RequisitionInfo.self) } }
    }

    /// A commitment or change order line item by id.
    func lineItem(_ id: Int64) -> SourceLineItem? {
        touched.insert("line_items:\(id)")
        return Self.remembered(id, in: &lines) { (try? ledger.sourceLineItem(id: id)) ?? nil }
    }

    /// The full cost code (`09-250`) of a line item or cost code id.
    func costCode(lineItemID: Int64?, costCodeID: Int64?) -> String? {
        if let lineItemID, let code = lineItem(lineItemID)?.costCode, !code.isEmpty { return code }
        if let costCodeID, let code = costCodeRecord(costCodeID)?.fullCode, !code.isEmpty { return code }
        return nil
    }

    /// The cost type (line item type code) of a commitment line item.
    func costType(lineItemID: Int64?) -> String? {
        guard let lineItemID, let line = lineItem(lineItemID) else { return nil }
        if let code = line.costTypeCode, !code.isEmpty { return code }
        return line.costTypeID.flatMap { lineItemType($0)?.code }
    }
}
