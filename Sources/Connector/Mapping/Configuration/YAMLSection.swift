import Yams

/// Reads a YAML node tree with errors that name the file, line, column and key path.
struct YAMLSection {
    let file: String

    func fail(_ node: Node?, _ path: String, _ problem: String, _ fix: String? = nil) -> MappingConfigurationError {
        MappingConfigurationError(file: file, line: node?.mark?.line, column: node?.mark?.column,
                                  field: path, problem: problem, fix: fix)
    }

    /// True for `~`, `null` or an empty value.
    func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        if scalar.style == .plain || scalar.style == .any {
            return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    /// The key/value pairs of a mapping, in file order; keys must be plain text and unique.
    func pairs(_ node: Node, _ path: String, allowed: [String]? = nil) throws(MappingConfigurationError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else {
            throw fail(node, path, "must be a mapping of keys to values (found \(kind(node)))")
        }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw fail(keyNode, path, "has a key that is not plain text")
            }
            guard seen.insert(key).inserted else {
                throw fail(keyNode, "\(path).\(keyPathComponent(key))", "is given twice", "keep one")
            }
            if let allowed, !allowed.contains(key) {
                throw fail(keyNode, "\(path).\(keyPathComponent(key))", "is not a known setting",
                           "use one of: \(allowed.joined(separator: ", "))")
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    /// A key as it appears in a key path: ids and other non-identifiers in quotes.
    func keyPathComponent(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isPlaceholderCharacter }
            && !(key.unicodeScalars.first.map { ("0"..."9").contains($0) } ?? false)
        return plain ? key : "\"\(SafeText.shown(key, limit: 40))\""
    }

    func string(_ node: Node, _ path: String) throws(MappingConfigurationError) -> String {
        guard let scalar = node.scalar else {
            throw fail(node, path, "must be a single value (found \(kind(node)))")
        }
        return scalar.string
    }

    /// A text value checked for control characters and length.
    func text(_ node: Node, _ path: String, maxLength: Int, what: String) throws(MappingConfigurationError) -> String {
        let value = try string(node, path).trimmingWhitespace
        guard !value.isEmpty else { throw fail(node, path, "is empty", "write \(what)") }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw fail(node, path, "'\(SafeText.shown(value))' contains control characters")
        }
        guard value.count <= maxLength else {
            throw fail(node, path, "'\(SafeText.shown(value))' is \(value.count) characters; Sage 100 allows \(maxLength)",
                       "shorten it")
        }
        return value
    }

    func bool(_ node: Node, _ path: String) throws(MappingConfigurationError) -> Bool {
        let value = try string(node, path).lowercased()
        switch value {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, path, "'\(SafeText.shown(value))' must be true or false")
        }
    }

    func int(_ node: Node, _ path: String) throws(MappingConfigurationError) -> Int {
        let value = try string(node, path)
        guard let number = Int(value) else { throw fail(node, path, "'\(SafeText.shown(value))' must be a whole number") }
        return number
    }

    func sequence(_ node: Node, _ path: String) throws(MappingConfigurationError) -> [Node] {
        guard let sequence = node.sequence else {
            throw fail(node, path, "must be a list (found \(kind(node)))", "write one entry per line starting with '- '")
        }
        return Array(sequence)
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "the value '\(SafeText.shown(scalar.string, limit: 30))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        @unknown default: return "an unsupported value"
        }
    }
}
