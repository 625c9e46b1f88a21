import Ledger
import Sage100

/// Which records must wait because a record of an earlier kind they refer to is not in Sage
/// yet: a purchase order or AP invoice for a vendor in a vendors batch, a manual check for
/// that vendor or for an AP invoice still to be posted.
struct PostDependencies: Sendable {
    struct VendorRef: Hashable, Sendable {
        var division: String
        var vendor: String
        var text: String { "\(division)-\(vendor)" }
    }

    struct InvoiceRef: Hashable, Sendable {
        var vendor: VendorRef
        var invoice: String
    }

    /// Vendors not in Sage yet, with why.
    var pendingVendors: [VendorRef: String] = [:]
    /// AP invoices not in Sage yet, with why.
    var pendingInvoices: [InvoiceRef: String] = [:]

    /// The kinds a kind depends on.
    static func prerequisites(of kind: SageDocumentKind) -> [SageDocumentKind] {
        switch kind {
        case .vendors, .glEntries, .salesOrders: return []
        case .purchaseOrders, .apInvoices: return [.vendors]
        case .manualChecks: return [.vendors, .apInvoices]
        }
    }

    /// Reads the not-yet-posted batches of the prerequisite kinds of `kind` for `company`.
    static func build(for kind: SageDocumentKind, company: String, ledger: Ledger, outboxRoot: String) throws -> PostDependencies {
        var result = PostDependencies()
        let prerequisites = prerequisites(of: kind)
        guard !prerequisites.isEmpty else { return result }
        let states = Set(LedgerBatchState.allCases).subtracting([.posted])
        for batch in try ledger.postingBatches(in: states) where batch.companyCode == company {
            guard let batchKind = SageDocumentKind(rawValue: batch.kind), prerequisites.contains(batchKind) else { continue }
            // A batch whose files cannot be read is reported when it is posted; here it blocks nothing.
            guard let files = try? PostBatchFiles.load(batch: batch, kind: batchKind, outboxRoot: outboxRoot,
                                                       verifyManifest: false) else { continue }
            for record in files.request.records {
                guard let live = try ledger.liveRecord(idempotencyKey: record.idempotencyKey),
                      live.state != .posted, live.state != .drift else { continue }
                let why = "\(batchKind.displayName) \(record.idempotencyKey) (record \(live.id)) is \(live.state.rawValue) in batch \(batch.id) (\(batch.state.rawValue))"
                switch batchKind {
                case .vendors:
                    if let ref = vendorRef(record.record) { result.pendingVendors[ref] = why }
                case .apInvoices:
                    if let ref = vendorRef(record.record), let number = record.record["InvoiceNo"]?.stringValue {
                        result.pendingInvoices[InvoiceRef(vendor: ref, invoice: number)] = why
                    }
                default:
                    break
                }
            }
        }
        return result
    }

    /// Why `record` (of `kind`) must wait, or an empty list when it may be sent.
    func blockers(kind: SageDocumentKind, record: JSONValue) -> [String] {
        var reasons: [String] = []
        let vendor = PostDependencies.vendorRef(record)
        if kind == .purchaseOrders || kind == .apInvoices || kind == .manualChecks, let vendor,
           let why = pendingVendors[vendor] {
            reasons.append("its vendor \(vendor.text) is not in Sage 100 yet: \(why). It is sent once the vendor is posted.")
        }
        if kind == .manualChecks, let vendor, let lines = record["lines"]?.arrayValue {
            for line in lines {
                guard let number = line["InvoiceNo"]?.stringValue,
                      let why = pendingInvoices[InvoiceRef(vendor: vendor, invoice: number)] else { continue }
                reasons.append("the invoice \(number) it pays is not in Sage 100 yet: \(why). It is sent once the invoice is posted.")
            }
        }
        return reasons
    }

    static func vendorRef(_ record: JSONValue) -> VendorRef? {
        guard let division = record["APDivisionNo"]?.stringValue, let vendor = record["VendorNo"]?.stringValue,
              !vendor.isEmpty else { return nil }
        return VendorRef(division: division, vendor: vendor)
    }
}
