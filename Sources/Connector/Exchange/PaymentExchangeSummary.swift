import Foundation
import Money

/// What one exchange of Sage 100 checks to Procore contract payments did.
public struct PaymentExchangeSummary: Sendable, Codable, Equatable {
    /// A count and the dollars in it.
    public struct Tally: Sendable, Codable, Equatable {
        public var count = 0
        public var amount = Money.zero

        public init(count: Int = 0, amount: Money = .zero) {
            self.count = count
            self.amount = amount
        }

        mutating func add(cents: Int64) {
            count += 1
            amount = amount + Money(cents: cents)
        }
    }

    /// One item that needs a person or is worth naming: what it is, its amount and what to do.
    public struct Item: Sendable, Codable, Equatable {
        /// The check line's Sage key, `<bank>-<check>/<invoice>`.
        public var sageKey: String
        public var amount: Money
        public var requisitionID: Int64?
        public var message: String

        public init(sageKey: String, amount: Money, requisitionID: Int64?, message: String) {
            self.sageKey = sageKey
            self.amount = amount
            self.requisitionID = requisitionID
            self.message = message
        }
    }

    /// Why a check line is not sent (each once per line, the first time it is seen).
    public enum SkipReason: String, Sendable, Codable, CaseIterable {
        /// The agent imported the check: it came from a Procore payment.
        case cameFromProcore = "came-from-procore"
        /// A voided check pays nothing.
        case void
        /// Zero or a credit: nothing was paid out.
        case paysNothing = "pays-nothing"
        /// It pays an invoice the connector did not post (keyed in Sage).
        case notConnectorInvoice = "not-a-connector-invoice"

        public var explanation: String {
            switch self {
            case .cameFromProcore: return "posted by the connector from a Procore payment, so it is in Procore already"
            case .void: return "voided or reversed in Sage 100"
            case .paysNothing: return "zero or a credit: nothing was paid out"
            case .notConnectorInvoice: return "pays an invoice keyed in Sage 100, not one the connector posted from a requisition"
            }
        }
    }

    /// Where Sage was read from (`updated_since`), nil for the first exchange (everything).
    public var readSince: String?
    /// Check lines read from Sage (changed since the last exchange).
    public var read = 0
    /// Created in Procore by this exchange.
    public var sent = Tally()
    /// Sent before without an answer and found in Procore: recorded, not sent again.
    public var settled = 0
    /// Read again but already handled by an earlier exchange.
    public var alreadyHandled = 0
    /// Not sent, per reason.
    public var skipped: [String: Tally] = [:]
    /// Refused by Procore (sent again by the next exchange).
    public var refused: [Item] = []
    /// Sent without a usable answer: the next exchange looks for them in Procore first.
    public var uncertain: [Item] = []
    /// Voided in Sage after they were sent: the Procore payment should be deleted there.
    public var voidedAfterSent: [Item] = []

    public init() {}

    /// True when something needs a person.
    public var needsAttention: Bool { !refused.isEmpty || !uncertain.isEmpty || !voidedAfterSent.isEmpty }

    /// One line for the terminal.
    public var line: String {
        var parts = ["\(read) check line(s) read from Sage 100" + (readSince == nil ? "" : " (changed since the last exchange)")
                        + (alreadyHandled > 0 ? ", \(alreadyHandled) of them handled before" : ""),
                     "\(sent.count) sent to Procore as contract payments (\(sent.amount.currency("$")))"]
        if settled > 0 { parts.append("\(settled) found in Procore from an earlier unanswered send") }
        let skippedCount = skipped.values.reduce(0) { $0 + $1.count }
        if skippedCount > 0 { parts.append("\(skippedCount) not for Procore") }
        if !refused.isEmpty { parts.append("\(refused.count) refused by Procore (\(refused.reduce(Money.zero) { $0 + $1.amount }.currency("$")))") }
        if !uncertain.isEmpty { parts.append("\(uncertain.count) unanswered, checked next time") }
        if !voidedAfterSent.isEmpty { parts.append("\(voidedAfterSent.count) voided in Sage after they were sent") }
        return parts.joined(separator: "; ")
    }
}
