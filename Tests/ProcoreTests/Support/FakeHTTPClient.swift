import Foundation
import HTTP
import Synchronization

/// An in-memory HTTP client for fast unit tests: answers with a handler and records requests.
final class FakeHTTPClient: HTTPClient {
    typealias Handler = @Sendable (HTTPRequest, Int) async throws -> HTTPResponse
    private let handler: Handler
    private let log = Mutex<[HTTPRequest]>([])

    /// - Parameter handler: gets the request and its 0-based index among all requests.
    init(_ handler: @escaping Handler) { self.handler = handler }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = log.withLock { $0.append(request); return $0.count - 1 }
        return try await handler(request, index)
    }

    var requests: [HTTPRequest] { log.withLock { $0 } }
    var apiRequests: [HTTPRequest] { requests.filter { !$0.url.contains("/oauth/") } }
    var tokenRequests: [HTTPRequest] { requests.filter { $0.url.contains("/oauth/token") } }

    static func json(_ status: Int, _ body: String, _ headers: HTTPHeaders = [:]) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    static func token(_ value: String, expiresIn: Int = 5400) -> HTTPResponse {
        json(200, #"{"access_token":"\#(value)","token_type":"bearer","expires_in":\#(expiresIn),"created_at":1767225600}"#)
    }
}
