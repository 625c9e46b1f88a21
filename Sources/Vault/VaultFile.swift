import Foundation

/// The JSON container on disk (`secrets.vault`).
///
/// ```json
/// {
///   "cipher": "AES-256-GCM",
///   "entries": { "procore-client-secret": { "sealed": "<base64 nonce|ciphertext|tag>", "updated": "2026-11-29T04:00:00Z" } },
///   "format": "ml-connector-vault",
///   "key_check": "<base64 nonce|ciphertext|tag>",
///   "version": 1
/// }
/// ```
/// Entry names are in clear; values are sealed with AES-GCM, a fresh 12-byte nonce each, and the
/// entry's name as associated data. `key_check` seals a fixed text so a wrong key is told apart
/// from a damaged entry.
struct VaultFile: Codable, Sendable {
    static let formatName = "ml-connector-vault"
    static let currentVersion = 1
    static let cipherName = "AES-256-GCM"

    var format: String
    var version: Int
    var cipher: String
    var keyCheck: String
    var entries: [String: VaultFileEntry]

    enum CodingKeys: String, CodingKey {
        case format, version, cipher, entries
        case keyCheck = "key_check"
    }

    /// Just enough to tell the format and version before reading the rest.
    struct Header: Decodable {
        var format: String?
        var version: Int?
    }

    static func decode(_ data: Data, path: String) throws(VaultError) -> VaultFile {
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw .vaultCorrupt(path: path, reason: "it is not a JSON object")
        }
        guard header.format == formatName else {
            throw .vaultCorrupt(path: path, reason: "its 'format' is not '\(formatName)'")
        }
        guard let version = header.version else { throw .vaultCorrupt(path: path, reason: "it has no 'version'") }
        guard version == currentVersion else { throw .unsupportedVersion(path: path, version: version) }
        let file: VaultFile
        do {
            file = try JSONDecoder().decode(VaultFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .vaultCorrupt(path: path, reason: "the field '\(key.stringValue)' is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .vaultCorrupt(path: path, reason: "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch {
            throw .vaultCorrupt(path: path, reason: "its fields cannot be read")
        }
        guard file.cipher == cipherName else {
            throw .vaultCorrupt(path: path, reason: "its cipher '\(file.cipher)' is not \(cipherName)")
        }
        return file
    }

    func encoded(path: String) throws(VaultError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self) + Data("\n".utf8)
        } catch {
            throw .io(path: path, operation: "encode", reason: "\(error)")
        }
    }
}

/// One sealed entry.
struct VaultFileEntry: Codable, Sendable {
    /// base64 of nonce (12 bytes) + ciphertext + tag (16 bytes).
    var sealed: String
    /// When the entry was last set (UTC, ISO 8601).
    var updated: String
}
