import Foundation
import Ledger
import Procore
import Sage100

/// Sage 100 -> Procore's company directory (with `mapping.vendors.sync_to_procore: true`):
/// every Sage vendor is in Procore with its Sage key as `origin_id`, so the two directories
/// agree and a commitment to that vendor maps to it without a new Sage vendor.
///
/// Only the vendors of the connector's AP division (`mapping.ap_division`) are brought over: the
/// connector posts to that division, and a Procore vendor linked to another division's vendor
/// could not be posted to. Per Sage vendor (key `<division>-<VendorNo>`), against the directory
/// as Procore lists it now:
/// - a Procore vendor already carries the key as origin_id: in step (its identity pair is
///   recorded when the ledger lacked it);
/// - a Procore vendor the connector maps to it (the identity map) without an origin_id: linked
///   by setting the origin_id; one carrying another integration's origin_id is reported, never
///   changed;
/// - a Procore vendor with the same name and no origin_id: reported for a person to link (a
///   name is not an identity), nothing created;
/// - otherwise: created through the sync with the key as origin_id.
/// The sync upserts by origin_id, so an update sent twice (a crash before the answer was
/// recorded) changes the same vendor again instead of creating a second. Each update is
/// recorded in the ledger (`exchange_items`, kind `vendors`) before it is sent and settled from
/// the answer: sent with Procore's id, or refused with Procore's messages (sent again next time).
public struct VendorExchange: Sendable {
    public static let kind = "vendors"

    public let ledger: Ledger
    public let procore: any ProcoreVendorWriter
    public let company: String
    /// The AP division the connector posts to.
    public let division: String
    public var runID: RunID?

    public init(ledger: Ledger, procore: any ProcoreVendorWriter, company: String, division: String, runID: RunID? = nil) {
        self.ledger = ledger
        self.procore = procore
        self.company = company
        self.division = division
        self.runID = runID
    }

