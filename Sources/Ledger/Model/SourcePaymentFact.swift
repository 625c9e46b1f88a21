/// What a commitment, requisition or contract payment version says about money owed and paid,
/// as the pull plans payment listings from it (`contract_payments` is listed per commitment
/// and has no `updated_at` filter). Kept current in `payment_facts` by the transaction that
/// stores the version, so the plan reads the open requisitions, not every version.
public struct SourcePaymentFact: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case commitment, requisition, payment
    }

    public var kind: Kind
    /// The commitment: itself, the requisition's, the payment's contract.
    public var commitmentID: Int64?
    /// The requisition a payment pays (nil for the other kinds).
    public var requisitionID: Int64?
    /// A commitment or payment that is not deleted; a requisition that is approved
    /// (`approved`, `approved_as_noted`) and not deleted.
    public var active: Bool
    /// A requisition's `current_payment_due`, a payment's amount, in cents (0 for a commitment).
    public var cents: Int64

    public init(kind: Kind, commitmentID: Int64?, requisitionID: Int64? = nil, active: Bool, cents: Int64 = 0) {
        self.kind = kind
        self.commitmentID = commitmentID
        self.requisitionID = requisitionID
        self.active = active
        self.cents = cents
    }
}
