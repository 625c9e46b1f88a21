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

    /// Nil when the text is small and shallow enough; else the line and why.
    static func check(_ yaml: String) -> Refused? {
        if yaml.utf8.count > maxBytes {
            return Refused(line: 1, reason: "the file is \(yaml.utf8.count) bytes; a configuration is far smaller than \(maxBytes) bytes")
        }
        var indents: [Int] = []
        var flow = 0
        var line = 1
        var quote: UInt8?
        var atLineStart = true
        var indent = 0
        var previous: UInt8 = 0x0A
        var inComment = false
        /// `- - - x` nests a sequence per dash: the dashes that open a line's content.
        var dashes = 0
        var leadingDashes = false
        for byte in yaml.utf8 {
            if byte == 0x0A {
                line += 1
                atLineStart = true
                indent = 0
                inComment = false
                dashes = 0
                if quote == 0x27 || quote == 0x22 { previous = byte; continue }  // multi-line quoted scalar
                previous = byte
                continue
            }
            if inComment { previous = byte; continue }
            if atLineStart {
                if byte == 0x20 { indent += 1; previous = byte; continue }
                atLineStart = false
                leadingDashes = quote == nil && flow == 0
                if byte != 0x23 && byte != 0x0D && quote == nil && flow == 0 {  // a content line outside flow and quotes
                    while let last = indents.last, last > indent { indents.removeLast() }
                    if indents.last != indent { indents.append(indent) }
                }
            }
            if leadingDashes {
                if byte == 0x20 && previous == 0x2D { dashes += 1 } else if byte != 0x2D && byte != 0x20 { leadingDashes = false }
            }
            if let open = quote {
                if byte == open && !(open == 0x22 && previous == 0x5C) { quote = nil }
            } else {
                switch byte {
                case 0x22, 0x27: quote = byte
                case 0x23 where previous == 0x20 || previous == 0x09 || previous == 0x0A: inComment = true
                case 0x5B, 0x7B: flow += 1
                case 0x5D, 0x7D: flow = max(0, flow - 1)
                default: break
                }
            }
            if indents.count + flow + dashes > maxDepth {
                return Refused(line: line, reason: "it nests more than \(maxDepth) levels deep; a configuration needs a few (is this the right file?)")
            }
            previous = byte
        }
        return nil
    }
}
