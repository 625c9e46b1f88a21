/// A problem with the encrypted credentials store, saying what happened and what to do.
///
/// Messages name files, entry names and key sources, never secret values or key bytes.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No key: the environment variable is unset and the key file does not exist.
    case keyNotFound(keyFile: String)
    /// The key (from `source`) is not 32 bytes of base64.
    case keyMalformed(source: String, reason: String)
    /// A key file already exists where `secrets init` would create one.
    case keyFileExists(path: String)
    /// The vault file does not exist.
    case vaultNotFound(path: String)
    /// A vault file already exists where `secrets init` would create one.
    case vaultExists(path: String)
    /// The key file or the vault can be read or written by other users.
    case permissionsTooOpen(path: String, what: String, mode: UInt16)
    /// The vault file is not a vault this version understands.
    case vaultCorrupt(path: String, reason: String)
    /// The vault was written by a newer (or unknown) format version.
    case unsupportedVersion(path: String, version: Int)
    /// The key does not open the vault: it was sealed with another key.
    case wrongKey(vault: String, keySource: String)
    /// One entry fails authentication: its bytes were changed or moved from another name.
    case tamperedEntry(vault: String, name: String)
    /// The vault has no entry with this name.
    case entryNotFound(vault: String, name: String)
    /// An entry name that cannot be used.
    case invalidName(name: String, reason: String)
    /// An empty secret was given.
    case emptySecret(name: String)
    /// The value given is longer than the limit.
    case secretTooLong(name: String, limit: Int)
    /// The key comes from the environment, so `rotate-key` cannot replace it in place.
    case keyNotInFile(variable: String)
    /// A file operation failed.
    case io(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .keyNotFound(let keyFile):
            return "no vault key: \(VaultKey.environmentVariable) is not set and the key file \(keyFile) does not exist. "
                + "Run `ml-connector secrets init` (with --config if connector.yml is elsewhere) to create the key and the vault, "
                + "or set \(VaultKey.environmentVariable) (base64) or \(VaultKey.fileEnvironmentVariable) (a key file path)."
        case .keyMalformed(let source, let reason):
            return "the vault key from \(source) cannot be used: \(reason). "
                + "A key is 32 random bytes written as base64 (44 characters); restore the key from its backup."
        case .keyFileExists(let path):
            return "the key file \(path) already exists; `secrets init` never overwrites a key (the vault sealed with it "
                + "would be lost). Keep using it, or move it away deliberately first."
        case .vaultNotFound(let path):
            return "the vault \(path) does not exist. Run `ml-connector secrets init` (with --config if connector.yml is "
                + "elsewhere) to create it, or restore it from its backup."
        case .vaultExists(let path):
            return "the vault \(path) already exists; `secrets init` never overwrites it. Use `ml-connector secrets set NAME` to add entries."
        case .permissionsTooOpen(let path, let what, let mode):
            return "the \(what) \(path) is readable or writable by other users (mode \(Self.octal(mode))); refusing to use it. "
                + "Run `chmod 600 \(path)` and retry."
        case .vaultCorrupt(let path, let reason):
            return "the vault \(path) is damaged or not a vault: \(reason). Restore it from its backup."
        case .unsupportedVersion(let path, let version):
            return "the vault \(path) has format version \(version); this ml-connector reads version \(VaultFile.currentVersion). "
                + "Use the ml-connector release that wrote it."
        case .wrongKey(let vault, let keySource):
            return "the vault at \(vault) cannot be opened with the key from \(keySource): it was sealed with another key. "
                + "Use the key it was created with (restore vault.key from its backup, or check \(VaultKey.environmentVariable) "
                + "and \(VaultKey.fileEnvironmentVariable))."
        case .tamperedEntry(let vault, let name):
            return "the entry '\(name)' in the vault \(vault) fails its integrity check: it was changed or copied from another entry. "
                + "Set it again with `ml-connector secrets set \(name)`, or restore the vault from its backup."
        case .entryNotFound(let vault, let name):
            return "the vault \(vault) has no entry '\(name)'. Store it with `ml-connector secrets set \(name)` "
                + "(add --config if connector.yml is elsewhere; the value is read from standard input)."
        case .invalidName(let name, let reason):
            return "'\(name)' cannot be a vault entry name: \(reason). Use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit."
        case .emptySecret(let name):
            return "the value given for '\(name)' is empty; nothing stored. Provide the secret on standard input."
        case .secretTooLong(let name, let limit):
            return "the value given for '\(name)' is longer than \(limit) bytes; nothing stored. Check that standard input holds only the secret."
        case .keyNotInFile(let variable):
            return "the vault key comes from \(variable), so it cannot be rotated in place. Unset \(variable), point "
                + "\(VaultKey.fileEnvironmentVariable) at a 0600 file holding the current key (base64), run `ml-connector secrets rotate-key`, "
                + "then put the new file's content into \(variable)."
        case .io(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        }
    }

    static func octal(_ mode: UInt16) -> String {
        "0" + String(mode & 0o777, radix: 8)
    }
}
