import Foundation

/// An ``HTTPClient`` that keeps every request it sends through `base`: tests count and read
/// them; `bench pull` replays them as its bare request loop.
public final class RecordingHTTPClient: HTTPClient, @unchecked Sendable {
    public let base: any HTTPClient
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []

    public init(base: any HTTPClient) { self.base = base }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { sent.append(request) }
        return try await base.send(request)
    }

    /// Every URL sent so far, in order.
    public var requests: [String] { lock.withLock { sent.map(\.url) } }

    /// Every request sent so far, in order (headers included: keep them in memory only).
    public var sentRequests: [HTTPRequest] { lock.withLock { sent } }
}
