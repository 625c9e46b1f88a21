import Foundation
import Procore

/// One corrected staged line read from an inbox file.
struct CorrectionLine: Sendable {
    /// The line as it goes into the replay staging file (one line, ending in `\n`).
    var line: Data
    var staged: StagedRecord
    /// 1-based line (`.jsonl`) or item (`.json` array) number in the inbox file.
    var number: Int
}

/// Reads corrected staged records: `.jsonl` (one staged line per line, as in
/// `staging/<run>/<resource>.jsonl`) or `.json` (one such object, or an array of them; line
/// breaks are allowed). Every problem names the file, the line and the field.
enum CorrectionParser {
    static func parse(_ data: Data, name: String, shown: String, companyID: Int64?) throws(InboxFileProblem) -> [CorrectionLine] {
        let fix = "correct the lines named (each must be one staged line: {\"resource\":…,\"company_id\":…,\"project_id\":…,\"record\":{…,\"id\":…},\"children\":{…}}) and drop the whole file again"
        guard String(data: data, encoding: .utf8) != nil else {
            throw InboxFileProblem(file: shown, problem: "it is not UTF-8 text", fix: "save the file as UTF-8 and drop it again")
        }
        var units: [(number: Int, bytes: Data, label: String)] = []
        if name.lowercased().hasSuffix(".jsonl") {
            var number = 0
            var start = data.startIndex
            while start < data.endIndex {
                let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
                number += 1
                let line = Data(data[start..<end])
                start = end < data.endIndex ? data.index(after: end) : end
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                units.append((number, line, "line \(number)"))
            }
        } else {
            // A .json file may be pretty-printed: raw line breaks are only legal between JSON
            // tokens, so turning them into spaces keeps the meaning and makes one line.
            let flat = Data(data.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
            let trimmed = flat.drop(while: { $0 == 0x20 || $0 == 0x09 })
            if trimmed.first == UInt8(ascii: "[") {
                let elements: [Data]
                do {
                    elements = try jsonArrayElements(Data(trimmed))
                } catch {
                    throw InboxFileProblem(file: shown, problem: "line 1: the file is not a well-formed JSON array (\(error.reason))", fix: fix)
                }
                for (index, element) in elements.enumerated() { units.append((index + 1, element, "item \(index + 1)")) }
            } else {
                units.append((1, Data(trimmed), "line 1"))
            }
        }
        guard !units.isEmpty else {
            throw InboxFileProblem(file: shown, problem: "it holds no records", fix: "put the corrected staged line(s) of the failed record(s) in it")
        }
        var problems: [String] = []
        var lines: [CorrectionLine] = []
        var seen: [String: String] = [:]
        for unit in units {
            switch check(unit.bytes, label: unit.label, number: unit.number, name: name, companyID: companyID) {
            case .failure(let problem):
                problems.append(problem.text)
            case .success(let line):
                let key = "\(line.staged.resource):\(line.staged.record.id)"
                if let earlier = seen[key] {
                    problems.append("\(unit.label): \(line.staged.resource) \(line.staged.record.id) is already corrected on \(earlier) of this file; keep one line per record")
                    continue
                }
                seen[key] = unit.label
                lines.append(line)
            }
        }
        if !problems.isEmpty { throw InboxFileProblem(file: shown, problems: problems, fix: fix) }
        return lines
    }

    /// Checks one staged line; the message names the line and the field.
    static func check(_ bytes: Data, label: String, number: Int, name: String, companyID: Int64?) -> Result<CorrectionLine, LineProblem> {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: bytes, options: [])
        } catch {
            return .failure(LineProblem(text: "\(label): is not well-formed JSON (\(jsonReason(error))); check for a missing comma, quote or brace"))
        }
        guard let fields = object as? [String: Any] else {
            return .failure(LineProblem(text: "\(label): is a JSON \(typeName(object)), not an object; each line is one staged record object"))
        }
        guard let resource = fields["resource"] as? String else {
            return .failure(LineProblem(text: "\(label), field resource: is \(fields["resource"] == nil ? "missing" : "not a string"); write the staged resource name, e.g. \"requisitions\""))
        }
        guard ProcoreResource(rawValue: resource) != nil else {
            let known = ProcoreResource.allCases.map(\.stagedName).joined(separator: ", ")
            return .failure(LineProblem(text: "\(label), field resource: '\(InboxFileName.shown(resource))' is not a resource the connector stages; use one of \(known)"))
        }
        let raw = (try? TopLevelFields.scan([UInt8](bytes))) ?? [:]
        let byteArray = [UInt8](bytes)
        func rawText(_ range: Range<Int>?, in source: [UInt8]) -> String? {
            range.map { String(decoding: source[$0], as: UTF8.self) }
        }
        guard fields["company_id"] != nil else {
            return .failure(LineProblem(text: "\(label), field company_id: is missing; copy it from the staged line"))
        }
        guard let given = wholeNumber(rawText(raw["company_id"], in: byteArray)) else {
            return .failure(LineProblem(text: "\(label), field company_id: is not a whole number; copy it from the staged line"))
        }
        if let companyID, given != companyID {
            return .failure(LineProblem(text: "\(label), field company_id: is \(given) but this connector works for Procore company \(companyID)"))
        }
        if let project = rawText(raw["project_id"], in: byteArray), project != "null", wholeNumber(project) == nil {
            return .failure(LineProblem(text: "\(label), field project_id: is not a whole number or null"))
        }
        guard let record = fields["record"] else {
            return .failure(LineProblem(text: "\(label), field record: is missing; the Procore record goes under \"record\""))
        }
        guard let recordFields = record as? [String: Any], let recordRange = raw["record"] else {
            return .failure(LineProblem(text: "\(label), field record: is a JSON \(typeName(record)), not an object"))
        }
        guard recordFields["id"] != nil else {
            return .failure(LineProblem(text: "\(label), field record.id: is missing; the Procore id of the record corrected is required"))
        }
        let recordBytes = Array(byteArray[recordRange])
        let recordRaw = (try? TopLevelFields.scan(recordBytes)) ?? [:]
        guard let idValue = wholeNumber(rawText(recordRaw["id"], in: recordBytes)), idValue > 0 else {
            return .failure(LineProblem(text: "\(label), field record.id: is not a positive whole number"))
        }
        if let updated = recordFields["updated_at"], !(updated is NSNull), !(updated is String) {
            return .failure(LineProblem(text: "\(label), field record.updated_at: is not a string"))
        }
        if let children = fields["children"] {
            guard let lists = children as? [String: Any] else {
                return .failure(LineProblem(text: "\(label), field children: is a JSON \(typeName(children)), not an object of lists"))
            }
            for (key, value) in lists.sorted(by: { $0.key < $1.key }) {
                guard let items = value as? [Any] else {
                    return .failure(LineProblem(text: "\(label), field children.\(key): is not a list"))
                }
                for (position, item) in items.enumerated() {
                    guard let child = item as? [String: Any], child["id"] is NSNumber else {
                        return .failure(LineProblem(text: "\(label), field children.\(key)[\(position)]: is not a record with a whole-number id"))
                    }
                }
            }
        }
        // The staging reader is the final judge of the shape, exactly as the transform reads it.
        var line = Data(bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
        while let last = line.last, last == 0x20 || last == 0x09 { line.removeLast() }
        switch StagedRecordReader.parse(line, file: name, line: number) {
        case .failure(let error):
            return .failure(LineProblem(text: "\(label), field \(error.field): \(error.reason)"))
        case .success(let staged):
            line.append(0x0A)
            return .success(CorrectionLine(line: line, staged: staged, number: number))
        }
    }

