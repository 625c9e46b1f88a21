import Foundation
import Testing
@testable import Vault

@Suite("Vault key rotation and input")
struct VaultKeyRotationTests {
    @Test("rotate-key writes a new 0600 key file; entries still open with it; the old key is refused; no .new file is left")
    func rotateKeyFile() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        try folder.location.store().set(Secret("one"), named: "a")
        try folder.location.store().set(Secret("two"), named: "b")
        let oldKeyText = try String(contentsOfFile: folder.file("vault.key"), encoding: .utf8)

        let rotation = try folder.location.rotateKey()
        #expect(rotation.entries == 2)
        #expect(rotation.keyFilePath == folder.file("vault.key"))
        #expect(try folder.mode("vault.key") == 0o600)
        #expect(!FileManager.default.fileExists(atPath: folder.file("vault.key.new")))
        let newKeyText = try String(contentsOfFile: folder.file("vault.key"), encoding: .utf8)
        #expect(newKeyText != oldKeyText)
        #expect(try folder.location.secret(named: "a").revealed == "one")
        #expect(try folder.location.secret(named: "b").revealed == "two")

        let old = VaultLocation(configDirectory: folder.path, environment: [VaultKey.environmentVariable: oldKeyText])
        #expect(throws: VaultError.wrongKey(vault: folder.file("secrets.vault"), keySource: old.keySource)) {
            try old.secret(named: "a")
        }
    }

    @Test("a key from ML_CONNECTOR_VAULT_KEY is not rotated in place; the message says how")
    func rotateEnvironmentKey() throws {
        let folder = try VaultTestFolder()
        _ = try folder.location.initialize()
        let keyText = try String(contentsOfFile: folder.file("vault.key"), encoding: .utf8)
        let location = VaultLocation(configDirectory: folder.path, environment: [VaultKey.environmentVariable: keyText])
        do {
            _ = try location.rotateKey()
            Issue.record("rotated a key that lives in the environment")
        } catch {
            #expect(error == .keyNotInFile(variable: VaultKey.environmentVariable))
            #expect(error.description.contains(VaultKey.fileEnvironmentVariable))
        }
        #expect(try String(contentsOfFile: folder.file("vault.key"), encoding: .utf8) == keyText)
    }

    @Test("a value read from a pipe loses exactly one trailing newline")
    func trailingNewline() {
        #expect(VaultSecretInput.trimmingOneNewline("s3cret\n") == "s3cret")
        #expect(VaultSecretInput.trimmingOneNewline("s3cret\r\n") == "s3cret")
        #expect(VaultSecretInput.trimmingOneNewline("s3cret\n\n") == "s3cret\n")
        #expect(VaultSecretInput.trimmingOneNewline(" s3cret ") == " s3cret ")
    }
}
