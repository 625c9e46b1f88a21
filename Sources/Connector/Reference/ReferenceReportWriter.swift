import Foundation
import Money
import Mustache

/// Writes a ``ReferenceValidation`` as `reference.{html,csv,json}` into a folder (created when
/// missing), each file atomically: `outbox/reference/<date>/` for the exchange of that day.
public enum ReferenceReportWriter {
    public typealias Files = ReportFiles

    public static func write(_ validation: ReferenceValidation, directory: String, currencySymbol: String = "$") throws -> Files {
        try ReportFiles.write(directory: directory, name: "reference", html: try html(validation, symbol: currencySymbol),
                              csv: csv(validation), json: validation)
    }

    // MARK: - CSV

    /// One row per problem: the section (`cost_code`, `mapping`, `budget_line`), then the same
    /// columns for each, then one row per note. Same CSV rules as the reconciliation report.
    static func csv(_ v: ReferenceValidation) -> Data {
        typealias Cell = ReconciliationCSV.Cell
        var rows: [[Cell]] = [[.text("section"), .text("project"), .text("budget_line_id"), .text("cost_code"), .text("cost_type"),
                               .text("cost_type_name"), .text("amount"), .text("status"), .text("account"), .text("fix")]]
        for p in v.costCodeProblems {
            rows.append([.text(p.costCode.isEmpty ? "mapping" : "cost_code"), .text(p.projects.joined(separator: "; ")), .text(nil),
                         .text(p.costCode), .text(p.costType), .text(nil), .text(nil), .text(p.status), .text(nil), .text(p.message)])
        }
        for p in v.budgetProblems {
            rows.append([.text("budget_line"), .text(p.project), .integer(Int(p.budgetLineID)), .text(p.costCode), .text(p.costType),
                         .text(p.costTypeName), .number(p.amount.plain), .text(p.status), .text(p.account), .text(p.message)])
        }
        for note in v.notes {
            rows.append([.text("note"), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil), .text(nil), .text(note)])
        }
        var text = "\u{FEFF}"
        for row in rows { text += row.map(ReconciliationCSV.encode).joined(separator: ",") + "\r\n" }
        return Data(text.utf8)
    }

    // MARK: - HTML

    static func html(_ v: ReferenceValidation, symbol: String) throws -> String {
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: page) } catch {
            throw ReconcileError.template(path: "built-in reference report", reason: "\(error)")
        }
        let context: [String: Any] = [
            "company": v.company,
            "date": v.date,
            "structure": v.accountStructure,
            "clean": v.problemCount == 0,
            "headline": v.problemCount == 0
                ? "Procore's cost codes and budgets all post to active Sage 100 accounts"
                : "\(v.problemCount) problem(s): \(v.budgetProblems.count) budget line(s) totalling \(v.budgetAmountAtRisk.currency(symbol)) would not post",
            "costCodesChecked": v.costCodesChecked,
            "costCodesMapped": v.costCodesMapped,
            "budgetProjects": v.budgetProjects,
            "budgetLinesChecked": v.budgetLinesChecked,
            "budgetAmountChecked": v.budgetAmountChecked.currency(symbol),
            "hasCostCodeProblems": !v.costCodeProblems.isEmpty,
            "costCodeProblems": v.costCodeProblems.map { p -> [String: Any] in
                ["code": p.costCode.isEmpty ? "mapping" : p.costCode, "type": p.costType ?? "any", "status": p.status,
                 "projects": p.projects.isEmpty ? "" : p.projects.prefix(6).joined(separator: ", ") + (p.projects.count > 6 ? " and \(p.projects.count - 6) more" : ""),
                 "message": p.message]
            },
            "hasBudgetProblems": !v.budgetProblems.isEmpty,
            "budgetProblems": v.budgetProblems.map { p -> [String: Any] in
                ["project": p.project, "line": String(p.budgetLineID), "code": p.costCode,
                 "type": [p.costType, p.costTypeName.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "),
                 "amount": p.amount.currency(symbol), "status": p.status, "account": p.account ?? "", "message": p.message]
            },
            "hasNotes": !v.notes.isEmpty,
            "notes": v.notes,
        ]
        return template.render(context)
    }

    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Reference check {{date}} ({{company}})</title>
<style>
\#(ReportStyle.base)
  .status { white-space: nowrap; font-weight: 600; color: #8e1c1c; }
  .fix { color: #333; }
  @media print { body { margin: 0; max-width: none; } .headline { border-width: 1px; } }
</style>
</head>
<body>
<h1>Reference check: Procore against Sage 100</h1>
<p class="meta">Company {{company}} &middot; {{date}} (UTC) &middot; account structure {{structure}}</p>
<p class="meta">{{costCodesMapped}} of {{costCodesChecked}} cost code lines mapped &middot; {{budgetLinesChecked}} budget lines of {{budgetProjects}} projects checked ({{budgetAmountChecked}})</p>
<div class="headline {{#clean}}ok{{/clean}}{{^clean}}attention{{/clean}}">{{headline}}</div>
{{#hasBudgetProblems}}
<h2>Budget lines that would not post</h2>
<table>
<thead><tr><th>Project</th><th>Budget line</th><th>Cost code</th><th>Cost type</th><th class="num">Budget</th><th>Problem</th><th>Account</th><th>What to do</th></tr></thead>
<tbody>
{{#budgetProblems}}
<tr><td>{{project}}</td><td>{{line}}</td><td>{{code}}</td><td>{{type}}</td><td class="num">{{amount}}</td><td class="status">{{status}}</td><td>{{account}}</td><td class="fix">{{message}}</td></tr>
{{/budgetProblems}}
</tbody>
</table>
{{/hasBudgetProblems}}
{{#hasCostCodeProblems}}
<h2>Cost codes and mapping</h2>
<table>
<thead><tr><th>Cost code</th><th>Cost type</th><th>Problem</th><th>Projects</th><th>What to do</th></tr></thead>
<tbody>
{{#costCodeProblems}}
<tr><td>{{code}}</td><td>{{type}}</td><td class="status">{{status}}</td><td>{{projects}}</td><td class="fix">{{message}}</td></tr>
{{/costCodeProblems}}
</tbody>
</table>
{{/hasCostCodeProblems}}
{{#hasNotes}}
<h2>Not checked</h2>
<ul>
{{#notes}}<li>{{.}}</li>
{{/notes}}
</ul>
{{/hasNotes}}
</body>
</html>
"""#
}
