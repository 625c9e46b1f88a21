import Foundation
import Ledger

extension InboxProcessor {
    /// What became of a dropped fix sheet: settled already, or corrections waiting to be staged
    /// with the other corrected records of the replay.
    enum FixSheetResult {
        case done(ReplaySummary.FileOutcome)
        case pending(PendingCorrections)
    }

    /// Applies the filled rows of a fix sheet, all or nothing: GL accounts become rows of the
    /// cost-code table; shorter vendor names and line cost codes become corrected versions of the
    /// Procore records (their newest versions with the one value changed), staged like any
    /// correction. Each row is reported in ``ReplaySummary/fixRows``.
    func applyFixSheet(name: String, path: String, text: String, claim: InboxFileRow, runID: RunID, stamp: String,
                       summary: inout ReplaySummary) throws -> FixSheetResult {
        let shown = InboxFileName.shown(name)
        let fix = "correct the rows named and drop the sheet again (rows left empty are skipped)"
        let entries: [FixSheet.Entry]
        do {
            entries = try FixSheet.parse(text, shown: shown)
        } catch {
            return .done(reject(name, kind: .mapping, claim: claim, runID: runID, problem: error))
        }
        guard !entries.isEmpty else {
            return .done(reject(name, kind: .mapping, claim: claim, runID: runID, problem: InboxFileProblem(
                file: shown, problem: "no row has a new_value", fix: "fill new_value in the rows to apply, then drop the sheet again")))
        }
        var problems: [String] = []
        var mappingRows: [[String]] = []
        var edited: [String: (resource: String, sourceID: Int64, object: [String: Any])] = [:]
        var order: [String] = []
        var rows: [ReplaySummary.FixRow] = []
        func record(_ resource: String, _ id: Int64) throws -> [String: Any]? {
            let key = "\(resource):\(id)"
            if let known = edited[key] { return known.object }
            guard let version = try ledger.latestSourceVersion(resource: resource, sourceID: id),
                  let object = try? JSONSerialization.jsonObject(with: version.line) as? [String: Any] else { return nil }
            edited[key] = (resource, id, object)
            order.append(key)
            return object
        }
        for entry in entries {
            let line = "line \(entry.line)"
            switch entry.hint {
            case .glAccount(let code, let type):
                do {
                    _ = try AccountTemplate(entry.newValue)
                } catch {
                    problems.append("\(line): '\(SafeText.shown(entry.newValue))' is not a GL account: \(error.message)")
                    continue
                }
                mappingRows.append([code, type ?? "", entry.newValue, "fix sheet \(shown) line \(entry.line)"])
                rows.append(.init(file: shown, line: entry.line, fix: entry.hint.fix, key: entry.hint.key,
                                  result: "cost code \(code)\(type.map { " type \($0)" } ?? "") maps to \(entry.newValue)"))
            case .vendorName(let id, _):
                guard (1...30).contains(entry.newValue.count) else {
                    problems.append("\(line): the new name of vendor \(id) is \(entry.newValue.count) characters; Sage 100 allows 1 to 30")
                    continue
                }
                guard var object = try record("vendors", id), var vendor = object["record"] as? [String: Any] else {
                    problems.append("\(line): vendor \(id) was never received from Procore; run ml-connector pull and drop the sheet again")
                    continue
                }
                vendor["name"] = entry.newValue
                object["record"] = vendor
                edited["vendors:\(id)"]?.object = object
                rows.append(.init(file: shown, line: entry.line, fix: entry.hint.fix, key: entry.hint.key,
                                  result: "vendor \(id) is named '\(entry.newValue)' in a corrected version for the next transform"))
            case .lineCostCode(let resource, let commitmentID, let lineItemID):
                guard var object = try record(resource, commitmentID) else {
                    problems.append("\(line): \(resource) \(commitmentID) was never received from Procore; run ml-connector pull and drop the sheet again")
                    continue
                }
                let projectID = (object["project_id"] as? NSNumber)?.int64Value
                guard let costCode = try costCode(entry.newValue, projectID: projectID) else {
                    problems.append("\(line): cost code '\(SafeText.shown(entry.newValue))' is not among the cost codes received for project \(projectID.map(String.init) ?? "?"); write it as Procore shows it (e.g. 09-300), or pull cost codes again (ml-connector pull --full)")
                    continue
                }
                var children = object["children"] as? [String: Any] ?? [:]
                var items = children["line_items"] as? [[String: Any]] ?? []
                guard let index = items.firstIndex(where: { ($0["id"] as? NSNumber)?.int64Value == lineItemID }) else {
                    problems.append("\(line): \(resource) \(commitmentID) has no line item \(lineItemID) in its newest version; it changed in Procore since the sheet was written: use the newest report's fixes.csv")
                    continue
                }
                items[index]["cost_code"] = costCode
                children["line_items"] = items
                object["children"] = children
                edited["\(resource):\(commitmentID)"]?.object = object
                rows.append(.init(file: shown, line: entry.line, fix: entry.hint.fix, key: entry.hint.key,
                                  result: "\(resource) \(commitmentID) line item \(lineItemID) has cost code \(entry.newValue) in a corrected version for the next transform"))
            }
        }
        if !mappingRows.isEmpty && options.mappingTablePath == nil {
            problems.append("GL account rows need a cost-code table, and none is configured (mapping.cost_code_table)")
        }
        if !problems.isEmpty {
            return .done(reject(name, kind: .mapping, claim: claim, runID: runID,
                                problem: InboxFileProblem(file: shown, problems: problems, fix: fix)))
        }

        // The mapping rows, merged like a dropped mapping file.
        var mapping = MappingCorrection.Outcome()
        if let table = options.mappingTablePath, !mappingRows.isEmpty {
            let csv = CSVWriter.document(header: ["cost_code", "cost_type", "account", "description"], rows: mappingRows)
            do {
                mapping = try MappingCorrection.merge(Data(csv.utf8), shown: shown, tablePath: table)
            } catch {
                return .done(reject(name, kind: .mapping, claim: claim, runID: runID, problem: error))
            }
            try writeMapping(mapping, table: table, name: name, claim: claim, runID: runID)
        }
        summary.fixRows += rows

        // The corrected records, staged with the replay's other corrections.
        guard !order.isEmpty else {
            let tableName = options.mappingTablePath.map { ($0 as NSString).lastPathComponent } ?? "the cost-code table"
            try ledger.settleInboxFile(id: claim.id, state: "applied",
                                       message: "fix sheet: \(mapping.added) row(s) added, \(mapping.replaced) replaced in \(tableName)",
                                       runID: runID)
            let moved = try? move(path, into: "processed", as: "\(stamp)-\(name)")
            return .done(.init(file: shown, kind: "fix_sheet", result: "applied", movedTo: moved, mappingAdded: mapping.added,
                               mappingReplaced: mapping.replaced, mappingUnchanged: mapping.unchanged))
        }
        var data = Data()
        for key in order {
            guard let object = edited[key]?.object,
                  let line = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else { continue }
            data.append(line)
            data.append(0x0A)
        }
        do {
            // One corrected record per line, read as a .jsonl file would be.
            let lines = try CorrectionParser.parse(data, name: name + ".jsonl", shown: shown, companyID: options.companyID)
            let corrections = try checkAgainstLedger(lines, name: name, shown: shown, claim: claim, runID: runID)
            return .pending(PendingCorrections(name: name, path: path, claim: claim, lines: lines, corrections: corrections,
                                               kind: "fix_sheet", mapping: mapping))
        } catch let problem as InboxFileProblem {
            return .done(reject(name, kind: .mapping, claim: claim, runID: runID, problem: problem))
        }
    }

    /// The cost code object (as a commitment line carries it) of `fullCode` among the cost codes
    /// received for `projectID`.
    func costCode(_ fullCode: String, projectID: Int64?) throws -> [String: Any]? {
        let high = try ledger.sourceSequenceHigh()
        let keys = try ledger.newestSourceKeys(resource: "cost_codes", after: 0, through: high)
            .filter { projectID == nil || $0.projectID == nil || $0.projectID == projectID }
        for version in try ledger.sourceVersions(seqs: keys.map(\.seq)) {
            guard let object = try? JSONSerialization.jsonObject(with: version.line) as? [String: Any],
                  let record = object["record"] as? [String: Any],
                  (record["full_code"] as? String)?.caseInsensitiveCompare(fullCode) == .orderedSame else { continue }
            var ref: [String: Any] = [:]
            for field in ["id", "full_code", "name", "code"] { ref[field] = record[field] }
            return ref
        }
        return nil
    }
}
