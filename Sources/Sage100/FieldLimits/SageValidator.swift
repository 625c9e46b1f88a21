import Foundation

/// Checks records against `SageFieldLimits` the way BOI would, before anything is sent.
///
/// Every violation names the record, the field (Sage's spelling), the limit and the value,
/// in plain English: "vendor 00-0001234: VendorName is 34 characters; Sage 100 allows 30".
public enum SageValidator {
    /// All violations of a typed record: every field of every row, then the cross-field rules
    /// (journal entry balance, lines adding up to the header). Empty means Sage should accept it.
    public static func validate<R: SageRecord>(_ record: R) -> [SageFieldViolation] {
        var found: [SageFieldViolation] = []
        for row in record.rows {
            found += validate(table: row.table, fields: row.textFields, record: row.label, amending: row.amendsExisting)
        }
        return found + record.crossFieldViolations()
    }

    /// Same as `validate(_:)` for a record whose type is not known statically.
    public static func validate(any record: any SageRecord) -> [SageFieldViolation] {
        validate(record)
    }

    /// Validates a raw field map of one row of `kind` (header by default), e.g. what an import
    /// request carried. Fields missing from the map count as empty. `record` names the row in
    /// messages; by default it is built from the key fields in the map.
    public static func validate(kind: SageDocumentKind, fields: [String: String],
                                level: SageRecordLevel = .header, record: String? = nil,
                                rejectUnknownFields: Bool = true) -> [SageFieldViolation] {
        let label = record ?? {
            switch level {
            case .header: return SageRecordLabel.header(kind: kind, fields: fields)
            case .line: return "\(kind.displayName) line"
            case .subLine: return "\(kind.displayName) distribution"
            }
        }()
        guard let table = kind.table(for: level) else {
            return [SageFieldViolation(
                record: label, table: kind.table(for: .header) ?? .apVendor, field: level.recordType,
                rule: .unknownField, limit: "record types " + kind.levels.map(\.recordType).joined(separator: ", "),
                value: level.recordType,
                message: "\(kind.displayName) records have no \(level.recordType) rows; use " + kind.levels.map(\.recordType).joined(separator: ", "))]
        }
        return validate(table: table, fields: fields, record: label, rejectUnknownFields: rejectUnknownFields)
    }

    /// Validates a raw field map against one table's limits.
    /// User-defined fields (`UDF_…`) are accepted without checks.
    /// With `amending`, the row changes a record Sage holds: fields it leaves out keep Sage's
    /// values and are not checked.
    public static func validate(table: SageTable, fields: [String: String], record: String,
                                rejectUnknownFields: Bool = true, amending: Bool = false) -> [SageFieldViolation] {
        let limits = SageFieldLimits.limits(for: table)
        let unknown = rejectUnknownFields
            ? fields.filter { SageFieldLimits.limit(table: table, field: $0.key) == nil && !$0.key.hasPrefix("UDF_") }.map { ($0.key, $0.value) }
            : []
        return validate(table: table, limits: limits, value: { fields[limits[$0].field] ?? "" }, unknown: unknown,
                        record: record, amending: amending)
    }

    /// The one rule loop: `limits` (the table's, in order) checked against `value(i)`, the value
    /// written for `limits[i]` ("" when none), then `unknown`, the fields written that the
    /// table does not have (named in order).
    static func validate(table: SageTable, limits: [SageFieldLimit], value: (Int) -> String,
                         unknown: [(field: String, value: String)], record: String, amending: Bool) -> [SageFieldViolation] {
        var found: [SageFieldViolation] = []
        for index in limits.indices {
            let text = value(index)
            if amending && text.isEmpty { continue }
            found += check(text, against: limits[index], record: record)
        }
        for (name, text) in unknown.sorted(by: { $0.field < $1.field }) {
            found.append(SageFieldViolation(
                record: record, table: table, field: name, rule: .unknownField, limit: "a field of \(table)",
                value: text,
                message: "\(name) is not a field of \(table); check the spelling (Sage field names are case-sensitive)"))
        }
        return found
    }

    /// Validates a customer for eBusiness Web Services.
    public static func validate(_ customer: ARCustomer) -> [SageFieldViolation] {
        validate(table: .arCustomer, fields: customer.sageFields, record: customer.recordLabel)
    }

    /// Validates a sales order header and its lines for eBusiness Web Services.
    public static func validate(_ order: SalesOrder) -> [SageFieldViolation] {
        var found = validate(table: .soSalesOrderHeader, fields: order.sageFields, record: order.recordLabel)
        for (index, line) in order.lines.enumerated() {
            found += validate(table: .soSalesOrderDetail, fields: line.sageFields,
                              record: SageRecordLabel.line(order.recordLabel, index + 1))
        }
        return found
    }

    /// Validates a GL account as read from Sage.
    public static func validate(_ account: GLAccount) -> [SageFieldViolation] {
        validate(table: .glAccount, fields: account.sageFields, record: "GL account " + SageText.shown(account.accountKey))
    }

