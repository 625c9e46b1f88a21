/// `mapping.change_orders`: how approved commitment change orders reach Sage 100.
///
/// A commitment is not a cost: Job Cost reads committed cost from purchase order lines, and
/// actual cost comes only from AP invoices. Neither mode ever posts to a cost account, so a
/// change order and the requisitions that later bill its work are never counted twice.
public enum ChangeOrderPosting: String, Sendable, Hashable, Codable, CaseIterable {
    /// Lines added to the commitment's purchase order (kind `purchase-order-changes`), so Sage's
    /// committed cost equals Procore's revised commitment. The default.
    case purchaseOrder = "purchase_order"
    /// A balanced GL journal entry between two memo accounts (`accounts.committed_cost` and
    /// `accounts.commitments_offset`), for companies that track commitments in the GL; the
    /// configuration refuses cost accounts there.
    case journalEntry = "journal_entry"
}

/// `mapping.payments`: which system records the payments to subcontractors. One system of
/// record per company, never both, so a check is never written twice.
public enum PaymentsSystem: String, Sendable, Hashable, Codable, CaseIterable {
    /// Procore's contract payments post to Sage 100 as manual checks (the default).
    case procore = "procore"
    /// Checks are written in Sage 100; Procore's contract payments are not posted (they are
    /// listed as nothing to post), and Sage's checks go back to Procore through the exchange.
    case sage = "sage"
}
