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
            // The value is never shown: it may be a secret pasted where a variable's name belongs.
            var text = "the environment variable that '\(key)' in \(file) names is not set or empty (its name is not repeated here, in case a secret was pasted in its place). Set that variable to the secret before running (export NAME=...)"
            if !Self.looksLikeVariableName(variable) {
                text += ". The value of '\(key)' does not look like a variable name (letters, digits and _, e.g. PROCORE_CLIENT_SECRET): if it is the secret itself, remove it from the file, put the secret in an environment variable or the vault (ml-connector secrets set), and name that variable there"
            }
            return text + "."
        }
    }
}

extension ConfigurationError {
    /// `NAME_2`-style: what an environment variable's name looks like (a secret rarely does).
    static func looksLikeVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.utf8.count <= 64,
              first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// The configuration file's text: ``fileNotFound`` when there is no such file,
    /// ``unreadable`` when it cannot be read or is not UTF-8.
    static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ConfigurationError.fileNotFound(path: path) }
        if isDirectory.boolValue {
            throw ConfigurationError.unreadable(path: path, reason: "it is a folder, not a file; pass the configuration file itself, e.g. --config \((path as NSString).appendingPathComponent("connector.yml"))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path)
                ? "\(error.localizedDescription)" : "permission denied; give the user that runs the connector read permission on it (chmod or chown)"
            throw ConfigurationError.unreadable(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }
}
