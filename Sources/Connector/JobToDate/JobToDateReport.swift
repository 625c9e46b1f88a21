import Foundation
import Money
import Procore

/// The month-end job-to-date reconciliation: per job and commitment, what Procore says next to
/// what Sage 100 holds, the differences, the Procore records that explain them because they were
/// never sent, and every document on the job that Sage holds but the connector did not post.
public struct JobToDateReport: Codable, Sendable {
    public var company: String
    /// Documents dated after this day are left out on both sides; nil = everything to date.
    public var asOf: ProcoreDay?
    public var generatedAt: String
    public var jobs: [JobToDateJob]

    public init(company: String, asOf: ProcoreDay?, generatedAt: String, jobs: [JobToDateJob]) {
        self.company = company
        self.asOf = asOf
        self.generatedAt = generatedAt
        self.jobs = jobs
    }

    public var commitments: Int { jobs.reduce(0) { $0 + $1.commitments.count } }
    /// Commitments whose differences the unsent records do not explain.
    public var differing: Int { jobs.reduce(0) { $0 + $1.commitments.filter { $0.status == .differs }.count } }
    /// Commitments that differ only by records the connector has not sent (each with its cause).
    public var explained: Int { jobs.reduce(0) { $0 + $1.commitments.filter { $0.status == .explained }.count } }
    /// Documents on the jobs that Sage holds and no Procore record of this ledger accounts for.
    public var inSageOnly: Int { jobs.reduce(0) { $0 + $1.inSageOnly.count } }

    /// True when every commitment agrees to the cent and Sage holds nothing the connector did not
    /// post. Differences explained by records not sent still need a person at month-end: the
    /// two systems' books differ until those records are fixed and posted.
    public var agrees: Bool { differing == 0 && explained == 0 && inSageOnly == 0 }

    public var exitStatus: ExitStatus { agrees ? .done : .needsPerson }

    public func headline() -> String {
        let scope = "\(commitments) commitment(s) on \(jobs.count) job(s)" + (asOf.map { " as of \($0)" } ?? "")
        var parts: [String] = []
        let agreeing = commitments - differing - explained
        parts.append("\(agreeing) agree to the cent")
        if explained > 0 { parts.append("\(explained) differ only by records not sent yet") }
        if differing > 0 { parts.append("\(differing) differ") }
        if inSageOnly > 0 { parts.append("\(inSageOnly) document(s) in Sage 100 that the connector did not post") }
        return "Job to date, \(scope): " + parts.joined(separator: "; ")
    }
}

/// One job (a mapped Procore project).
public struct JobToDateJob: Codable, Sendable {
    public var jobNo: String
    public var projectID: Int64
    public var projectName: String?
    public var commitments: [JobToDateCommitment]
    public var inSageOnly: [JobToDateSageDocument]
    /// Procore's figures, all commitments of the job.
    public var procore: JobToDateFigures
    /// Sage's figures: the commitments' documents plus the documents in Sage only.
    public var sage: JobToDateFigures
}

/// One commitment: Procore next to Sage, the difference, and what explains it.
public struct JobToDateCommitment: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Every column equal to the cent.
        case agrees
        /// The differences are exactly the records the connector has not sent (see `notSent`).
        case explained
        /// Something else differs: a document changed or keyed in Sage, or a record changed in
        /// Procore after posting.
        case differs
    }

    public var commitmentID: Int64
    /// `purchase_order_contracts` or `work_order_contracts`.
    public var resource: String
    public var number: String?
    public var title: String?
    public var vendorName: String?
    /// Its status in Procore (`Approved`, `Complete`, `Draft`, `Terminated`, …): only an approved
    /// or complete commitment commits anything.
    public var procoreStatus: String?
    /// The Sage purchase order paired with it, when posted.
    public var purchaseOrderNo: String?
    public var originalCommitment: Money
    public var approvedChangeOrders: Money
    public var procore: JobToDateFigures
    public var sage: JobToDateFigures
    /// Procore less Sage.
    public var difference: JobToDateFigures
    public var notSent: [JobToDateUnsent]
    /// The difference less what the unsent records account for.
    public var unexplained: JobToDateFigures
    public var status: Status
}

/// A Procore record counted on Procore's side that has no Sage document, with why.
public struct JobToDateUnsent: Codable, Sendable {
    public var resource: String
    public var sourceID: Int64
    public var label: String
    /// The ledger state of its live record (`invalid`, `rejected`, `batched`, …), or `none` when
    /// the transform recorded no document for it (nothing to post, or not transformed yet).
    public var state: String
    public var cause: String?
    /// What it would add to each column.
    public var amounts: JobToDateFigures
}

/// A document on the job that Sage holds and the connector did not post (or cannot pair).
public struct JobToDateSageDocument: Codable, Sendable {
    /// `purchase-orders`, `ap-invoices`, `manual-checks`.
    public var kind: String
    public var sageKey: String
    public var date: ProcoreDay?
    public var vendorNo: String?
    /// Its amount on this job (PO lines, invoice lines, check lines paying the job's invoices).
    public var amount: Money
    /// `keyed in Sage` (no agent import) or `imported, not by this ledger`.
    public var entered: String
    /// The commitment whose Sage figures include it, if any (a check keyed in Sage paying a
    /// posted invoice counts there).
    public var countedIn: String?
}
