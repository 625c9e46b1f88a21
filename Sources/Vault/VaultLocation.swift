import Foundation

/// Where the vault and its key live for one configuration folder, and how to open them.
///
/// - Vault: `<config dir>/secrets.vault`.
/// - Key: `ML_CONNECTOR_VAULT_KEY` (base64) when set; else the file `ML_CONNECTOR_VAULT_KEY_FILE`
///   names; else `<config dir>/vault.key`.
public struct VaultLocation: Sendable, Equatable {
    /// File name of the vault inside the configuration folder.
    public static let vaultFileName = "secrets.vault"
    /// File name of the default key file inside the configuration folder.
    public static let keyFileName = "vault.key"

    /// The vault file.
    public var vaultPath: String
    /// The key file used when `ML_CONNECTOR_VAULT_KEY` is not set.
    public var keyFilePath: String
    private let keyFromEnvironment: String?

    /// Resolves the paths for the configuration folder `configDirectory`.
    public init(configDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let folder = URL(fileURLWithPath: configDirectory).standardizedFileURL
        vaultPath = folder.appendingPathComponent(Self.vaultFileName).path
        if let named = environment[VaultKey.fileEnvironmentVariable], !named.isEmpty {
            keyFilePath = URL(fileURLWithPath: (named as NSString).expandingTildeInPath).standardizedFileURL.path
        } else {
            keyFilePath = folder.appendingPathComponent(Self.keyFileName).path
        }
        if let value = environment[VaultKey.environmentVariable], !value.isEmpty {
            keyFromEnvironment = value
        } else {
            keyFromEnvironment = nil
        }
    }

    /// True when the key comes from `ML_CONNECTOR_VAULT_KEY` rather than a file.
    public var keyIsFromEnvironment: Bool { keyFromEnvironment != nil }

    /// Describes where the key comes from (for messages).
    public var keySource: String {
        keyIsFromEnvironment ? "the \(VaultKey.environmentVariable) environment variable" : "the key file \(keyFilePath)"
    }

    /// Reads the key, refusing a key file others can read.
    public func loadKey() throws(VaultError) -> VaultKey {
        if let keyFromEnvironment {
            return try VaultKey(base64: keyFromEnvironment, source: keySource)
        }
        guard try VaultFileSystem.mode(of: keyFilePath) != nil else { throw .keyNotFound(keyFile: keyFilePath) }
        try VaultFileSystem.requirePrivate(keyFilePath, what: "key file")
        let data = try VaultFileSystem.read(keyFilePath)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .keyMalformed(source: keySource, reason: "it is not text")
        }
        return try VaultKey(base64: text, source: keySource)
    }

    /// The vault opened with the key (the file is read by each operation).
    public func store() throws(VaultError) -> VaultStore {
        VaultStore(path: vaultPath, key: try loadKey())
    }

    /// The secret `name`, read from the vault with the key.
    public func secret(named name: String) throws(VaultError) -> Secret {
        try store().secret(named: name)
    }

    /// What ``initialize()`` did.
    public struct Initialization: Sendable, Equatable {
        /// A new key file was written (false when the key came from the environment or an existing file).
        public var createdKeyFile: Bool
        /// Where the key comes from.
        public var keySource: String
        /// The new, empty vault.
        public var vaultPath: String
    }

    /// Creates the key file (0600, unless the key comes from the environment or the file exists)
    /// and an empty vault. Never overwrites a vault.
    public func initialize() throws(VaultError) -> Initialization {
        if try VaultFileSystem.mode(of: vaultPath) != nil { throw .vaultExists(path: vaultPath) }
        var created = false
        let key: VaultKey
        let keyFileExists = try VaultFileSystem.mode(of: keyFilePath) != nil
        if keyIsFromEnvironment || keyFileExists {
            key = try loadKey()
        } else {
            key = VaultKey.generate(source: keySource)
            try VaultFileSystem.createExclusive(Data((key.base64 + "\n").utf8), at: keyFilePath)
            created = true
        }
        try VaultStore.create(at: vaultPath, key: key)
        return Initialization(createdKeyFile: created, keySource: keySource, vaultPath: vaultPath)
    }

    /// What ``rotateKey()`` did.
    public struct Rotation: Sendable, Equatable {
        /// The key file now holding the new key.
        public var keyFilePath: String
        /// Entries sealed again with the new key.
        public var entries: Int
    }

    /// Replaces the key file's key with a new random one and seals every entry again.
    ///
    /// Order, safe against a crash at any step: the new key goes to `<key>.new` (0600), the vault is
    /// rewritten atomically with the new key, then `<key>.new` is renamed over the key file.
    /// If the process stops between the last two steps, `<key>.new` holds the key that opens the vault.
    public func rotateKey() throws(VaultError) -> Rotation {
        if keyIsFromEnvironment { throw .keyNotInFile(variable: VaultKey.environmentVariable) }
        let store = try store()
        let count = try store.names().count
        let pending = keyFilePath + ".new"
        if try VaultFileSystem.mode(of: pending) != nil { throw .keyFileExists(path: pending) }
        let newKey = VaultKey.generate(source: keySource)
        try VaultFileSystem.createExclusive(Data((newKey.base64 + "\n").utf8), at: pending)
        _ = try store.rekey(to: newKey)
        try VaultFileSystem.move(pending, over: keyFilePath)
        return Rotation(keyFilePath: keyFilePath, entries: count)
    }
}
