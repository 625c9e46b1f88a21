/// RFC 4180 comma-separated rows as Visual Integrator reads them.
public enum VICSV {
    /// Row terminator: CRLF.
    public static let lineEnding = "\r\n"

    /// Whether `field` must be quoted: it holds a comma, a double quote, CR or LF, or starts
    /// or ends with a space or tab (which readers would otherwise trim).
    public static func needsQuotes(_ field: String) -> Bool {
        guard let first = field.utf8.first, let last = field.utf8.last else { return false }
        for byte in field.utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0D || byte == 0x0A {
            return true
        }
        return first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
    }

    /// `field` quoted when needed, embedded double quotes doubled.
    public static func quote(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        var quoted = "\""
        for character in field {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }

    /// One row: fields quoted as needed, joined by commas, ending with CRLF.
    public static func row(_ fields: [String]) -> String {
        var row = ""
        row.reserveCapacity(fields.reduce(2) { $0 + $1.utf8.count + 1 })
        for (index, field) in fields.enumerated() {
            if index > 0 { row += "," }
            row += quote(field)
        }
        return row + lineEnding
    }

    /// Parses RFC 4180 text back into rows of fields (for reading files back and for tests).
    /// Throws `VICSVError` on a stray quote or an unterminated quoted field.
    public static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var quoteLine = 1
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else { throw VICSVError.strayQuote(line: line) }
                inQuotes = true
                fieldWasQuoted = true
                quoteLine = line
            case ",":
                row.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                guard scalars.first == "\n" else { throw VICSVError.bareCarriageReturn(line: line) }
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                fieldWasQuoted = false
                line += 1
            default:
                guard !fieldWasQuoted else { throw VICSVError.strayQuote(line: line) }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw VICSVError.unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !row.isEmpty || fieldWasQuoted {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}

/// Malformed comma-separated text.
public enum VICSVError: Error, Sendable, Equatable, CustomStringConvertible {
    case strayQuote(line: Int)
    case unterminatedQuote(line: Int)
    case bareCarriageReturn(line: Int)

    public var description: String {
        switch self {
        case .strayQuote(let line): return "line \(line): a double quote inside an unquoted field; quote the field and double the quote"
        case .unterminatedQuote(let line): return "line \(line): a quoted field is not closed"
        case .bareCarriageReturn(let line): return "line \(line): a CR not followed by LF outside quotes"
        }
    }
}
