import Foundation
import Money

/// The job-to-date reconciliation for a spreadsheet: one row per commitment (Procore, Sage,
/// difference, unexplained), then one row per record not sent and per document in Sage only.
/// Same CSV rules as the reconciliation report (``ReconciliationCSV``): CRLF, BOM, formulas
/// neutralised, amounts as numbers.
public enum JobToDateCSV {
    typealias Cell = ReconciliationCSV.Cell

    public static func render(_ report: JobToDateReport) -> Data {
        var rows: [[Cell]] = []
        func section(_ name: String, _ headers: [String], _ body: [[Cell]]) {
            if !rows.isEmpty { rows.append([]) }
            rows.append([.text("section")] + headers.map { .text($0) })
            rows.append(contentsOf: body.map { [.text(name)] + $0 })
        }
        func money(_ m: Money) -> Cell { .number(m.plain) }
        func figures(_ f: JobToDateFigures) -> [Cell] { [money(f.committed), money(f.billed), money(f.retainage), money(f.paid)] }
        section("report", ["company", "as_of", "generated_at", "commitments", "differing", "explained", "in_sage_only", "headline"], [[
            .text(report.company), .text(report.asOf?.description), .text(report.generatedAt), .integer(report.commitments),
            .integer(report.differing), .integer(report.explained), .integer(report.inSageOnly), .text(report.headline()),
        ]])
        section("commitment", [
            "job_no", "project", "commitment_id", "number", "vendor", "procore_status", "purchase_order_no", "status",
            "procore_original", "procore_approved_change_orders",
            "procore_revised", "procore_billed", "procore_retainage", "procore_paid",
            "sage_po_amount", "sage_ap_invoiced", "sage_retention", "sage_checks",
            "difference_committed", "difference_billed", "difference_retainage", "difference_paid",
            "records_not_sent", "unexplained_committed", "unexplained_billed", "unexplained_retainage", "unexplained_paid",
        ], report.jobs.flatMap { job in
            job.commitments.map { c -> [Cell] in
                [.text(job.jobNo), .text(job.projectName), .integer(Int(c.commitmentID)), .text(c.number), .text(c.vendorName),
                 .text(c.procoreStatus), .text(c.purchaseOrderNo), .text(c.status.rawValue), money(c.originalCommitment), money(c.approvedChangeOrders)]
                    + figures(c.procore) + figures(c.sage) + figures(c.difference) + [.integer(c.notSent.count)] + figures(c.unexplained)
            }
        })
        let unsent = report.jobs.flatMap { job in job.commitments.flatMap { c in c.notSent.map { (job, c, $0) } } }
        if !unsent.isEmpty {
            section("not_sent", ["job_no", "commitment", "record", "state", "cause", "committed", "billed", "retainage", "paid"],
                    unsent.map { job, c, u in
                        [.text(job.jobNo), .text(c.number ?? String(c.commitmentID)), .text(u.label), .text(u.state), .text(u.cause)]
                            + figures(u.amounts)
                    })
        }
        let sageOnly = report.jobs.flatMap { job in job.inSageOnly.map { (job, $0) } }
        if !sageOnly.isEmpty {
            section("in_sage_only", ["job_no", "kind", "sage_key", "date", "vendor_no", "amount", "entered", "counted_in"],
                    sageOnly.map { job, d in
                        [.text(job.jobNo), .text(d.kind), .text(d.sageKey), .text(d.date?.description), .text(d.vendorNo),
                         money(d.amount), .text(d.entered), .text(d.countedIn)]
                    })
        }
        var text = "\u{FEFF}"
        for row in rows { text += row.map(ReconciliationCSV.encode).joined(separator: ",") + "\r\n" }
        return Data(text.utf8)
    }
}
