/// A secret value (password, API key, client secret) that never prints itself.
///
/// `description`, `debugDescription`, string interpolation and `dump` all show `********`;
/// the clear value is reachable only through ``revealed``, which callers use at the last
/// moment (building the request that goes on the wire). The vault hands its entries out as
/// `Secret`s, and the Sage 100 clients take them.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The text shown wherever a secret would otherwise be printed.
    public static let mask = "********"

    private let value: String

    /// Wraps a clear-text secret.
    public init(_ value: String) {
        self.value = value
    }

    /// The clear value. Use only to put the secret on the wire, never to log or store it.
    public var revealed: String { value }

    /// True when the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { Self.mask }
    public var debugDescription: String { "Secret(\(Self.mask))" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
