import Hummingbird
import NIOCore
import Synchronization

/// Keeps the open client connections so ``SageAgentSimulator/stop()`` can close idle
/// keep-alive connections at once instead of waiting for clients to hang up.
final class SageSimConnections: Sendable {
    private struct Entry {
        var channel: any Channel
        var inFlight: Int
    }
    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    func begin(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let isNew = entries.withLock { e -> Bool in
            if e[id] != nil {
                e[id]!.inFlight += 1
                return false
            }
            e[id] = Entry(channel: channel, inFlight: 1)
            return true
        }
        if isNew {
            channel.closeFuture.whenComplete { [weak self] _ in
                _ = self?.entries.withLock { $0.removeValue(forKey: id) }
            }
        }
    }

    func end(_ channel: any Channel) {
        entries.withLock { e in
            let id = ObjectIdentifier(channel)
            if e[id] != nil { e[id]!.inFlight = max(0, e[id]!.inFlight - 1) }
        }
    }

    /// Closes every connection with no request in progress.
    func closeIdle() {
        let idle = entries.withLock { e in e.values.filter { $0.inFlight == 0 }.map(\.channel) }
        for channel in idle { channel.close(promise: nil) }
    }
}

/// Counts requests per connection for ``SageSimConnections``.
struct SageSimConnectionMiddleware: RouterMiddleware {
    typealias Context = SageSimRequestContext
    let connections: SageSimConnections

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        connections.begin(context.channel)
        defer { connections.end(context.channel) }
        return try await next(request, context)
    }
}
