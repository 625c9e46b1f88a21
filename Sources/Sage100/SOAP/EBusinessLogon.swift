/// The password written into an envelope: the real one (only for the request on the wire)
/// or the `********` placeholder (for envelopes stored on disk or logged).
public enum EBusinessPassword: Sendable, Equatable, CustomStringConvertible {
    case redacted
    case secret(Secret)

    /// The text placed in `<Password>`.
    var wireText: String {
        switch self {
        case .redacted: Secret.mask
        case .secret(let secret): secret.revealed
        }
    }

    public var description: String { Secret.mask }
}

/// `logon{Username, Password}` carried by every eBusiness operation.
public struct EBusinessLogon: Sendable, Equatable, CustomStringConvertible {
    public var username: String
    public var password: EBusinessPassword

    public init(username: String, password: EBusinessPassword) {
        self.username = username
        self.password = password
    }

    /// True when the logon carries exactly this user and password (a redacted password never
    /// matches). Used by the agent simulator to decide on a logon failure.
    public func matches(username expectedUser: String, password expected: Secret) -> Bool {
        guard case .secret(let given) = password else { return false }
        // Compare without short-circuiting on the first differing byte.
        let a = Array(given.revealed.utf8), b = Array(expected.revealed.utf8)
        var difference = a.count ^ b.count
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= Int(x ^ y)
        }
        return difference == 0 && username.lowercased() == expectedUser.lowercased()
    }

    public var description: String { "logon(\(username), \(Secret.mask))" }
}
