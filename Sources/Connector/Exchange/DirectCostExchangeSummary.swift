import Foundation
import Money

/// What one exchange of Sage 100's own job costs to Procore direct costs did.
public struct DirectCostExchangeSummary: Sendable, Codable, Equatable {
    public typealias Tally = PaymentExchangeSummary.Tally

    /// A job cost line that needs a person: its Sage key, amount and what to do.
    public struct Item: Sendable, Codable, Equatable {
        public var sageKey: String
        public var amount: Money
        public var message: String
    }

    /// Where Sage was read from (`updated_since`), nil for the first exchange (everything).
    public var readSince: String?
    /// Job cost lines read from Sage.
    public var read = 0
    /// Lines created in Procore (new direct cost lines).
    public var sent = Tally()
    /// Lines sent before whose amount changed in Sage: updated in Procore.
    public var updated = Tally()
    /// Direct costs (documents) written.
    public var directCosts = 0
    /// Read again but already in Procore as they are.
    public var alreadyHandled = 0
    /// Lines of documents the connector posted from Procore: never sent back.
    public var cameFromProcore = Tally()
    /// Not sent: a job, cost code or cost type Procore lacks, or Procore refused it (sent again next time).
    public var refused: [Item] = []
    /// Sent without a usable answer: sent again next time (matched by origin_id, so never twice).
    public var uncertain: [Item] = []

    public init() {}

    public var needsAttention: Bool { !refused.isEmpty || !uncertain.isEmpty }

    public var line: String {
        var parts = ["\(read) job cost line(s) read from Sage 100" + (readSince == nil ? "" : " (changed since the last exchange)")
                        + (alreadyHandled > 0 ? ", \(alreadyHandled) of them in Procore already" : ""),
                     "\(sent.count) sent to Procore as direct cost lines (\(sent.amount.currency("$"))) on \(directCosts) direct cost(s)"]
        if updated.count > 0 { parts.append("\(updated.count) changed in Sage and updated (\(updated.amount.currency("$")))") }
        if cameFromProcore.count > 0 { parts.append("\(cameFromProcore.count) came from Procore (\(cameFromProcore.amount.currency("$"))), not sent back") }
        if !refused.isEmpty { parts.append("\(refused.count) not sent (\(refused.reduce(Money.zero) { $0 + $1.amount }.currency("$"))), each with what to do") }
        if !uncertain.isEmpty { parts.append("\(uncertain.count) unanswered, sent again next time") }
        return parts.joined(separator: "; ")
    }

    enum CodingKeys: String, CodingKey {
        case readSince = "read_since", read, sent, updated, directCosts = "direct_costs", alreadyHandled = "already_handled"
        case cameFromProcore = "came_from_procore", refused, uncertain
    }
}
