import Foundation
import Sage100

/// Checks field values against the limits BOI enforces (the data is `SageFieldLimits`, the
/// single source of truth in Sage100), and words each failure the way Sage does:
/// "VendorName exceeds 30 characters.", "The TermsCode is required.".
enum SageSimFieldChecker {
    /// The messages for one record level (`prefix` is "" for a header, "lines[2]." for a line).
    static func check(_ fields: [String: String], table: SageTable, prefix: String, linePrefix: String) -> [RecordMessage] {
        var messages: [RecordMessage] = []
        for limit in SageFieldLimits.limits(for: table) {
            let value = fields[limit.field] ?? ""
            if let message = problem(with: value, limit: limit) {
                messages.append(RecordMessage(field: prefix + limit.field, message: linePrefix + message))
            }
        }
        return messages
    }

    /// What Sage says about `value` in `limit.field`, or nil when it is acceptable.
    static func problem(with value: String, limit: SageFieldLimit) -> String? {
        let field = limit.field
        if value.isEmpty {
            return limit.required ? "The \(field) is required." : nil
        }
        switch limit.type {
        case .date:
            return SageUpdatedSince.isValidDate(value) ? nil : "The \(field) \(shown(value)) is not a valid date; use YYYYMMDD."
        case .time:
            guard let h = AgentWire.parseDecimal(value, maxScale: 6), h >= 0, h < 24 else {
                return "The \(field) \(shown(value)) is not a valid time; use decimal hours such as 13.5."
            }
            return nil
        case .numeric(let precision, let scale, let signed):
            guard let number = SageDecimal.parse(value) else {
                return "The \(field) \(shown(value)) is not a number; write it as a decimal string such as \"1234.50\"."
            }
            if !signed && number < 0 { return "The \(field) cannot be negative (\(value))." }
            if SageDecimal.scale(of: number) > scale {
                return "The \(field) \(value) has more than \(scale) decimal places."
            }
            if SageDecimal.integerDigits(of: number) > precision - scale {
                return "The \(field) \(value) exceeds the field size numeric(\(precision),\(scale))."
            }
            return nil
        case .flag, .code, .text:
            break
        }
        if let exact = limit.exactLength, value.count != exact {
            return "The \(field) must be exactly \(exact) characters (\(shown(value)) has \(value.count))."
        }
        if let max = limit.maxLength, value.count > max {
            return "\(field) exceeds \(max) characters."
        }
        if limit.type == .code, value.first == " " || value.last == " " {
            return "The \(field) \(shown(value)) has leading or trailing spaces."
        }
        if let allowed = limit.allowedValues, !allowed.contains(value) {
            return "The \(field) \(shown(value)) is invalid. Valid values are \(allowed.joined(separator: ", "))."
        }
        if limit.alphanumericOnly, !value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return "The \(field) \(shown(value)) may contain only letters and digits."
        }
        if limit.upperCase, value != value.uppercased() {
            return "The \(field) \(shown(value)) must be upper case."
        }
        return nil
    }

    /// A value for a message: quoted, control characters escaped, at most 40 characters.
    static func shown(_ value: String) -> String {
        var text = ""
        for scalar in value.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { text += "\\u{\(String(scalar.value, radix: 16))}" }
            else { text.unicodeScalars.append(scalar) }
        }
        if text.count > 40 { text = String(text.prefix(37)) + "..." }
        return "'\(text)'"
    }
}
