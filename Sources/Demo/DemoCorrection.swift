import Connector
import Ledger
import Foundation

/// The scripted correction the demo drops into `inbox/`: what finance would do after reading
/// the first run's exceptions.
///
/// - a mapping row for the cost code the mapping left out (`cost-code-fix.csv`);
/// - the staged line of every invalid record (`corrections.jsonl`), edited where the record
///   itself is wrong: an over-long vendor name shortened to Sage's 30 characters, a schedule of
///   values line without a cost code given the cost code of the contract's first coded line.
///   Records that failed only because of the mapping (or of a record they depend on) are sent
///   unchanged, so the next transform checks them again.
struct DemoCorrection {
    var csv: String?
    var jsonl: Data
    /// One line per edit, for the screen.
    var notes: [String]

    static func build(invalid: [TransformSummary.InvalidRecord], ledger: Ledger,
                      unmappedCostCode: String) -> DemoCorrection {
        // The newest version of each record: the same line finance finds in staging/.
        var latest: [String: Data] = [:]   // "resource:id" -> newest staged line
        for record in invalid {
            if let version = try? ledger.latestSourceVersion(resource: record.resource, sourceID: record.sourceID) {
                latest["\(record.resource):\(record.sourceID)"] = version.line
            }
        }
        var out = Data()
        var notes: [String] = []
        var mentionsCostCode = false
        for record in invalid {
            let reasons = record.reasons.joined(separator: " ")
            if reasons.contains(unmappedCostCode) { mentionsCostCode = true }
            guard let original = latest["\(record.resource):\(record.sourceID)"] else { continue }
            var line = original
            if record.resource == "vendors", let fixed = fixVendorName(line) {
                line = fixed.line
                notes.append("vendor \(record.sourceID): name '\(fixed.old)' corrected to '\(fixed.name)'")
            }
            if let fixed = fillMissingCostCodes(line) {
                line = fixed.line
                notes.append("\(record.label): \(fixed.count) line(s) without a cost code given \(fixed.code)")
            }
            // Records with nothing wrong in themselves are checked again by the next run on its own.
            guard line != original else { continue }
            out.append(line)
            out.append(0x0A)
        }
        let csv = mentionsCostCode ? DemoFiles.correctionCSV() : nil
        if csv != nil { notes.insert("mapping row added: cost code \(unmappedCostCode)", at: 0) }
        return DemoCorrection(csv: csv, jsonl: out, notes: notes)
    }

    /// The line with `record.name` fit for Sage: cut to 30 characters. A leading `=`, `+`, `-`
    /// or `@` stays: a name is data, and Sage takes it as it is.
    static func fixVendorName(_ line: Data) -> (line: Data, old: String, name: String)? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let record = object["record"] as? [String: Any], let name = record["name"] as? String else { return nil }
        var short = name.trimmingCharacters(in: .whitespaces)
        if short.count > 30 { short = String(short.prefix(30)).trimmingCharacters(in: .whitespaces) }
        while short.hasSuffix(",") { short.removeLast() }
        guard short != name, !short.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let old = try? encoder.encode(name), let new = try? encoder.encode(short) else { return nil }
        let key = Data("\"name\":".utf8)
        guard let range = line.range(of: key + old) else { return nil }
        var result = line
        result.replaceSubrange(range, with: key + new)
        return (result, name, short)
    }

    /// The line with every `"cost_code":null` replaced by the first cost code object it holds.
    static func fillMissingCostCodes(_ line: Data) -> (line: Data, count: Int, code: String)? {
        let null = Data("\"cost_code\":null".utf8)
        guard line.range(of: null) != nil else { return nil }
        let openKey = Data("\"cost_code\":{".utf8)
        guard let start = line.range(of: openKey) else { return nil }
        let objectStart = start.upperBound - 1
        guard let end = balancedEnd(line, from: objectStart) else { return nil }
        let object = line[objectStart..<end]
        var result = line
        var count = 0
        while let range = result.range(of: null) {
            result.replaceSubrange(range, with: Data("\"cost_code\":".utf8) + object)
            count += 1
        }
        var code = "a cost code"
        if let parsed = try? JSONSerialization.jsonObject(with: Data(object)) as? [String: Any],
           let full = parsed["full_code"] as? String { code = full }
        return (result, count, code)
    }

    /// Index just past the JSON object starting at `start` (a `{`), strings respected.
    static func balancedEnd(_ data: Data, from start: Data.Index) -> Data.Index? {
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index < data.endIndex {
            let byte = data[index]
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
            } else if byte == 0x7B {
                depth += 1
            } else if byte == 0x7D {
                depth -= 1
                if depth == 0 { return data.index(after: index) }
            }
            index = data.index(after: index)
        }
        return nil
    }
}
