import Foundation
import HTTP

/// An ``HTTPClient`` that keeps the URL of every request it sends through `base`.
public final class RecordingHTTPClient: HTTPClient, @unchecked Sendable {
    public let base: any HTTPClient
    private let lock = NSLock()
    private var urls: [String] = []

    public init(base: any HTTPClient) { self.base = base }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { urls.append(request.url) }
        return try await base.send(request)
    }

    /// Every URL sent so far, in order.
    public var requests: [String] { lock.withLock { urls } }
}
