import CCurl
import Foundation
import Synchronization

/// The real ``HTTPClient``: libcurl underneath, an async API on top.
///
/// - TLS verification is on unless ``HTTPClientConfiguration/verifyTLS`` is false.
/// - Connections are reused: finished easy handles go back to a pool and keep their
///   connection cache, so consecutive requests to one host share a TCP/TLS connection.
/// - At most ``HTTPClientConfiguration/maxConcurrentRequests`` transfers run at once;
///   each runs on a thread of its own, never on the cooperative thread pool.
/// - Cancelling the calling task aborts the transfer with ``HTTPError/cancelled(url:)``.
public final class CurlHTTPClient: HTTPClient {
    public let configuration: HTTPClientConfiguration
    private let pool: CurlHandlePool
    private let permits: AsyncSemaphore

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        CurlGlobal.initialize()
        self.configuration = configuration
        self.pool = CurlHandlePool(capacity: max(1, configuration.maxConcurrentRequests))
        self.permits = AsyncSemaphore(limit: configuration.maxConcurrentRequests)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            throw HTTPError.invalidURL(request.url)
        }
        await permits.acquire()
        do {
            let response = try await perform(request)
            await permits.release()
            return response
        } catch {
            await permits.release()
            throw error
        }
    }

    private func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let transfer = CurlTransfer(request: request, configuration: configuration)
        let pool = self.pool
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, Error>) in
                // A thread of its own: libcurl blocks, and a GCD queue would cap the number of
                // blocked transfers at the core count.
                let thread = Thread {
                    let handle = pool.take()
                    let result = transfer.perform(on: handle.raw)
                    pool.giveBack(handle)
                    continuation.resume(with: result)
                }
                thread.name = "ml-connector.http"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }
}

/// libcurl's process-wide initialisation, done once.
enum CurlGlobal {
    private static let once: Void = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }()
    static func initialize() { _ = once }
}

/// A libcurl easy handle; used by one transfer at a time.
struct CurlHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Reusable easy handles. A handle keeps its connection cache across `curl_easy_reset`.
final class CurlHandlePool: Sendable {
    private let handles: Mutex<[CurlHandle]>
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        self.handles = Mutex([])
    }

    func take() -> CurlHandle {
        if let handle = handles.withLock({ $0.popLast() }) { return handle }
        return CurlHandle(raw: curl_easy_init())
    }

    func giveBack(_ handle: CurlHandle) {
        let kept = handles.withLock { list -> Bool in
            guard list.count < capacity else { return false }
            list.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle.raw) }
    }

    deinit {
        for handle in handles.withLock({ $0 }) { curl_easy_cleanup(handle.raw) }
    }
}

