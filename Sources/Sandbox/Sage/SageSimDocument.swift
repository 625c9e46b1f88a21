import Foundation
import JSON
import Sage100

/// An import record taken apart into Sage's levels: header fields, detail lines and (for
/// manual checks) GL distributions under each line. All values are text as BOI receives
/// them through `nSetValue`.
struct SageSimDocument: Sendable {
    var header: [String: String] = [:]
    /// User-defined fields (`UDF_…`), kept apart.
    var udf: [String: String] = [:]
    var lines: [[String: String]] = []
    /// Per line, its distributions (manual checks only).
    var distributions: [[[String: String]]] = []

    /// The JSON key of detail lines and of sub-lines.
    static let linesKey = "lines"
    static let distributionsKey = "distributions"

    /// Reads `record` for `kind`. Type problems (a JSON number in a money field, an object
    /// where text belongs, an unknown column) come back as messages naming the field.
    static func parse(_ record: JSONValue, kind: SageDocumentKind) -> (SageSimDocument, [RecordMessage]) {
        var doc = SageSimDocument()
        var messages: [RecordMessage] = []
        guard case .object(let object) = record else {
            return (doc, [RecordMessage(field: nil, message: "The record is not a JSON object; send the Sage fields as an object.")])
        }
        let headerTable = kind.table(for: .header)!
        let lineTable = kind.table(for: .line)
        let subTable = kind.table(for: .subLine)
        var ignored: [String: String] = [:]

        for (key, value) in object.sorted(by: { $0.0 < $1.0 }) {
            if key == linesKey, let lineTable {
                guard case .array(let items) = value else {
                    if value != .null {
                        messages.append(RecordMessage(field: key, message: "The lines must be a JSON array of line objects."))
                    }
                    continue
                }
                for (i, item) in items.enumerated() {
                    let path = "\(linesKey)[\(i + 1)]."
                    guard case .object(let lineObject) = item else {
                        messages.append(RecordMessage(field: "\(linesKey)[\(i + 1)]", message: "Line \(i + 1) is not a JSON object."))
                        doc.lines.append([:])
                        doc.distributions.append([])
                        continue
                    }
                    var line: [String: String] = [:]
                    var subs: [[String: String]] = []
                    for (lineKey, lineValue) in lineObject.sorted(by: { $0.0 < $1.0 }) {
                        if lineKey == distributionsKey, let subTable {
                            guard case .array(let subItems) = lineValue else {
                                if lineValue != .null {
                                    messages.append(RecordMessage(field: path + lineKey,
                                                                  message: "Line \(i + 1): the distributions must be a JSON array."))
                                }
                                continue
                            }
                            for (j, subItem) in subItems.enumerated() {
                                let subPath = "\(path)\(distributionsKey)[\(j + 1)]."
                                guard case .object(let subObject) = subItem else {
                                    messages.append(RecordMessage(field: String(subPath.dropLast()),
                                                                  message: "Line \(i + 1) distribution \(j + 1) is not a JSON object."))
                                    subs.append([:])
                                    continue
                                }
                                var sub: [String: String] = [:]
                                for (subKey, subValue) in subObject.sorted(by: { $0.0 < $1.0 }) {
                                    take(subKey, subValue, table: subTable, path: subPath,
                                         label: "Line \(i + 1) distribution \(j + 1): ", into: &sub, udf: &ignored,
                                         allowUDF: false, messages: &messages)
                                }
                                subs.append(sub)
                            }
                            continue
                        }
                        take(lineKey, lineValue, table: lineTable, path: path, label: "Line \(i + 1): ",
                             into: &line, udf: &ignored, allowUDF: false, messages: &messages)
                    }
                    doc.lines.append(line)
                    doc.distributions.append(subs)
                }
                continue
            }
            take(key, value, table: headerTable, path: "", label: "", into: &doc.header, udf: &doc.udf,
                 allowUDF: true, messages: &messages)
        }
        return (doc, messages)
    }

    /// One field into `fields` (header `UDF_…` fields into `udf`), with a message when its
    /// JSON type is wrong or Sage has no such column.
    private static func take(_ key: String, _ value: JSONValue, table: SageTable, path: String, label: String,
                             into fields: inout [String: String], udf: inout [String: String],
                             allowUDF: Bool, messages: inout [RecordMessage]) {
        if allowUDF, key.hasPrefix("UDF_") {
            switch value {
            case .null: return
            case .string(let s): udf[key] = s
            case .bool(let b): udf[key] = b ? "Y" : "N"
            case .number: udf[key] = value.decimalValue.map(SageSimDecimalText.plain) ?? ""
            default:
                messages.append(RecordMessage(field: path + key, message: "\(label)The \(key) must be text."))
            }
            return
        }
        guard let limit = SageFieldLimits.limit(table: table, field: key) else {
            if value == .null { return }
            messages.append(RecordMessage(field: path + key,
                                          message: "\(label)The column \(key) is not in the IOList of \(table.rawValue)."))
            return
        }
        switch (value, limit.type) {
        case (.null, _), (.string(""), _):
            return  // absent: Sage keeps its default
        case (.string(let s), _):
            fields[key] = s
        case (.bool(let b), .flag):
            fields[key] = b ? "Y" : "N"
        case (.number, .numeric):
            messages.append(RecordMessage(field: path + key,
                message: "\(label)The \(key) must be a decimal string such as \"1234.50\", not a JSON number."))
        default:
            messages.append(RecordMessage(field: path + key, message: "\(label)The \(key) must be text (a JSON string)."))
        }
    }
}
