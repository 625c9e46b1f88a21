import Foundation

/// A GL account written with placeholders, e.g. `5100-{division}-00`.
///
/// Placeholders are names in braces (letters, digits, `_`); they are filled from the project's
/// segment values (`mapping.projects."1001".segments`), then from `mapping.default_segments`.
public struct AccountTemplate: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The text as written.
    public let text: String
    /// Placeholder names in order of first use.
    public let placeholders: [String]

    /// Parses `text`; throws a plain-English problem when braces or names are malformed.
    public init(_ text: String) throws(AccountTemplateProblem) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw AccountTemplateProblem("is empty; write an account such as 5100-04-00") }
        var names: [String] = []
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            let c = trimmed[index]
            if c == "}" { throw AccountTemplateProblem("'\(trimmed)' has a '}' without a matching '{'") }
            if c == "{" {
                guard let close = trimmed[index...].firstIndex(of: "}") else {
                    throw AccountTemplateProblem("'\(trimmed)' has a '{' without a closing '}'")
                }
                let name = String(trimmed[trimmed.index(after: index)..<close])
                guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isPlaceholderCharacter }) else {
                    throw AccountTemplateProblem("'\(trimmed)' has the placeholder '{\(name)}'; "
                        + "placeholder names use letters, digits and _ only, e.g. {division}")
                }
                if !names.contains(name) { names.append(name) }
                index = trimmed.index(after: close)
            } else {
                index = trimmed.index(after: index)
            }
        }
        self.text = trimmed
        self.placeholders = names
    }

    /// The account with every placeholder replaced; the first name with no value is returned
    /// as `.failure`.
    public func fill(_ values: (String) -> String?) -> Result<String, MissingPlaceholder> {
        var result = text
        for name in placeholders {
            guard let value = values(name) else { return .failure(MissingPlaceholder(name: name)) }
            result = result.replacingAll("{\(name)}", with: value)
        }
        return .success(result)
    }

    public var description: String { text }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "account \(error.message)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// Why an account template cannot be read.
public struct AccountTemplateProblem: Error, Sendable, Equatable {
    /// Reads after the field name: "'5100-{div' has a '{' without a closing '}'".
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// A placeholder that has no value for the project at hand.
public struct MissingPlaceholder: Error, Sendable, Equatable {
    public var name: String
}

extension Unicode.Scalar {
    var isPlaceholderCharacter: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self) || self == "_"
    }
}

extension String {
    /// Trimmed of spaces, tabs and line breaks (Foundation-free).
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Every occurrence of `target` replaced by `replacement`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
