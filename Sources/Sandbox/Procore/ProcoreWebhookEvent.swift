import Foundation
import Procore

/// One change event as Procore's webhooks v2.0 payload carries it.
struct ProcoreWebhookEvent: Sendable {
    var id: Int64
    var ulid: String
    var timestamp: String
    var userID: Int64
    var companyID: Int64
    var projectID: Int64?
    var eventType: String
    var resourceName: String
    var resourceID: Int64

    /// The delivery body, field for field as Procore sends it.
    func json() -> [UInt8] {
        var w = ProcoreJSONWriter(capacity: 512)
        write(into: &w)
        return w.bytes
    }

    func write(into w: inout ProcoreJSONWriter, key: String? = nil) {
        w.beginObject(key)
        w.int("id", id)
        w.string("ulid", ulid)
        w.string("timestamp", timestamp)
        w.beginObject("metadata")
        w.int("source_user_id", userID)
        w.int("source_project_id", projectID)
        w.null("source_operation_id")
        w.int("source_company_id", companyID)
        w.null("source_application_id")
        w.endObject()
        w.int("user_id", userID)
        w.int("company_id", companyID)
        w.int("project_id", projectID)
        w.string("api_version", "v2.0")
        w.string("event_type", eventType)
        w.string("resource_name", resourceName)
        w.int("resource_id", resourceID)
        w.endObject()
    }

    /// A 26-character ULID: 48 bits of milliseconds, then 80 random bits, in Crockford base32.
    static func ulid(milliseconds: UInt64, using rng: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var out: [Character] = []
        out.reserveCapacity(26)
        for i in (0..<10).reversed() { out.append(alphabet[Int((milliseconds >> (UInt64(i) * 5)) & 31)]) }
        for _ in 0..<16 { out.append(alphabet[Int((rng.next() as UInt64) & 31)]) }
        return String(out)
    }
}

extension ProcoreTouchable {
    /// Procore's webhook `resource_name` for this resource.
    var webhookResourceName: String {
        ProcoreResource(name: rawValue)?.webhookResourceName ?? rawValue
    }

    /// The project id a record belongs to (nil for company records such as vendors).
    func projectID(ofRecord id: Int64, in ds: ProcoreDataset) -> Int64? {
        func project(_ p: Int32) -> Int64 { ds.projects[Int(p)].id }
        func viaCommitment(_ c: Int32) -> Int64 { project(ds.commitments[Int(c)].project) }
        switch self {
        case .projects: return id
        case .vendors: return nil
        case .cost_codes: return ProcoreDataset.find(id, in: ds.costCodes, key: { $0.id }).map { project(ds.costCodes[$0].project) }
        case .purchase_order_contracts, .work_order_contracts:
            return ProcoreDataset.find(id, in: ds.commitments, key: { $0.id }).map { project(ds.commitments[$0].project) }
        case .requisitions: return ProcoreDataset.find(id, in: ds.requisitions, key: { $0.id }).map { viaCommitment(ds.requisitions[$0].commitment) }
        case .commitment_change_orders: return ProcoreDataset.find(id, in: ds.changeOrders, key: { $0.id }).map { viaCommitment(ds.changeOrders[$0].commitment) }
        case .change_order_packages: return ProcoreDataset.find(id, in: ds.packages, key: { $0.id }).map { viaCommitment(ds.packages[$0].commitment) }
        case .prime_contracts: return ProcoreDataset.find(id, in: ds.primeContracts, key: { $0.id }).map { project(ds.primeContracts[$0].project) }
        case .payment_applications: return ProcoreDataset.find(id, in: ds.paymentApplications, key: { $0.id }).map { project(ds.paymentApplications[$0].project) }
        case .contract_payments: return ProcoreDataset.find(id, in: ds.payments, key: { $0.id }).map { project(ds.payments[$0].project) }
        case .direct_costs: return ProcoreDataset.find(id, in: ds.directCosts, key: { $0.id }).map { project(ds.directCosts[$0].project) }
        }
    }
}
