/// An RFC 4180 CSV reader that remembers where every record starts.
///
/// Accepts CRLF, LF or CR line ends, a UTF-8 byte order mark, quoted fields with doubled
/// quotes and embedded line breaks. Blank lines are skipped. Anything else that RFC 4180
/// forbids (a quote inside an unquoted field, text after a closing quote, an unterminated
/// quote, a NUL character) is a ``CSVError`` naming the file, line and column.
public enum CSVParser {
    /// Parses `text`; `file` is the name used in errors.
    public static func parse(_ text: String, file: String) throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var fieldLine = 1
        var inQuotes = false
        var afterClosingQuote = false
        var fieldWasQuoted = false

        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            afterClosingQuote = false
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            let blank = fields.count == 1 && fields[0].isEmpty
            if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
        }

        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if c == "\u{0}" {
                throw CSVError(file: file, line: line, column: fields.count + 1,
                               problem: "contains a NUL character; save the file as plain UTF-8 text")
            }
            if inQuotes {
                if c == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    if c == "\r" {
                        if index < scalars.count, scalars[index] == "\n" {
                            field.append(c)
                            field.append("\n")
                            index += 1
                        } else {
                            field.append(c)
                        }
                        line += 1
                    } else {
                        if c == "\n" { line += 1 }
                        field.append(c)
                    }
                }
                continue
            }
            switch c {
            case ",":
                endField()
                fieldLine = line
            case "\r", "\n":
                if c == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
                fieldLine = line
            case "\"":
                if field.isEmpty && !afterClosingQuote && !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                    fieldLine = line
                } else {
                    throw CSVError(file: file, line: line, column: fields.count + 1,
                                   problem: "a quote (\") inside a field that does not start with a quote; "
                                       + "put the whole field in quotes and double the inner quote (\"\")")
                }
            default:
                if afterClosingQuote {
                    throw CSVError(file: file, line: line, column: fields.count + 1,
                                   problem: "unexpected text '\(String(c))' after the closing quote; "
                                       + "a quoted field must end at a comma or the end of the line")
                }
                field.append(c)
            }
        }
        if inQuotes {
            throw CSVError(file: file, line: fieldLine, column: fields.count + 1,
                           problem: "a quoted field is never closed; add the missing closing quote (\")")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            endRecord()
        }
        return records
    }
}
