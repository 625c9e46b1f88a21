/// Everything the XML module can refuse, with where and why, and what to do about it.
public enum XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is not well-formed XML. The diagnostic carries line and column.
    case malformed(XMLDiagnostic)
    /// The input declares a DOCTYPE. DTDs (and so entity declarations) are never accepted:
    /// SOAP forbids them, and refusing them blocks external entities and entity expansion.
    case dtdNotAllowed(line: Int, column: Int)
    /// The input references an entity other than the five predefined ones.
    case entityNotAllowed(name: String, line: Int, column: Int)
    /// The input is larger than the limit given to the parser.
    case tooLarge(bytes: Int, limit: Int)
    /// The input is empty.
    case empty
    /// The document does not satisfy the XML schema; one diagnostic per violation.
    case invalid([XMLDiagnostic])
    /// The XML schema itself could not be compiled.
    case schema([XMLDiagnostic])
    /// An XPath expression failed to compile or evaluate.
    case xpath(expression: String, message: String)
    /// A name given to the builder is not a valid XML name (NCName).
    case invalidName(String, kind: String)
    /// Text given to the builder contains a character XML 1.0 cannot carry.
    case invalidCharacter(context: String, scalar: UInt32, offset: Int)
    /// A namespace declaration conflicts with one already on the element.
    case namespaceConflict(prefix: String, existingURI: String, requestedURI: String)
    /// The document has no root element where one is needed.
    case noRootElement
    /// libxml2 failed to serialize or allocate.
    case internalFailure(String)

    public var description: String {
        switch self {
        case .malformed(let d):
            return "XML is not well-formed at \(d). Fix the document at that position."
        case .dtdNotAllowed(let line, let column):
            return "DTD not allowed: the XML declares a DOCTYPE (line \(line), column \(column)). "
                + "DOCTYPE, entity declarations and external entities are refused; "
                + "send the document without a DOCTYPE."
        case .entityNotAllowed(let name, let line, let column):
            return "Entity not allowed: '&\(name);' at line \(line), column \(column). "
                + "Only &amp; &lt; &gt; &quot; &apos; and numeric character references are accepted; "
                + "escape the text instead."
        case .tooLarge(let bytes, let limit):
            return "XML document is \(bytes) bytes; the limit is \(limit) bytes. Split the input or raise the limit."
        case .empty:
            return "XML document is empty; expected a root element."
        case .invalid(let diagnostics):
            return "XML does not match its schema (\(diagnostics.count) problem(s)): "
                + diagnostics.map(\.description).joined(separator: "; ")
        case .schema(let diagnostics):
            return "XML schema could not be compiled: "
                + diagnostics.map(\.description).joined(separator: "; ")
        case .xpath(let expression, let message):
            return "XPath '\(expression)' failed: \(message). Check the expression and its namespace prefixes."
        case .invalidName(let name, let kind):
            return "'\(name)' is not a valid XML \(kind) name (letters, digits, '.', '-', '_'; no spaces or colons; not starting with a digit)."
        case .invalidCharacter(let context, let scalar, let offset):
            return "\(context) contains character U+\(hex(scalar)) at position \(offset), which XML 1.0 cannot carry. "
                + "Remove control characters from the value."
        case .namespaceConflict(let prefix, let existing, let requested):
            return "Namespace prefix '\(prefix)' is already bound to '\(existing)' on this element; cannot bind it to '\(requested)'."
        case .noRootElement:
            return "XML document has no root element."
        case .internalFailure(let message):
            return "libxml2 failure: \(message)"
        }
    }
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