    public func run(sageVendors: [APVendor]) async throws -> VendorExchangeSummary {
        var summary = VendorExchangeSummary()
        let directory = try await procore.companyVendors()
        func normalized(_ text: String?) -> String {
            (text ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        }
        var byOrigin: [String: Vendor] = [:]
        var byName: [String: [Vendor]] = [:]
        var byID: [Int64: Vendor] = [:]
        for v in directory {
            byID[v.id] = v
            if !normalized(v.originID).isEmpty { byOrigin[normalized(v.originID)] = v }
            byName[normalized(v.name), default: []].append(v)
        }
        let pairs = try ledger.identityPairs(company: company, resource: "vendors")
        var procoreOfKey: [String: Int64] = [:]
        for (procoreID, key) in pairs { procoreOfKey[key] = procoreID }

        var updates: [VendorSyncUpdate] = []
        var items: [String: ExchangeItem] = [:]
        summary.otherDivisions = sageVendors.filter { $0.apDivisionNo != division }.count
        for sage in sageVendors.filter({ $0.apDivisionNo == division }).sorted(by: { ($0.apDivisionNo, $0.vendorNo) < ($1.apDivisionNo, $1.vendorNo) }) {
            let key = SageDocumentKey.vendor(division: sage.apDivisionNo, vendorNo: sage.vendorNo)
            let label = "Sage vendor \(key) (\(sage.vendorName))"
            if let linked = byOrigin[normalized(key)] {
                summary.inStep += 1
                if pairs[linked.id] == nil && procoreOfKey[key] == nil {
                    try ledger.putIdentity(company: company, resource: "vendors", procoreID: linked.id, sageKey: key)
                }
                continue
            }
            var update: VendorSyncUpdate
            if let procoreID = procoreOfKey[key], let mapped = byID[procoreID] {
                if let other = mapped.originID, !other.trimmingCharacters(in: .whitespaces).isEmpty {
                    summary.needsPerson.append(.init(sageKey: key, name: sage.vendorName, procoreID: procoreID,
                        message: "\(label) is Procore vendor \(procoreID) (\(mapped.name ?? "")), which carries origin_id '\(other)' from another integration: it is not changed; clear that origin_id in Procore if this connector should own the link"))
                    continue
                }
                update = VendorSyncUpdate(id: procoreID, originID: key)
                update.originCode = sage.vendorNo
            } else {
                let sameName = (byName[normalized(sage.vendorName)] ?? []).filter { normalized($0.originID).isEmpty }
                if let twin = sameName.first {
                    summary.needsPerson.append(.init(sageKey: key, name: sage.vendorName, procoreID: twin.id,
                        message: "\(label) has the same name as Procore vendor \(twin.id), which is linked to nothing: not created twice; if they are the same company set that vendor's origin_id to \(key) in Procore (or map it in mapping.vendors.table)"))
                    continue
                }
                update = VendorSyncUpdate(originID: key)
                update.originCode = sage.vendorNo
                update.name = sage.vendorName
                func text(_ s: String) -> String? { let t = s.trimmingCharacters(in: .whitespaces); return t.isEmpty ? nil : t }
                update.address = text([sage.addressLine1, sage.addressLine2, sage.addressLine3].filter { !$0.isEmpty }.joined(separator: ", "))
                update.city = text(sage.city)
                update.stateCode = text(sage.state)
                update.zip = text(sage.zipCode)
                update.businessPhone = text(sage.telephoneNo)
                update.emailAddress = text(sage.emailAddress)
                update.isActive = true
            }
            updates.append(update)
            let item = ExchangeItem(kind: Self.kind, sageKey: key, state: .sending, procoreID: update.id,
                                    detail: update.id == nil ? "creating \(sage.vendorName) in Procore" : "linking Procore vendor \(update.id!) by origin_id")
            try ledger.recordExchangeItem(item, runID: runID, attempted: true)
            items[key] = item
        }
        guard !updates.isEmpty else { return summary }

        let answer = try await procore.syncVendors(updates)
        let names = Dictionary(sageVendors.map { (SageDocumentKey.vendor(division: $0.apDivisionNo, vendorNo: $0.vendorNo), $0.vendorName) },
                               uniquingKeysWith: { a, _ in a })
        for entity in answer.entities {
            guard let key = entity.originID, var item = items[key] else { continue }
            let created = item.procoreID == nil
            item.state = .sent
            item.procoreID = entity.id
            item.detail = created ? "created in Procore as vendor \(entity.id)" : "linked: Procore vendor \(entity.id) carries origin_id \(key)"
            try ledger.recordExchangeItem(item, runID: runID)
            if pairs[entity.id] == nil && procoreOfKey[key] == nil {
                try ledger.putIdentity(company: company, resource: "vendors", procoreID: entity.id, sageKey: key)
            }
            if created {
                summary.created.append(.init(sageKey: key, name: names[key] ?? "", procoreID: entity.id, message: item.detail))
            } else {
                summary.linked.append(.init(sageKey: key, name: names[key] ?? "", procoreID: entity.id, message: item.detail))
            }
            items[key] = nil
        }
        for refusal in answer.errors {
            let key = refusal.originID ?? items.first(where: { $0.value.procoreID != nil && $0.value.procoreID == refusal.id })?.key
            guard let key, var item = items[key] else {
                summary.needsPerson.append(.init(sageKey: refusal.originID ?? "", name: "", procoreID: refusal.id,
                    message: "Procore refused a vendor update it did not name clearly: \(refusal.messages.joined(separator: "; "))"))
                continue
            }
            item.state = .refused
            item.detail = "Procore refused it: \(refusal.messages.joined(separator: "; "))"
            try ledger.recordExchangeItem(item, runID: runID)
            summary.refused.append(.init(sageKey: key, name: names[key] ?? "", procoreID: item.procoreID,
                message: "Sage vendor \(key) (\(names[key] ?? "")): Procore refused it (\(refusal.messages.joined(separator: "; "))); correct it in Sage 100 and the next exchange sends it again"))
            items[key] = nil
        }
        // Neither created nor refused: stays `sending`; the next exchange sends it again (by
        // origin_id, so never twice).
        for (key, _) in items.sorted(by: { $0.key < $1.key }) {
            summary.needsPerson.append(.init(sageKey: key, name: names[key] ?? "", procoreID: nil,
                message: "Sage vendor \(key): Procore's answer did not mention it; the next exchange sends it again"))
        }
        return summary
    }
}

/// What the vendor exchange did, per Sage vendor.
public struct VendorExchangeSummary: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public var sageKey: String
        public var name: String
        public var procoreID: Int64?
        public var message: String

        enum CodingKeys: String, CodingKey { case sageKey = "sage_key", name, procoreID = "procore_id", message }
    }

    /// Sage vendors already in Procore with their key as origin_id.
    public var inStep = 0
    /// Sage vendors of other AP divisions than the connector's: not brought over.
    public var otherDivisions = 0
    public var created: [Item] = []
    public var linked: [Item] = []
    public var refused: [Item] = []
    /// Left for a person: another integration's origin_id, a same-name vendor linked to nothing.
    public var needsPerson: [Item] = []

    public var needsAttention: Bool { !refused.isEmpty || !needsPerson.isEmpty }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case inStep = "in_step", otherDivisions = "other_divisions", created, linked, refused, needsPerson = "needs_person"
    }
}
