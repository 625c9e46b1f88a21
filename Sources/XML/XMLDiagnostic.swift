/// One message from libxml2 (parser, schema validator or XPath), with its position.
public struct XMLDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the parsed input; 0 when unknown (e.g. a document built in memory).
    public var line: Int
    /// 1-based column; 0 when unknown.
    public var column: Int
    /// The message, without trailing newline.
    public var message: String
    /// XPath-like location of the offending node (`/soap:Envelope/soap:Body/...`), when known.
    public var path: String?

    public init(line: Int, column: Int = 0, message: String, path: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.path = path
    }

    public var description: String {
        var text = ""
        if line > 0 {
            text += "line \(line)"
            if column > 0 { text += ", column \(column)" }
            text += ": "
        }
        text += message
        if let path, !path.isEmpty { text += " (at \(path))" }
        return text
    }
}