    /// The value of JSON number text that is a whole number (`12`, `-3`), else nil.
    static func wholeNumber(_ text: String?) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(text)
    }

    static func typeName(_ value: Any) -> String {
        switch value {
        case is [Any]: return "list"
        case is String: return "string"
        case is NSNull: return "null"
        case is NSNumber: return "number"
        default: return "value"
        }
    }

    static func jsonReason(_ error: Error) -> String {
        let text = "\(error)"
        if let range = text.range(of: "NSDebugDescription=") ?? text.range(of: "NSDebugDescription\": ") {
            return String(text[range.upperBound...].prefix(160)).trimmingCharacters(in: CharacterSet(charactersIn: "\"}) "))
        }
        return String((error as NSError).localizedDescription.prefix(160))
    }

    struct ArrayFailure: Error { var reason: String }

    struct LineProblem: Error { var text: String }

    /// The byte ranges of the elements of a top-level JSON array.
    static func jsonArrayElements(_ data: Data) throws(ArrayFailure) -> [Data] {
        let b = [UInt8](data)
        var i = 0
        func space() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }
        space()
        guard i < b.count, b[i] == UInt8(ascii: "[") else { throw ArrayFailure(reason: "expected '['") }
        i += 1
        var elements: [Data] = []
        space()
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
            space()
            guard i == b.count else { throw ArrayFailure(reason: "unexpected text after the array") }
            return []
        }
        while true {
            space()
            let start = i
            var depth = 0
            var inString = false
            while i < b.count {
                let c = b[i]
                if inString {
                    if c == 0x5C { i += 2; continue }
                    if c == 0x22 { inString = false }
                } else if c == 0x22 {
                    inString = true
                } else if c == 0x7B || c == 0x5B {
                    depth += 1
                } else if c == 0x7D || c == 0x5D {
                    if depth == 0 { break }
                    depth -= 1
                } else if c == 0x2C, depth == 0 {
                    break
                }
                i += 1
            }
            guard i < b.count else { throw ArrayFailure(reason: "the array is not closed with ']'") }
            var end = i
            while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(b[end - 1]) { end -= 1 }
            guard end > start else { throw ArrayFailure(reason: "an element is empty (two commas in a row?)") }
            elements.append(Data(b[start..<end]))
            if b[i] == 0x2C { i += 1; continue }
            guard b[i] == UInt8(ascii: "]") else { throw ArrayFailure(reason: "unbalanced brackets") }
            i += 1
            space()
            guard i == b.count else { throw ArrayFailure(reason: "unexpected text after the array") }
            return elements
        }
    }
}
