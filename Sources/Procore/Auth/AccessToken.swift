import Foundation

/// An OAuth access token and when to replace it.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
    /// The bearer value. Never printed.
    public let value: String
    /// Unix seconds when the token was obtained (the local clock at request time).
    public let issuedAt: Double
    /// Lifetime in seconds (`expires_in`).
    public let expiresIn: Int
    /// Unix seconds after which a new token is requested: the renewal margin before expiry,
    /// but at most a tenth of the lifetime, so a pull gets one new token per expiry however
    /// short the tokens live (Procore's 90 minutes, or seconds in a sandbox).
    public let renewAt: Double

    public init(value: String, issuedAt: Double, expiresIn: Int, renewalMargin: Duration) {
        self.value = value
        self.issuedAt = issuedAt
        self.expiresIn = expiresIn
        let ttl = Double(max(expiresIn, 0))
        let margin = min(renewalMargin.seconds, ttl / 10)
        self.renewAt = issuedAt + ttl - margin
    }

    public var description: String { "AccessToken(<redacted>, expires_in: \(expiresIn))" }
}
