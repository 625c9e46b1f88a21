import Money
import Foundation

/// The report as CSV for a spreadsheet: sections one after another, each row's first column
/// naming its section, a header row per section, a blank row between sections.
///
/// RFC 4180 (CRLF, quotes doubled), UTF-8 with a byte-order mark so Excel reads accents.
/// Text cells that begin with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so a spreadsheet
/// never runs them as formulas; amounts stay numbers (`-1234.50`).
public enum ReconciliationCSV {
    /// One cell.
    enum Cell {
        case text(String?)
        case number(String)
        case integer(Int)
    }

    /// The CSV bytes of `report`.
    public static func render(_ report: ReconciliationReport) -> Data {
        var rows: [[Cell]] = []
        func section(_ name: String, _ headers: [String], _ body: [[Cell]]) {
            if !rows.isEmpty { rows.append([]) }
            rows.append([.text("section")] + headers.map { .text($0) })
            rows.append(contentsOf: body.map { [.text(name)] + $0 })
        }
        section("report", ["run", "company", "generated_at", "reconciled", "exceptions", "headline"], [[
            .text(report.runID), .text(report.company), .text(report.generatedAt),
            .text(report.isReconciled ? "yes" : "no"), .integer(report.exceptions.count), .text(report.headline()),
        ]])
        section("summary", ["kind", "source_documents", "posted_documents", "source_total", "posted_total", "difference"],
                report.summary.map {
                    [.text($0.kind), .integer($0.sourceDocuments), .integer($0.postedDocuments),
                     .number($0.sourceTotal.plain), .number($0.postedTotal.plain), .number($0.difference.plain)]
                })
        if !report.rootCauses.isEmpty {
            // One row per root cause and document kind: what it holds back of that kind.
            section("root_cause", ["type", "cause", "records", "blocked_records", "kind", "kind_records", "kind_amount",
                                   "kind_records_without_amount", "example_record_ids", "fix"],
                    report.rootCauses.flatMap { c in
                        c.held.map { h in
                            [.text(c.problem.rawValue), .text(c.cause), .integer(c.records), .integer(c.blockedRecords),
                             .text(h.kind), .integer(h.records), .number(h.amount.plain), .integer(h.recordsWithoutAmount),
                             .text(c.examples.map(String.init).joined(separator: " ")), .text(c.fix)] as [Cell]
                        }
                    })
        }
        if !report.resolved.isEmpty {
            section("resolved", ["record", "kind", "sage_key", "amount", "held_since", "cause"], report.resolved.map { r in
                [.text(r.record), .text(r.kind), .text(r.sageKey), money(r.amount), .text(r.heldSince), .text(r.cause)]
            })
        }
        if !report.nothingToPost.isEmpty {
            section("nothing_to_post", ["record", "resource", "source_id", "reason"], report.nothingToPost.map { n in
                [.text(n.record), .text(n.resource), .integer(Int(n.sourceID)), .text(n.reason)]
            })
        }
        section("exception", ["type", "record_id", "resource", "source_id", "kind", "batch", "sage_key", "vendor_no",
                              "vendor_name", "job", "source_amount", "posted_amount", "difference", "reason", "fix"],
                report.exceptions.map { e in
                    [.text(e.kind.rawValue), e.recordID.map { .integer(Int($0)) } ?? .text(nil), .text(e.resource),
                     e.sourceID.map { .integer(Int($0)) } ?? .text(nil), .text(e.documentKind), .text(e.batchID),
                     .text(e.sageKey), .text(e.vendorNo), .text(e.vendorName), .text(e.jobNo),
                     money(e.sourceAmount), money(e.postedAmount), money(e.difference), .text(e.reason), .text(e.fix)]
                })
        if !report.carriedOver.isEmpty {
            section("open_elsewhere", ["type", "resource", "records", "amount", "records_without_amount", "since",
                                       "example_record_ids", "cause", "fix"], report.carriedOver.map { c in
                [.text(c.kind.rawValue), .text(c.resource), .integer(c.records), .number(c.amount.plain),
                 .integer(c.recordsWithoutAmount), .text(c.since), .text(c.examples.map(String.init).joined(separator: " ")),
                 .text(c.cause), .text(c.fix)]
            })
        }
        for (name, keyHeader, rowsOf) in [("vendor", "vendor_no", report.byVendor), ("job", "job_no", report.byJob),
                                          ("account", "account", report.byAccount)] {
            section(name, ["kind", keyHeader, "name", "source_total", "posted_total", "difference"], rowsOf.map {
                [.text($0.kind), .text($0.key), .text($0.name), .number($0.sourceTotal.plain),
                 .number($0.postedTotal.plain), .number($0.difference.plain)]
            })
        }
        section("batch", ["batch", "kind", "state", "records", "control_total"], report.batches.map {
            [.text($0.id), .text($0.kind), .text($0.state), .integer($0.records),
             $0.controlTotal.flatMap { Money.parse($0) }.map { .number(Money($0).plain) } ?? .text($0.controlTotal)]
        })
        if !report.renumbered.isEmpty {
            section("renumbered", ["record", "field", "procore_number", "sage_number", "reason"], report.renumbered.map {
                [.text($0.record), .text($0.field), .text($0.procoreNumber), .text($0.sageNumber), .text($0.reason)]
            })
        }
        if !report.notes.isEmpty {
            section("note", ["note"], report.notes.map { [.text($0)] })
        }
        var text = "\u{FEFF}"
        for row in rows {
            text += row.map(encode).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    static func money(_ value: Money?) -> Cell {
        value.map { .number($0.plain) } ?? .text(nil)
    }

    static func encode(_ cell: Cell) -> String {
        switch cell {
        case .integer(let value): return String(value)
        case .number(let value): return value
        case .text(let value): return quote(neutralised(value ?? ""))
        }
    }

    /// `'`-prefixes text a spreadsheet would read as a formula.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first) ? "'" + text : text
    }

    /// RFC 4180 quoting: fields with comma, quote, CR or LF are quoted, quotes doubled.
    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
