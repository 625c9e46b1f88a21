import Foundation
import HTTP

/// The pull's floor: the same requests the pull made (recorded), sent again by a bare loop
/// with the same number in flight through the same HTTP client, each body received and
/// dropped. Nothing is parsed, staged or stored.
public struct BareRequestLoop: Sendable {
    public var requests: Int
    public var seconds: Double
    /// Answers that were not 2xx (a rate limit shows here).
    public var notOK: Int

    public var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

    public static func run(_ requests: [HTTPRequest], concurrency: Int) async throws -> BareRequestLoop {
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(maxConcurrentRequests: concurrency))
        let clock = ContinuousClock()
        let start = clock.now
        let notOK = try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0
            var failures = 0
            func launch() {
                let request = requests[next]
                next += 1
                group.addTask {
                    let response = try await client.send(request)
                    return (200..<300).contains(response.status) ? 0 : 1
                }
            }
            while next < requests.count, next < max(1, concurrency) { launch() }
            while let failed = try await group.next() {
                failures += failed
                if next < requests.count { launch() }
            }
            return failures
        }
        let elapsed = clock.now - start
        return BareRequestLoop(requests: requests.count,
                               seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                               notOK: notOK)
    }
}
