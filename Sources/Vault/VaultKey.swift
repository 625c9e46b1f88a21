import Crypto
import Foundation

/// The 256-bit key that seals the vault's entries. Never printed.
///
/// It comes from `ML_CONNECTOR_VAULT_KEY` (base64, for CI and containers) or from a key file
/// (`ML_CONNECTOR_VAULT_KEY_FILE`, default `<config dir>/vault.key`, mode 0600) holding the same base64 text.
public struct VaultKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Environment variable holding the key itself, as base64.
    public static let environmentVariable = "ML_CONNECTOR_VAULT_KEY"
    /// Environment variable naming the key file.
    public static let fileEnvironmentVariable = "ML_CONNECTOR_VAULT_KEY_FILE"
    /// Key length in bytes (AES-256).
    public static let byteCount = 32

    private let bytes: [UInt8]
    /// Where the key came from, for messages (e.g. `the key file /srv/ml/vault.key`). Never the key.
    public let source: String

    /// A new random key.
    public static func generate(source: String) -> VaultKey {
        let key = SymmetricKey(size: .bits256)
        return VaultKey(bytes: key.withUnsafeBytes { Array($0) }, source: source)
    }

    /// Decodes base64 text (surrounding whitespace ignored); throws when it is not 32 bytes.
    public init(base64 text: String, source: String) throws(VaultError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: trimmed) else {
            throw .keyMalformed(source: source, reason: "it is not base64 text")
        }
        guard data.count == Self.byteCount else {
            throw .keyMalformed(source: source, reason: "it holds \(data.count) bytes, not \(Self.byteCount)")
        }
        self.init(bytes: Array(data), source: source)
    }

    private init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// The same key, described as coming from `source`.
    public func described(as source: String) -> VaultKey {
        VaultKey(bytes: bytes, source: source)
    }

    /// The key as base64 text, for writing the key file. Never log it.
    var base64: String { Data(bytes).base64EncodedString() }

    var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    public var description: String { "vault key from \(source)" }
    public var debugDescription: String { "VaultKey(\(Secret.mask), from \(source))" }
    public var customMirror: Mirror { Mirror(self, children: ["source": source], displayStyle: .struct) }
}
