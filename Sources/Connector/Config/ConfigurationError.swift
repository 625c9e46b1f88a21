import Foundation

/// A problem with `connector.yml` (or the environment it refers to), saying what to fix.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file does not exist.
    case fileNotFound(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid YAML, or its top level is not a mapping.
    case invalidYAML(file: String, line: Int?, reason: String)
    /// A key the connector does not know (often a typo).
    case unknownKey(file: String, key: String, line: Int?, known: [String])
    /// The same key appears twice in one mapping.
    case duplicateKey(file: String, key: String, line: Int?)
    /// A required key is absent.
    case missingKey(file: String, key: String, hint: String)
    /// A key has a value of the wrong type or out of range.
    case invalidValue(file: String, key: String, value: String, expected: String)
    /// The environment variable that must hold a secret is unset or empty (or, for a
    /// `vault:<entry>` source, the vault entry was not read).
    case missingSecret(file: String, key: String, variable: String)

    public var description: String {
        func at(_ line: Int?) -> String { line.map { " (line \($0))" } ?? "" }
        switch self {
        case .fileNotFound(let path):
            return "configuration file \(path) not found. Pass --config PATH, or create one (`ml-connector sandbox procore --write-config \(path)` writes a starting point)."
        case .unreadable(let path, let reason):
            return "cannot read configuration file \(path): \(reason)"
        case .invalidYAML(let file, let line, let reason):
            return "\(file)\(at(line)): not valid YAML: \(reason)"
        case .unknownKey(let file, let key, let line, let known):
            return "\(file)\(at(line)): unknown key '\(key)'. Known keys here: \(known.joined(separator: ", ")). Check the spelling or remove it."
        case .duplicateKey(let file, let key, let line):
            return "\(file)\(at(line)): key '\(key)' appears more than once; keep one."
        case .missingKey(let file, let key, let hint):
            return "\(file): missing required key '\(key)'. \(hint)"
        case .invalidValue(let file, let key, let value, let expected):
            return "\(file): '\(key)' is '\(value)', expected \(expected)."
        case .missingSecret(let file, let key, let variable) where variable.hasPrefix("vault:"):
            let entry = variable.dropFirst("vault:".count)
            return "the secret for '\(key)' in \(file) comes from the vault entry '\(entry)', which was not opened; load the configuration with its secrets, or store it with `ml-connector secrets set \(entry)` (docs/secrets.md)"
        case .missingSecret(let file, let key, let variable):
            return "the environment variable \(variable) (named by '\(key)' in \(file)) is not set or empty. Set it to the secret, e.g. `export \(variable)=...`, before running."
        }
    }
}

extension ConfigurationError {
    /// The configuration file's text: ``fileNotFound`` when there is no such file,
    /// ``unreadable`` when it cannot be read or is not UTF-8.
    static func readText(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw ConfigurationError.fileNotFound(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }
}
