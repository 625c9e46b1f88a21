/// A secret read from the vault. It never prints itself.
///
/// `description`, `debugDescription`, string interpolation and `dump` all show `********`;
/// the clear value is reachable only through ``revealed``.
public struct VaultSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The text shown wherever a secret would otherwise be printed.
    public static let mask = "********"

    private let value: String

    /// Wraps a clear-text secret.
    public init(_ value: String) {
        self.value = value
    }

    /// The clear value. Use only to hand the secret to the client that sends it.
    public var revealed: String { value }

    /// True when the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { Self.mask }
    public var debugDescription: String { "VaultSecret(\(Self.mask))" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
