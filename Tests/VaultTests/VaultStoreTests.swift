import Foundation
import Testing
@testable import Vault

@Suite("Vault store on disk")
struct VaultStoreTests {
    static let secret = "Pr0core-Client-S3cret-\u{00E9}-value"

    @Test("init writes a 0600 key file and a 0600 empty vault; set, read, list and remove round-trip")
    func roundTrip() throws {
        let folder = try VaultTestFolder()
        let result = try folder.location.initialize()
        #expect(result.createdKeyFile)
        #expect(result.vaultPath == folder.file("secrets.vault"))
        #expect(try folder.mode("vault.key") == 0o600)
        #expect(try folder.mode("secrets.vault") == 0o600)
        let store = try folder.location.store()
        #expect(try store.names().isEmpty)

        try store.set(Secret(Self.secret), named: "procore-client-secret")
        try store.set(Secret("agent-key-1"), named: "sage.api_key")
        #expect(try folder.mode("secrets.vault") == 0o600)
        // A fresh location (another process) reads the same values.
        let again = try folder.location.store()
        #expect(try again.secret(named: "procore-client-secret").revealed == Self.secret)
        #expect(try again.names() == ["procore-client-secret", "sage.api_key"])

        try again.set(Secret("agent-key-2"), named: "sage.api_key")
        #expect(try store.secret(named: "sage.api_key").revealed == "agent-key-2")
        #expect(try store.remove(named: "sage.api_key"))
        #expect(try store.remove(named: "sage.api_key") == false)
        #expect(try store.names() == ["procore-client-secret"])
        #expect(throws: VaultError.entryNotFound(vault: folder.file("secrets.vault"), name: "sage.api_key")) {
            try store.secret(named: "sage.api_key")
        }
        let file = try folder.json("secrets.vault")
        #expect(file["format"] as? String == "ml-connector-vault")
        #expect(file["version"] as? Int == 1)
        #expect(file["cipher"] as? String == "AES-256-GCM")
    }

    @Test("the vault file never holds the secret's bytes, in clear or base64; each seal uses a fresh nonce")
    func fileHoldsNoClearText() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        let store = try folder.location.store()
        try store.set(Secret(Self.secret), named: "a")
        let first = try folder.data("secrets.vault")
        let clear = Data(Self.secret.utf8)
        #expect(first.range(of: clear) == nil)
        #expect(first.range(of: Data(clear.base64EncodedString().utf8)) == nil)
        #expect(first.range(of: Data("S3cret".utf8)) == nil)
        let sealedBefore = try sealed(folder, "a")
        try store.set(Secret(Self.secret), named: "a")
        let sealedAfter = try sealed(folder, "a")
        #expect(sealedBefore != nil && sealedBefore != sealedAfter)
        // The key file holds the key, not the secret either.
        #expect(try folder.data("vault.key").range(of: clear) == nil)
    }

    @Test("a vault opened with another key is refused, naming the vault and the key's source")
    func wrongKey() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        try folder.location.store().set(Secret("x-value"), named: "a")
        let other = VaultKey.generate(source: "the ML_CONNECTOR_VAULT_KEY environment variable").described(as: "the ML_CONNECTOR_VAULT_KEY environment variable")
        let environment = [VaultKey.environmentVariable: try #require(otherBase64(other))]
        let location = VaultLocation(configDirectory: folder.path, environment: environment)
        #expect(location.keyIsFromEnvironment)
        do {
            _ = try location.secret(named: "a")
            Issue.record("opened with the wrong key")
        } catch {
            #expect(error == .wrongKey(vault: folder.file("secrets.vault"), keySource: "the ML_CONNECTOR_VAULT_KEY environment variable"))
            #expect(error.description.contains("cannot be opened with the key from the ML_CONNECTOR_VAULT_KEY environment variable"))
            #expect(error.description.contains("sealed with another key"))
        }
        // Listing is refused too: the key check fails before any entry is read.
        #expect(throws: VaultError.self) { try location.store().names() }
    }

    @Test("a flipped byte in an entry is refused as tampered; other entries still open")
    func flippedByte() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        let store = try folder.location.store()
        try store.set(Secret("first-value"), named: "a")
        try store.set(Secret("second-value"), named: "b")
        var file = try folder.json("secrets.vault")
        var entries = try #require(file["entries"] as? [String: Any])
        var entry = try #require(entries["a"] as? [String: Any])
        let sealedText = try #require(entry["sealed"] as? String)
        var bytes = try #require(Data(base64Encoded: sealedText))
        bytes[14] ^= 0x01
        entry["sealed"] = bytes.base64EncodedString()
        entries["a"] = entry
        file["entries"] = entries
        try folder.writeJSON(file, to: "secrets.vault")
        #expect(throws: VaultError.tamperedEntry(vault: folder.file("secrets.vault"), name: "a")) {
            try store.secret(named: "a")
        }
        #expect(try store.secret(named: "b").revealed == "second-value")
    }

    @Test("an entry copied under another name is refused (the name is authenticated)")
    func swappedEntry() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        let store = try folder.location.store()
        try store.set(Secret("procore-value"), named: "procore")
        try store.set(Secret("sage-value"), named: "sage")
        var file = try folder.json("secrets.vault")
        var entries = try #require(file["entries"] as? [String: Any])
        let procore = entries["procore"]
        entries["procore"] = entries["sage"]
        entries["sage"] = procore
        file["entries"] = entries
        try folder.writeJSON(file, to: "secrets.vault")
        #expect(throws: VaultError.tamperedEntry(vault: folder.file("secrets.vault"), name: "procore")) {
            try store.secret(named: "procore")
        }
        #expect(throws: VaultError.tamperedEntry(vault: folder.file("secrets.vault"), name: "sage")) {
            try store.secret(named: "sage")
        }
    }

    @Test("a key file or vault readable by others is refused with the chmod to run")
    func openPermissions() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        try folder.location.store().set(Secret("v"), named: "a")

        try folder.chmod("vault.key", 0o644)
        do {
            _ = try folder.location.loadKey()
            Issue.record("a 0644 key file was used")
        } catch {
            #expect(error == .permissionsTooOpen(path: folder.file("vault.key"), what: "key file", mode: 0o644))
            #expect(error.description.contains("chmod 600 \(folder.file("vault.key"))"))
            #expect(error.description.contains("0644"))
        }
        try folder.chmod("vault.key", 0o600)

        try folder.chmod("secrets.vault", 0o640)
        do {
            _ = try folder.location.secret(named: "a")
            Issue.record("a 0640 vault was used")
        } catch {
            #expect(error == .permissionsTooOpen(path: folder.file("secrets.vault"), what: "vault", mode: 0o640))
            #expect(error.description.contains("chmod 600 \(folder.file("secrets.vault"))"))
        }
        try folder.chmod("secrets.vault", 0o600)
        #expect(try folder.location.secret(named: "a").revealed == "v")
    }

    @Test("concurrent writers (separate store values) lose no entries")
    func concurrentWriters() async throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        let path = folder.path
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let store = try VaultLocation(configDirectory: path, environment: [:]).store()
                    try store.set(Secret("value-\(index)"), named: "entry-\(index)")
                }
            }
            try await group.waitForAll()
        }
        let store = try folder.location.store()
        #expect(try store.names().count == 24)
        for index in 0..<24 {
            #expect(try store.secret(named: "entry-\(index)").revealed == "value-\(index)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("init never overwrites a vault or a key; a missing key or vault says which command to run")
    func initAndMissing() throws {
        let folder = try VaultTestFolder()
        #expect(throws: VaultError.keyNotFound(keyFile: folder.file("vault.key"))) { try folder.location.loadKey() }
        #expect(VaultError.keyNotFound(keyFile: "k").description.contains("ml-connector secrets init"))
        _ = try folder.location.initialize()
        let key = try folder.data("vault.key")
        #expect(throws: VaultError.vaultExists(path: folder.file("secrets.vault"))) { try folder.location.initialize() }
        #expect(try folder.data("vault.key") == key)
        // With the key file present and the vault gone, init reuses the key.
        try FileManager.default.removeItem(atPath: folder.file("secrets.vault"))
        #expect(throws: VaultError.vaultNotFound(path: folder.file("secrets.vault"))) { try folder.location.store().names() }
        let again = try folder.location.initialize()
        #expect(again.createdKeyFile == false)
        #expect(try folder.data("vault.key") == key)
        #expect(VaultError.entryNotFound(vault: "v", name: "procore-client-secret").description
            .contains("ml-connector secrets set procore-client-secret"))
    }

    @Test("a key from ML_CONNECTOR_VAULT_KEY or ML_CONNECTOR_VAULT_KEY_FILE is used; malformed keys are refused without echoing them")
    func keySources() throws {
        let folder = try VaultTestFolder()
        let key = VaultKey.generate(source: "test")
        let base64 = try #require(otherBase64(key))
        let fromEnvironment = VaultLocation(configDirectory: folder.path, environment: [VaultKey.environmentVariable: base64])
        let result = try fromEnvironment.initialize()
        #expect(result.createdKeyFile == false)
        #expect(!FileManager.default.fileExists(atPath: folder.file("vault.key")))
        try fromEnvironment.store().set(Secret("v1"), named: "n")

        let keyFile = folder.file("elsewhere.key")
        try Data((base64 + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))
        try folder.chmod("elsewhere.key", 0o600)
        let fromFile = VaultLocation(configDirectory: folder.path, environment: [VaultKey.fileEnvironmentVariable: keyFile])
        #expect(fromFile.keyFilePath == keyFile)
        #expect(try fromFile.secret(named: "n").revealed == "v1")

        let bad = "bm90LWEta2V5LXRoaXMtaXMtc2hvcnQ="
        do {
            _ = try VaultLocation(configDirectory: folder.path, environment: [VaultKey.environmentVariable: bad]).loadKey()
            Issue.record("a short key was accepted")
        } catch {
            guard case .keyMalformed = error else { Issue.record("unexpected \(error)"); return }
            #expect(!error.description.contains(bad))
            #expect(error.description.contains("32"))
        }
    }

    @Test("secrets and keys print as ******** everywhere")
    func masking() throws {
        let secret = Secret("hunter2-value")
        let key = VaultKey.generate(source: "the key file /k")
        var dumped = ""
        dump(secret, to: &dumped)
        dump(key, to: &dumped)
        let keyText = try #require(otherBase64(key))
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped,
                     "\(key)", String(reflecting: key)] {
            #expect(!text.contains("hunter2"))
            #expect(!text.contains(keyText))
        }
        #expect("\(secret)" == "********")
    }

    @Test("hostile or empty names and empty values are refused with the rule")
    func names() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        let store = try folder.location.store()
        for name in ["", "../etc/passwd", "-flag", "a b", "name\u{0}", String(repeating: "x", count: 129), "caf\u{00E9}"] {
            #expect(throws: VaultError.self) { try store.set(Secret("v"), named: name) }
        }
        #expect(throws: VaultError.emptySecret(name: "ok")) { try store.set(Secret(""), named: "ok") }
        #expect(try store.names().isEmpty)
    }

    @Test("a damaged or newer vault file is refused with a clear reason")
    func damagedFile() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        var file = try folder.json("secrets.vault")
        file["version"] = 7
        try folder.writeJSON(file, to: "secrets.vault")
        #expect(throws: VaultError.unsupportedVersion(path: folder.file("secrets.vault"), version: 7)) {
            try folder.location.store().names()
        }
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: folder.file("secrets.vault")))
        #expect(throws: VaultError.vaultCorrupt(path: folder.file("secrets.vault"), reason: "it is not a JSON object")) {
            try folder.location.store().names()
        }
    }

    @Test("rekey reseals every entry: the old key no longer opens the vault, the new one does")
    func rekey() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        let store = try folder.location.store()
        try store.set(Secret("one"), named: "a")
        try store.set(Secret("two"), named: "b")
        let newKey = VaultKey.generate(source: "the new key")
        let rotated = try store.rekey(to: newKey)
        #expect(try rotated.secret(named: "a").revealed == "one")
        #expect(try rotated.secret(named: "b").revealed == "two")
        #expect(throws: VaultError.wrongKey(vault: folder.file("secrets.vault"), keySource: store.key.source)) {
            try store.names()
        }
    }

    private func sealed(_ folder: borrowing VaultTestFolder, _ name: String) throws -> String? {
        let entries = try folder.json("secrets.vault")["entries"] as? [String: Any]
        return (entries?[name] as? [String: Any])?["sealed"] as? String
    }

    private func otherBase64(_ key: VaultKey) -> String? { key.base64 }
}
