import Foundation
import Money
import Mustache

/// The job-to-date reconciliation as one HTML page (a built-in template; values escaped by Mustache).
public enum JobToDateHTML {
    public static func render(_ report: JobToDateReport, currencySymbol: String = "$") throws -> String {
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: page) } catch {
            throw ReconcileError.template(path: "built-in job-to-date", reason: "\(error)")
        }
        return template.render(context(report, symbol: currencySymbol))
    }

    static func context(_ report: JobToDateReport, symbol: String) -> [String: Any] {
        func amount(_ m: Money) -> String { m.currency(symbol) }
        func cells(_ f: JobToDateFigures) -> [String] { [amount(f.committed), amount(f.billed), amount(f.retainage), amount(f.paid)] }
        return [
            "company": report.company,
            "asOf": report.asOf?.description ?? "today",
            "generatedAt": report.generatedAt,
            "headline": report.headline(),
            "agrees": report.agrees,
            "jobs": report.jobs.map { job -> [String: Any] in
                [
                    "jobNo": job.jobNo,
                    "projectName": job.projectName ?? "project \(job.projectID)",
                    "procore": cells(job.procore),
                    "sage": cells(job.sage),
                    "commitments": job.commitments.map { c -> [String: Any] in
                        [
                            "name": (c.number ?? String(c.commitmentID)) + (c.title.map { " \u{2013} \($0)" } ?? ""),
                            "vendor": c.vendorName ?? "",
                            "po": c.purchaseOrderNo ?? "not in Sage",
                            "status": c.status.rawValue,
                            "differs": c.status == .differs,
                            "original": amount(c.originalCommitment),
                            "approvedCOs": amount(c.approvedChangeOrders),
                            "notCommitted": c.procoreStatus.map { ["approved", "complete"].contains($0.lowercased()) ? "" : "\($0) in Procore: commits nothing until approved" } ?? "",
                            "procore": cells(c.procore),
                            "sage": cells(c.sage),
                            "difference": cells(c.difference),
                            "unexplained": cells(c.unexplained),
                            "notSent": c.notSent.map { u -> [String: Any] in
                                ["label": u.label, "state": u.state, "cause": u.cause ?? "",
                                 "amount": [u.amounts.committed, u.amounts.billed, u.amounts.retainage, u.amounts.paid]
                                    .filter { !$0.isZero }.map(amount).joined(separator: " / ")]
                            },
                        ]
                    },
                    "inSageOnly": job.inSageOnly.map { d -> [String: Any] in
                        ["kind": d.kind, "key": d.sageKey, "date": d.date?.description ?? "", "vendor": d.vendorNo ?? "",
                         "amount": amount(d.amount), "entered": d.entered, "countedIn": d.countedIn ?? "no commitment"]
                    },
                    "hasInSageOnly": !job.inSageOnly.isEmpty,
                ]
            },
        ]
    }

    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Job to date {{asOf}} ({{company}})</title>
<style>
\#(ReportStyle.base)
  tr.differs td { font-weight: 700; color: #8e1c1c; }
  .side { color: #555; font-size: .85em; }
  .held { color: #555; font-size: .9em; }
</style>
</head>
<body>
<h1>Job to date, as of {{asOf}}</h1>
<p class="meta">Company {{company}} &middot; generated {{generatedAt}}</p>
<div class="headline {{#agrees}}ok{{/agrees}}{{^agrees}}attention{{/agrees}}">{{headline}}</div>
<p class="meta">Procore: revised commitment (original + approved change orders), billed (work completed + materials stored on approved requisitions), retainage held, paid. Sage 100: purchase order lines, AP invoice lines on the job, retention (invoice lines less the amount payable), manual-check lines paying the commitment's invoices.</p>
{{#jobs}}
<h2>Job {{jobNo}} &middot; {{projectName}}</h2>
<table>
<thead><tr><th>Commitment</th><th>Vendor</th><th>PO</th><th></th><th class="num">Committed</th><th class="num">Billed</th><th class="num">Retainage</th><th class="num">Paid</th><th>Status</th></tr></thead>
<tbody>
{{#commitments}}
<tr{{#differs}} class="differs"{{/differs}}><td rowspan="3">{{name}}<div class="side">original {{original}}, approved change orders {{approvedCOs}}</div>{{#notCommitted}}<div class="side">{{notCommitted}}</div>{{/notCommitted}}</td><td rowspan="3">{{vendor}}</td><td rowspan="3">{{po}}</td>
<td class="side">Procore</td>{{#procore}}<td class="num">{{.}}</td>{{/procore}}<td rowspan="3">{{status}}</td></tr>
<tr><td class="side">Sage 100</td>{{#sage}}<td class="num">{{.}}</td>{{/sage}}</tr>
<tr><td class="side">Difference</td>{{#difference}}<td class="num">{{.}}</td>{{/difference}}</tr>
{{#notSent}}<tr><td colspan="9" class="held">not sent: {{label}} ({{state}}) {{amount}} &middot; {{cause}}</td></tr>{{/notSent}}
{{/commitments}}
<tr><td colspan="3"><strong>Job total</strong></td><td class="side">Procore</td>{{#procore}}<td class="num">{{.}}</td>{{/procore}}<td></td></tr>
<tr><td colspan="3"></td><td class="side">Sage 100</td>{{#sage}}<td class="num">{{.}}</td>{{/sage}}<td></td></tr>
</tbody>
</table>
{{#hasInSageOnly}}
<p><strong>In Sage 100, not posted by the connector</strong></p>
<table><thead><tr><th>Kind</th><th>Sage key</th><th>Date</th><th>Vendor</th><th class="num">Amount on job</th><th>Entered</th><th>Counted in</th></tr></thead>
<tbody>{{#inSageOnly}}<tr><td>{{kind}}</td><td>{{key}}</td><td>{{date}}</td><td>{{vendor}}</td><td class="num">{{amount}}</td><td>{{entered}}</td><td>{{countedIn}}</td></tr>{{/inSageOnly}}</tbody></table>
{{/hasInSageOnly}}
{{/jobs}}
</body>
</html>
"""#
}
