import Money
import Foundation
import Mustache
import Sage100

/// Renders the report as HTML from the Mustache template. Every value goes through
/// Mustache's HTML escaping (`<`, `>`, `&`, quotes), so a vendor called `<b>"A&B"</b>`
/// shows as text. Money: two decimals with thousands separators.
public struct ReconciliationHTML: Sendable {
    let template: MustacheTemplate
    /// Where the template came from (a path, or `built-in`).
    public let templateSource: String
    public let currencySymbol: String

    /// Uses the template at `templatePath` when that file exists, else the built-in copy.
    /// - Throws: ``ReconcileError/template(path:reason:)`` when the file exists but cannot be
    ///   read or parsed.
    public init(templatePath: String? = "templates/reconciliation.mustache", currencySymbol: String = "$") throws {
        self.currencySymbol = currencySymbol
        if let templatePath, FileManager.default.fileExists(atPath: templatePath) {
            guard let data = FileManager.default.contents(atPath: templatePath),
                  let text = String(data: data, encoding: .utf8) else {
                throw ReconcileError.template(path: templatePath, reason: "it cannot be read as UTF-8 text")
            }
            do {
                template = try MustacheTemplate(string: text)
            } catch {
                throw ReconcileError.template(path: templatePath, reason: "\(error)")
            }
            templateSource = templatePath
        } else {
            template = try Self.builtIn()
            templateSource = "built-in"
        }
    }

