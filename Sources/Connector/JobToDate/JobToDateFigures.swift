import Money

/// One side's job-to-date figures for a commitment (or a job), in the same four columns on both
/// sides so they subtract: Procore's revised commitment next to Sage's purchase order amount,
/// work billed next to AP invoiced (job cost lines), retainage held next to retention held, and
/// payments next to checks applied to the commitment's invoices.
public struct JobToDateFigures: Codable, Sendable, Equatable {
    /// Procore: original commitment plus approved change orders. Sage: the purchase order's lines.
    public var committed: Money = .zero
    /// Procore: approved requisitions' work completed and materials stored. Sage: AP invoice lines on the job.
    public var billed: Money = .zero
    /// Procore: retainage held less released. Sage: invoice lines on the job less the amount payable.
    public var retainage: Money = .zero
    /// Procore: contract payments. Sage: manual-check lines paying the commitment's invoices.
    public var paid: Money = .zero

    public init(committed: Money = .zero, billed: Money = .zero, retainage: Money = .zero, paid: Money = .zero) {
        self.committed = committed
        self.billed = billed
        self.retainage = retainage
        self.paid = paid
    }

    public var isZero: Bool { committed.isZero && billed.isZero && retainage.isZero && paid.isZero }

    public static func + (a: Self, b: Self) -> Self {
        Self(committed: a.committed + b.committed, billed: a.billed + b.billed, retainage: a.retainage + b.retainage, paid: a.paid + b.paid)
    }

    public static func - (a: Self, b: Self) -> Self {
        Self(committed: a.committed - b.committed, billed: a.billed - b.billed, retainage: a.retainage - b.retainage, paid: a.paid - b.paid)
    }

    public static func += (a: inout Self, b: Self) { a = a + b }
}
