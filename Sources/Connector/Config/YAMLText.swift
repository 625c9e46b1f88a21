import Yams

/// YAML the connector reads (connector.yml and its sections), composed only when it is of a
/// shape a configuration has: libyaml and the node tree it builds recurse once per nesting
/// level, so thousands of levels (`[[[[…`, or ever deeper indentation) would overflow the stack
/// and end the process instead of giving a message. A configuration is a few levels deep.
enum YAMLText {
    /// Deepest nesting accepted (block indentation levels plus flow brackets).
    static let maxDepth = 64
    /// Largest text accepted.
    static let maxBytes = 1 << 20

    /// Why `yaml` is refused before parsing.
    struct Refused: Error, Sendable {
        var line: Int
        var reason: String
    }

    /// `Yams.compose(yaml:)` after the shape checks.
    static func compose(_ yaml: String) throws -> Node? {
        if let refused = check(yaml) { throw refused }
        return try Yams.compose(yaml: yaml)
    }

    /// Nil when the text is small and shallow enough; else the line and why. The count is
    /// lexical and errs on the safe side: flow brackets are counted wherever they stand (in a
    /// quoted string or a comment too), and so are the indentation levels and the `- `, `? `
    /// indicators that open a line. A real configuration is nowhere near the limit.
    static func check(_ yaml: String) -> Refused? {
        if yaml.utf8.count > maxBytes {
            return Refused(line: 1, reason: "the file is \(yaml.utf8.count) bytes; a configuration is far smaller than \(maxBytes) bytes")
        }
        var indents: [Int] = []
        var flow = 0
        var line = 1
        var atLineStart = true
        var indent = 0
        /// `- - - x` nests a node per indicator: those that open a line's content.
        var indicators = 0
        var leadingIndicators = false
        var previous: UInt8 = 0x0A
        for byte in yaml.utf8 {
            if byte == 0x0A {
                line += 1
                atLineStart = true
                indent = 0
                indicators = 0
                previous = byte
                continue
            }
            if atLineStart {
                if byte == 0x20 { indent += 1; previous = byte; continue }
                atLineStart = false
                leadingIndicators = true
                if byte != 0x23 && byte != 0x0D && flow == 0 {
                    while let last = indents.last, last > indent { indents.removeLast() }
                    if indents.last != indent { indents.append(indent) }
                }
            }
            if leadingIndicators {
                if byte == 0x20 && (previous == 0x2D || previous == 0x3F) {
                    indicators += 1
                } else if byte != 0x2D && byte != 0x3F && byte != 0x20 {
                    leadingIndicators = false
                }
            }
            switch byte {
            case 0x5B, 0x7B: flow += 1
            case 0x5D, 0x7D: flow = max(0, flow - 1)
            default: break
            }
            if indents.count + flow + indicators > maxDepth {
                return Refused(line: line, reason: "it nests more than \(maxDepth) levels deep; a configuration needs a few (is this the right file?)")
            }
            previous = byte
        }
        return nil
    }
}
