import Foundation
import Procore
import Vault
#if canImport(Glibc)
import Glibc
#endif

/// The Procore access token kept in the configuration's vault (entry `procore-access-token`,
/// sealed like every secret), so every process of one installation uses one token per expiry.
/// Renewals take an exclusive `flock` on `<vault>.token.lock`: a process that waited for it
/// finds the token the other one stored. A vault that cannot be read or written only costs a
/// token request; nothing fails because of it.
public struct VaultTokenStore: AccessTokenStore {
    public static let entryName = "procore-access-token"
    public let location: VaultLocation

    public init(location: VaultLocation) {
        self.location = location
    }

    /// The store of the vault next to the configuration, when that vault exists and its key opens it.
    public static func available(_ location: VaultLocation) -> VaultTokenStore? {
        guard FileManager.default.fileExists(atPath: location.vaultPath), (try? location.store().names()) != nil else { return nil }
        return VaultTokenStore(location: location)
    }

    public func load() async -> StoredAccessToken? {
        // One read of the vault: a missing entry is simply no token.
        guard let secret = try? location.store().secret(named: Self.entryName) else { return nil }
        return try? JSONDecoder().decode(StoredAccessToken.self, from: Data(secret.revealed.utf8))
    }

    public func save(_ token: StoredAccessToken) async {
        guard let store = try? location.store(), let data = try? JSONEncoder().encode(token) else { return }
        try? store.set(Secret(String(decoding: data, as: UTF8.self)), named: Self.entryName)
    }

    public func clear(ifValue value: String) async {
        guard let stored = await load(), stored.value == value, let store = try? location.store() else { return }
        _ = try? store.remove(named: Self.entryName)
    }

    public func whileRenewing<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let path = location.vaultPath + ".token.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return try await body() }
        defer { close(fd) }
        // Waits (without holding a thread) for another process's renewal, at most a minute.
        var waited = Duration.zero
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard waited < .seconds(60) else { return try await body() }
            try await Task.sleep(for: .milliseconds(25))
            waited += .milliseconds(25)
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }
}
