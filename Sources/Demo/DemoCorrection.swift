import Connector
import Ledger
import Foundation

/// The scripted correction the demo drops into `inbox/`: what finance does after reading the
/// first run's report. It fills the report's fix sheet (`fixes.csv`) the way a person would in
/// a spreadsheet:
///
/// - a GL account for the cost code the mapping left out (the account the demo's chart has
///   for it);
/// - a name of at most 30 characters for each vendor whose name is too long (cut, trailing
///   commas dropped);
/// - a cost code for each commitment line without one: the cost code of the commitment's first
///   coded line.
///
/// Records that failed only because of another record (a payment of a refused requisition)
/// need no row: they are checked again with it.
public struct DemoCorrection: Sendable {
    /// The filled sheet.
    public var sheet: String
    /// One line per filled row, for the screen.
    public var notes: [String]

    static func fill(sheet text: String, ledger: Ledger, unmappedCostCode: String) -> DemoCorrection {
        let records = (try? CSVParser.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: "fixes.csv")) ?? []
        guard let header = records.first else { return DemoCorrection(sheet: text, notes: []) }
        let names = header.fields.map { $0.lowercased() }
        func column(_ name: String) -> Int { names.firstIndex(of: name) ?? 0 }
        let (fixColumn, keyColumn, currentColumn, newColumn) = (column("fix"), column("key"), column("current"), column("new_value"))
        let account = DemoData.costCodeAccounts.first { $0.code == unmappedCostCode }?.account
        var rows: [[String]] = []
        var notes: [String] = []
        for record in records.dropFirst() {
            var fields = record.fields.map(CSVWriter.unguard)
            while fields.count < names.count { fields.append("") }
            let key = fields[keyColumn]
            switch fields[fixColumn] {
            case "gl_account" where key.hasPrefix(unmappedCostCode + "|"):
                if let account {
                    fields[newColumn] = account
                    notes.append("gl_account \(key): \(account)")
                }
            case "vendor_name":
                var short = fields[currentColumn].trimmingCharacters(in: .whitespaces)
                if short.count > 30 { short = String(short.prefix(30)).trimmingCharacters(in: .whitespaces) }
                while short.hasSuffix(",") { short.removeLast() }
                fields[newColumn] = short
                notes.append("vendor_name \(key): '\(fields[currentColumn])' -> '\(short)'")
            case "cost_code":
                let parts = key.split(separator: "|").map(String.init)
                if parts.count == 3, let id = Int64(parts[1]), let code = firstCostCode(parts[0], id, ledger: ledger) {
                    fields[newColumn] = code
                    notes.append("cost_code \(parts[0]) \(parts[1]) line item \(parts[2]): \(code)")
                }
            default:
                break
            }
            rows.append(fields)
        }
        return DemoCorrection(sheet: CSVWriter.document(header: header.fields, rows: rows), notes: notes)
    }

    /// The cost code of a commitment's first line that has one.
    static func firstCostCode(_ resource: String, _ id: Int64, ledger: Ledger) -> String? {
        guard let version = try? ledger.latestSourceVersion(resource: resource, sourceID: id),
              let object = try? JSONSerialization.jsonObject(with: version.line) as? [String: Any],
              let items = (object["children"] as? [String: Any])?["line_items"] as? [[String: Any]] else { return nil }
        return items.lazy.compactMap { ($0["cost_code"] as? [String: Any])?["full_code"] as? String }.first
    }
}

extension DemoEnvironment {
    /// Fills the fix sheet next to the report `reportJSON` (a pay cycle's report) the way the
    /// demo's finance does and drops it into the inbox, whole. Returns the correction (its
    /// notes say which rows were filled).
    @discardableResult
    public func dropFilledFixSheet(reportJSON: String) throws -> DemoCorrection {
        let config = try configuration()
        let sheetPath = (reportJSON as NSString).deletingLastPathComponent + "/fixes.csv"
        let sheet = (try? String(contentsOfFile: sheetPath, encoding: .utf8)) ?? ""
        let correction = DemoCorrection.fill(sheet: sheet, ledger: try PayCycle(configuration: config).openLedger(),
                                             unmappedCostCode: DemoData.unmappedCostCode)
        try Data(correction.sheet.utf8).write(to: URL(fileURLWithPath: config.inboxDirectory + "/fixes.csv"), options: .atomic)
        return correction
    }
}
