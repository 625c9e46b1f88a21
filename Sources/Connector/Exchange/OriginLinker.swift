import Foundation
import Ledger
import Procore

/// Linking back (with `mapping.link_back: true`): after a commitment, requisition or contract
/// payment is posted,
/// its Procore record gets the Sage key as `origin_id` (and what was posted as `origin_data`),
/// so Procore shows what is in Sage and, as with Procore's own ERP tool, the record is known to
/// be in the ERP.
///
/// Each link is recorded in the ledger (`exchange_items`, kind `origin-<resource>`, keyed by the
/// Sage key) before it is sent and settled from the answer: `sent`, or `refused` with Procore's
/// message (sent again by the next run). Writing the same origin_id twice changes nothing, so a
/// send without an answer is simply sent again. Procore then reports the record changed; its
/// new version sends Sage the same document, so it is unchanged, not drift.
public struct OriginLinker: Sendable {
    public let ledger: Ledger
    public let procore: any ProcoreOriginWriter
    public var runID: RunID?
    /// Most links written per run (the rest go next run).
    public var limit = 5_000

    public init(ledger: Ledger, procore: any ProcoreOriginWriter, runID: RunID? = nil) {
        self.ledger = ledger
        self.procore = procore
        self.runID = runID
    }

    public static func kind(_ resource: String) -> String { "origin-\(resource)" }

    /// What Sage holds for a resource, in words.
    static func documentName(_ resource: String) -> String {
        switch resource {
        case "requisitions": return "AP invoice"
        case "contract_payments": return "manual check"
        default: return "purchase order"
        }
    }

    public func run() async throws -> OriginLinkSummary {
        var summary = OriginLinkSummary()
        for record in try ledger.postedRecordsNotLinked(resources: OriginLink.resources, limit: limit) {
            guard let key = record.targetKey, let project = record.projectID else { continue }
            var commitment: Int64? = nil
            if record.resource == "requisitions" || record.resource == "contract_payments" {
                guard let contract = try ledger.sourceContract(resource: record.resource, record.sourceID)?.commitmentID else {
                    summary.refused.append(.init(resource: record.resource, sourceID: record.sourceID, sageKey: key,
                        message: "\(record.resource) \(record.sourceID): its commitment is not in the ledger, so Procore cannot be asked; it is linked once the next pull records it"))
                    continue
                }
                commitment = contract
            }
            var item = ExchangeItem(kind: Self.kind(record.resource), sageKey: key, state: .sending, procoreID: record.sourceID,
                                    projectID: project, commitmentID: commitment, detail: "writing origin_id \(key) to \(record.resource) \(record.sourceID)")
            try ledger.recordExchangeItem(item, runID: runID, attempted: true)
            let link = OriginLink(resource: record.resource, id: record.sourceID, projectID: project, commitmentID: commitment,
                                  originID: key, originData: "Sage 100 \(Self.documentName(record.resource)) \(key) (posted by ml-connector, ledger record \(record.id))")
            do {
                try await procore.setOrigin(link)
                item.state = .sent
                item.detail = "\(record.resource) \(record.sourceID) carries origin_id \(key)"
                try ledger.recordExchangeItem(item, runID: runID)
                summary.linked += 1
            } catch {
                item.state = .refused
                item.detail = "Procore refused origin_id \(key) on \(record.resource) \(record.sourceID): \(error)"
                try ledger.recordExchangeItem(item, runID: runID)
                summary.refused.append(.init(resource: record.resource, sourceID: record.sourceID, sageKey: key,
                    message: "\(record.resource) \(record.sourceID) (Sage \(key)): Procore did not take the link (\(error)); the next run tries again"))
            }
        }
        return summary
    }
}

/// What the link-back did.
public struct OriginLinkSummary: Sendable, Codable, Equatable {
    public struct Refusal: Sendable, Codable, Equatable {
        public var resource: String
        public var sourceID: Int64
        public var sageKey: String
        public var message: String
        enum CodingKeys: String, CodingKey { case resource, sourceID = "source_id", sageKey = "sage_key", message }
    }

    public var linked = 0
    public var refused: [Refusal] = []

    public init() {}

    public var line: String {
        "\(linked) posted record(s) linked back to Procore by origin_id" + (refused.isEmpty ? "" : ", \(refused.count) not (listed; tried again next run)")
    }
}