    static func builtIn() throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: ReconciliationTemplate.embedded)
        } catch {
            throw ReconcileError.template(path: "built-in", reason: "\(error)")
        }
    }

    /// The built-in template text (the same as `templates/reconciliation.mustache`).
    public static var builtInTemplate: String { ReconciliationTemplate.embedded }

    /// The HTML page.
    public func render(_ report: ReconciliationReport) -> String {
        template.render(context(report))
    }

    /// "Sage holds 2 of 3 documents of the run; AP invoices differ by -$500.00." Amounts stay
    /// per document kind (see the summary): a purchase order and a check do not add up.
    func totalsLine(_ report: ReconciliationReport) -> String {
        let sourceDocuments = report.summary.reduce(0) { $0 + $1.sourceDocuments }
        var line = "Sage holds \(report.postedDocuments) of \(sourceDocuments) documents of the run"
        let differing = report.summary.filter { $0.amountsCompared && !$0.difference.isZero }
        if differing.isEmpty {
            line += sourceDocuments == 0 ? "." : ", each kind to the cent of its source total."
        } else {
            line += "; " + differing.map { s in
                "\(SageDocumentKind(rawValue: s.kind)?.pluralName ?? s.kind) differ by \(s.difference.currency(currencySymbol))"
            }.joined(separator: "; ") + "."
        }
        return line
    }

    func context(_ report: ReconciliationReport) -> [String: Any] {
        func amount(_ money: Money?) -> String { money?.grouped ?? "" }
        let summary: [[String: Any]] = report.summary.map { s in
            ["kind": s.kind, "sourceDocuments": String(s.sourceDocuments), "postedDocuments": String(s.postedDocuments),
             "sourceTotal": s.amountsCompared ? s.sourceTotal.grouped : "n/a",
             "postedTotal": s.amountsCompared ? s.postedTotal.grouped : "n/a",
             "difference": s.amountsCompared ? s.difference.grouped : "n/a",
             "differs": !s.difference.isZero || s.sourceDocuments != s.postedDocuments]
        }
        let exceptions: [[String: Any]] = report.exceptions.map { e in
            var vendor = e.vendorNo ?? ""
            if let name = e.vendorName, !name.isEmpty { vendor = vendor.isEmpty ? name : "\(name) (\(vendor))" }
            var item: [String: Any] = [
                "title": e.kind.title, "record": e.recordLabel, "vendor": vendor,
                "sourceAmount": amount(e.sourceAmount), "postedAmount": amount(e.postedAmount),
                "reason": e.reason, "fix": e.fix,
            ]
            if let key = e.sageKey { item["sageKey"] = key }
            if let batch = e.batchID { item["batchID"] = batch }
            if let job = e.jobNo { item["jobNo"] = job }
            if let since = e.openSince { item["openSince"] = String(since.prefix(10)) }
            return item
        }
        func rows(_ rows: [ReconciliationReport.BreakdownRow], none: String) -> [[String: Any]] {
            rows.map { r in
                ["kind": r.kind, "key": r.key ?? none, "name": r.name ?? "",
                 "sourceTotal": r.sourceTotal.grouped, "postedTotal": r.postedTotal.grouped,
                 "difference": r.difference.grouped, "differs": !r.difference.isZero]
            }
        }
        let breakdowns: [[String: Any]] = [
            ["title": "By vendor", "keyHeader": "Vendor", "rows": rows(report.byVendor, none: "(no vendor)")],
            ["title": "By job", "keyHeader": "Job", "rows": rows(report.byJob, none: "(no job)")],
            ["title": "By GL account", "keyHeader": "Account", "rows": rows(report.byAccount, none: "(no account)")],
        ]
        let batches: [[String: Any]] = report.batches.map { b in
            ["id": b.id, "kind": b.kind, "state": b.state, "records": String(b.records),
             "controlTotal": b.controlTotal.flatMap { Money.parse($0) }.map { Money($0).grouped } ?? (b.controlTotal ?? "")]
        }
        return [
            "runID": report.runID, "company": report.company, "generatedAt": report.generatedAt,
            "headline": report.headline(currencySymbol: currencySymbol), "reconciled": report.isReconciled,
            "totalsLine": totalsLine(report),
            "summary": summary, "exceptions": exceptions, "hasExceptions": !report.exceptions.isEmpty,
            "exceptionCount": String(report.exceptions.count), "breakdowns": breakdowns, "batches": batches,
            "notes": report.notes, "hasNotes": !report.notes.isEmpty,
            "renumbered": report.renumbered.map { r -> [String: Any] in
                ["record": r.record, "field": r.field, "procoreNumber": r.procoreNumber.isEmpty ? "(none)" : r.procoreNumber,
                 "sageNumber": r.sageNumber, "reason": r.reason]
            },
            "hasRenumbered": !report.renumbered.isEmpty,
            "carriedOver": report.carriedOver.map { c -> [String: Any] in
                // Records whose source gives no amount (vendors) count apart.
                var held = c.recordsWithoutAmount == c.records ? "not known" : c.amount.grouped
                if c.recordsWithoutAmount > 0 && c.recordsWithoutAmount < c.records {
                    held += " (\(c.recordsWithoutAmount) without an amount)"
                }
                return ["title": c.kind.title, "resource": c.resource.replacingOccurrences(of: "_", with: " "),
                        "records": String(c.records), "amount": held, "since": String(c.since.prefix(10)),
                        "examples": c.examples.map(String.init).joined(separator: ", "), "cause": c.cause, "fix": c.fix]
            },
            "hasCarriedOver": !report.carriedOver.isEmpty,
            "heldBack": report.heldBack(currencySymbol: currencySymbol),
            "hasNothingToPost": !report.nothingToPost.isEmpty,
            "nothingToPostCount": String(report.nothingToPost.count),
            "nothingToPost": report.nothingToPost.map { n -> [String: Any] in ["record": n.record, "reason": n.reason] },
            "hasResolved": !report.resolved.isEmpty,
            "resolvedCount": String(report.resolved.count),
            "resolved": report.resolved.map { r -> [String: Any] in
                ["record": r.record, "kind": r.kind, "sageKey": r.sageKey ?? "", "amount": amount(r.amount),
                 "heldSince": String(r.heldSince.prefix(10)), "cause": r.cause]
            },
            "hasRootCauses": !report.rootCauses.isEmpty,
            "rootCauseCount": String(report.rootCauses.count),
            "rootCauses": report.rootCauses.map { c -> [String: Any] in
                var item: [String: Any] = [
                    "title": c.problem.title, "cause": c.cause, "example": c.example, "fix": c.fix,
                    "records": String(c.records),
                    "examples": c.examples.map(String.init).joined(separator: ", "),
                    "held": c.held.map { h -> [String: Any] in
                        let counted = SageDocumentKind(rawValue: h.kind)?.counted(h.records) ?? "\(h.records) \(h.kind)"
                        var line = h.recordsWithoutAmount == h.records ? counted : "\(counted): \(h.amount.currency(currencySymbol))"
                        if h.recordsWithoutAmount > 0 && h.recordsWithoutAmount < h.records {
                            line += " (\(h.recordsWithoutAmount) without an amount)"
                        }
                        return ["line": line]
                    },
                ]
                if c.blockedRecords > 0 { item["blocked"] = String(c.blockedRecords) }
                return item
            },
            "carriedOverRecords": String(report.carriedOverRecords),
        ]
    }
}
