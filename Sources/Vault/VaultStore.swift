import Crypto
import Foundation

/// A file of named secrets, each sealed with AES-256-GCM.
///
/// Every operation reads the file afresh; changes take an exclusive lock (`<vault>.lock`), re-read,
/// and replace the file atomically (temporary file, fsync, rename), so several writers (also in
/// different processes) never lose each other's entries. The vault and its key must be mode 0600.
public struct VaultStore: Sendable {
    /// The vault file.
    public let path: String
    /// The key that seals and opens entries.
    public let key: VaultKey

    static let keyCheckText = Data("ml-connector-vault key check".utf8)
    static let keyCheckAssociatedData = Data("ml-connector-vault/v1/key-check".utf8)

    /// A store at `path` opened with `key`. Nothing is read until an operation runs.
    public init(path: String, key: VaultKey) {
        self.path = path
        self.key = key
    }

    /// Creates an empty vault at `path` (mode 0600); fails when a file is already there.
    @discardableResult
    public static func create(at path: String, key: VaultKey) throws(VaultError) -> VaultStore {
        if try VaultFileSystem.mode(of: path) != nil { throw .vaultExists(path: path) }
        let store = VaultStore(path: path, key: key)
        let file = VaultFile(format: VaultFile.formatName, version: VaultFile.currentVersion, cipher: VaultFile.cipherName,
                             keyCheck: try store.seal(keyCheckText, associatedData: keyCheckAssociatedData, name: "(key check)"),
                             entries: [:])
        do throws(VaultError) {
            try VaultFileSystem.createExclusive(try file.encoded(path: path), at: path)
        } catch {
            if try VaultFileSystem.mode(of: path) != nil { throw .vaultExists(path: path) }
            throw error
        }
        return store
    }

    /// The entry names, sorted. Checks the key first.
    public func names() throws(VaultError) -> [String] {
        try load().entries.keys.sorted()
    }

    /// True when an entry named `name` exists.
    public func contains(_ name: String) throws(VaultError) -> Bool {
        try load().entries[name] != nil
    }

    /// The secret stored as `name`.
    /// - Throws: ``VaultError/entryNotFound(vault:name:)``, ``VaultError/wrongKey(vault:keySource:)``,
    ///   ``VaultError/tamperedEntry(vault:name:)`` and file errors.
    public func secret(named name: String) throws(VaultError) -> Secret {
        try VaultEntryName.validate(name)
        let file = try load()
        guard let entry = file.entries[name] else { throw .entryNotFound(vault: path, name: name) }
        return try open(entry, name: name)
    }

    /// Stores `secret` as `name`, replacing an earlier value.
    public func set(_ secret: Secret, named name: String) throws(VaultError) {
        try VaultEntryName.validate(name)
        guard !secret.isEmpty else { throw .emptySecret(name: name) }
        try modify { (file) throws(VaultError) in
            file.entries[name] = VaultFileEntry(sealed: try seal(Data(secret.revealed.utf8), associatedData: Self.associatedData(for: name), name: name),
                                                updated: Self.timestamp())
        }
    }

    /// Removes `name`; returns false when there was no such entry.
    @discardableResult
    public func remove(named name: String) throws(VaultError) -> Bool {
        try VaultEntryName.validate(name)
        var removed = false
        try modify { file in
            removed = file.entries.removeValue(forKey: name) != nil
        }
        return removed
    }

    /// Opens every entry with this store's key and seals it again with `newKey` (key rotation).
    /// Refuses, changing nothing, when any entry fails to open.
    /// - Returns: the store opened with the new key.
    public func rekey(to newKey: VaultKey) throws(VaultError) -> VaultStore {
        let target = VaultStore(path: path, key: newKey)
        try modify { (file) throws(VaultError) in
            var entries: [String: VaultFileEntry] = [:]
            for (name, entry) in file.entries {
                let clear = try open(entry, name: name)
                entries[name] = VaultFileEntry(sealed: try target.seal(Data(clear.revealed.utf8), associatedData: Self.associatedData(for: name), name: name),
                                               updated: entry.updated)
            }
            file.entries = entries
            file.keyCheck = try target.seal(Self.keyCheckText, associatedData: Self.keyCheckAssociatedData, name: "(key check)")
        }
        return target
    }

    // MARK: - Internals

    static func associatedData(for name: String) -> Data {
        Data("ml-connector-vault/v1/entry/\(name)".utf8)
    }

    /// Reads and checks the file: permissions, format, version, key.
    func load() throws(VaultError) -> VaultFile {
        guard try VaultFileSystem.mode(of: path) != nil else { throw .vaultNotFound(path: path) }
        try VaultFileSystem.requirePrivate(path, what: "vault")
        let file = try VaultFile.decode(try VaultFileSystem.read(path), path: path)
        guard let check = Data(base64Encoded: file.keyCheck),
              let box = try? AES.GCM.SealedBox(combined: check),
              let opened = try? AES.GCM.open(box, using: key.symmetricKey, authenticating: Self.keyCheckAssociatedData),
              opened == Self.keyCheckText
        else {
            throw .wrongKey(vault: path, keySource: key.source)
        }
        return file
    }

    private func modify(_ change: (inout VaultFile) throws(VaultError) -> Void) throws(VaultError) {
        try VaultFileSystem.withExclusiveLock(on: path) { () throws(VaultError) in
            var file = try load()
            try change(&file)
            try VaultFileSystem.writeAtomically(try file.encoded(path: path), to: path)
        }
    }

    private func open(_ entry: VaultFileEntry, name: String) throws(VaultError) -> Secret {
        guard let combined = Data(base64Encoded: entry.sealed),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let clear = try? AES.GCM.open(box, using: key.symmetricKey, authenticating: Self.associatedData(for: name)),
              let text = String(data: clear, encoding: .utf8)
        else {
            throw .tamperedEntry(vault: path, name: name)
        }
        return Secret(text)
    }

    private func seal(_ clear: Data, associatedData: Data, name: String) throws(VaultError) -> String {
        do {
            let box = try AES.GCM.seal(clear, using: key.symmetricKey, nonce: AES.GCM.Nonce(), authenticating: associatedData)
            guard let combined = box.combined else {
                throw VaultError.io(path: path, operation: "seal '\(name)' for", reason: "the cipher returned no data")
            }
            return combined.base64EncodedString()
        } catch let error as VaultError {
            throw error
        } catch {
            throw .io(path: path, operation: "seal '\(name)' for", reason: "\(error)")
        }
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