    /// Checks one value against one field limit.
    public static func check(_ value: String, against limit: SageFieldLimit, record: String) -> [SageFieldViolation] {
        let field = limit.field
        func violation(_ rule: SageFieldRule, _ message: String) -> SageFieldViolation {
            SageFieldViolation(record: record, table: limit.table, field: field, rule: rule,
                               limit: limit.limitDescription, value: value, message: message)
        }
        // Only a violation shows the value.
        var shown: String { SageText.shown(value) }
        if value.isEmpty {
            return limit.required ? [violation(.required, "\(field) is required")] : []
        }
        var found: [SageFieldViolation] = []
        switch limit.type {
        case .text, .code, .flag:
            // Plain ASCII (nearly every value) is measured and checked on its bytes; the
            // Character-based forms below give the same answers and remain for the rest.
            let ascii = Self.plainASCII(value)
            let length = ascii ? value.utf8.count : value.count
            if let exact = limit.exactLength, length != exact {
                found.append(violation(.wrongLength, "\(field) '\(shown)' is \(characters(length)); Sage 100 requires exactly \(exact)"))
            } else if let max = limit.maxLength, length > max {
                found.append(violation(.tooLong, "\(field) is \(characters(length)); Sage 100 allows \(max)"))
            }
            if limit.type != .text {
                if ascii ? Self.isASCIISpace(value.utf8.first!) || Self.isASCIISpace(value.utf8.last!)
                    : value.first?.isWhitespace == true || value.last?.isWhitespace == true {
                    found.append(violation(.leadingOrTrailingSpaces, "\(field) '\(shown)' has leading or trailing spaces; remove them"))
                }
                if limit.alphanumericOnly, !value.unicodeScalars.allSatisfy(isASCIIAlphanumeric) {
                    found.append(violation(.invalidCharacters, "\(field) '\(shown)' may hold only letters A-Z and digits 0-9"))
                }
                if limit.upperCase, ascii ? value.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) : value.uppercased() != value {
                    found.append(violation(.notUpperCase, "\(field) '\(shown)' must be upper case ('\(SageText.shown(value.uppercased()))')"))
                }
            }
            if let allowed = limit.allowedValues, !allowed.contains(value) {
                found.append(violation(.notAllowed, "\(field) '\(shown)' is not allowed; Sage 100 accepts " + allowed.joined(separator: ", ")))
            }
        case .date:
            if value.utf8.count != 8 || !value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                found.append(violation(.invalidDate, "\(field) '\(shown)' is not a date; write it as YYYYMMDD, e.g. 20250131"))
            } else {
                do { _ = try SageDate(parsing: value) } catch {
                    found.append(violation(.invalidDate, "\(field) \(error)"))
                }
            }
        case .time:
            if let hours = SageDecimal.parse(value), hours >= 0, hours < 24, !value.hasPrefix("+") {
                break
            }
            found.append(violation(.invalidTime, "\(field) '\(shown)' is not a time; Sage writes decimal hours 0-23.99, e.g. 13.5 for 13:30"))
        case .numeric(let precision, let scale, let signed):
            // Plain numbers (every amount the connector writes) are read on their bytes.
            guard let number = SageDecimal.shape(of: value) ?? SageDecimal.parse(value).map({
                (integerDigits: SageDecimal.integerDigits(of: $0), scale: SageDecimal.scale(of: $0), negative: $0 < 0)
            }) else {
                found.append(violation(.notNumeric, "\(field) '\(shown)' is not a number; write digits with '.' as the decimal point, e.g. 1234.50"))
                break
            }
            let decimals = number.scale
            if decimals > scale {
                found.append(violation(.tooManyDecimals, "\(field) \(shown) has \(decimals) decimals; Sage 100 allows \(scale)"))
            }
            let digits = number.integerDigits
            if digits > precision - scale {
                found.append(violation(.tooManyDigits, "\(field) \(shown) has \(digits) digits before the decimal point; Sage 100 allows \(precision - scale) (numeric(\(precision),\(scale)))"))
            }
            if !signed, number.negative {
                found.append(violation(.negative, "\(field) \(shown) is negative; Sage 100 allows only zero or more"))
            }
            if let allowed = limit.allowedValues, !allowed.contains(value) {
                found.append(violation(.notAllowed, "\(field) '\(shown)' is not allowed; Sage 100 accepts " + allowed.joined(separator: ", ")))
            }
        }
        return found
    }

    /// ASCII without a carriage return (`\r\n` is one Character of two bytes): its Character
    /// count is its byte count.
    static func plainASCII(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
    }

    /// `Character.isWhitespace` for an ASCII character: tab, line feed, vertical tab, form
    /// feed, carriage return and space.
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func characters(_ count: Int) -> String {
        count == 1 ? "1 character" : "\(count) characters"
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }
}
