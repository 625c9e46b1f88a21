/// A secret value (password, API key) that never prints itself.
///
/// `description`, `debugDescription`, string interpolation and `dump` all show
/// `********`; the clear value is reachable only through `revealed`, which callers use
/// at the last moment (building the request that goes on the wire).
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
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

    public var description: String { Secret.mask }
    public var debugDescription: String { "Secret(\(Secret.mask))" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
