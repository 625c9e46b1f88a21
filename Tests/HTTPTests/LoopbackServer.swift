import Foundation
import Hummingbird
import Logging
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL
import Sandbox

/// A small Hummingbird server on 127.0.0.1 and a free port, for exercising the real client.
struct LoopbackServer: Sendable {
    let port: Int
    let task: Task<Void, Error>
    let scheme: String

    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    static func start(server: HTTPServerBuilder = .http1(), scheme: String = "http",
                      configure: @Sendable (Router<BasicRequestContext>) -> Void) async throws -> LoopbackServer {
        let router = Router()
        configure(router)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "loopback-test-server")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return LoopbackServer(port: port, task: task, scheme: scheme)
    }

    /// An HTTPS server with the generated server certificate; with
    /// `requireClientCertificate` it also demands a client certificate signed by the test CA.
    static func startTLS(certificates: TestCertificatePaths, requireClientCertificate: Bool) async throws -> LoopbackServer {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.serverCert.path).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.serverKey.path, format: .pem))
        )
        if requireClientCertificate {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .file(certificates.caCert.path)
        }
        return try await start(server: try .tls(.http1(), tlsConfiguration: tls), scheme: "https") { router in
            router.get("/hello") { _, _ in "hello over tls" }
        }
    }

    /// Routes used by the client tests: echo, fixed statuses, repeated headers, slow, big.
    static func echoServer() async throws -> LoopbackServer {
        try await start { router in
            router.on("/echo", method: .get) { request, _ in echo(request, body: "") }
            for method in [HTTPTypes.HTTPRequest.Method.post, .put, .patch, .delete] {
                router.on("/echo", method: method) { request, context in
                    let body = try await request.body.collect(upTo: 1 << 20)
                    return echo(request, body: String(buffer: body))
                }
            }
            router.get("/status/:code") { _, context -> Response in
                let code = Int(context.parameters.get("code") ?? "500") ?? 500
                var headers = HTTPFields()
                headers[.retryAfter] = "7"
                return Response(status: .init(code: code), headers: headers,
                                body: .init(byteBuffer: ByteBuffer(string: "status \(code)")))
            }
            router.get("/links") { _, _ -> Response in
                var headers = HTTPFields()
                headers.append(.init(name: .init("Link")!, value: "<http://x/?page=2>; rel=\"next\""))
                headers.append(.init(name: .init("Link")!, value: "<http://x/?page=9>; rel=\"last\""))
                headers.append(.init(name: .init("Total")!, value: "250"))
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "[]")))
            }
            router.get("/slow") { _, _ -> String in
                try await Task.sleep(for: .seconds(3))
                return "late"
            }
            router.get("/big") { _, _ -> Response in
                let chunk = String(repeating: "0123456789", count: 100_000)
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: chunk)))
            }
        }
    }

    static func echo(_ request: Request, body: String) -> Response {
        var object: [String: String] = ["method": request.method.rawValue, "body": body,
                                        "query": request.uri.query ?? ""]
        for field in request.headers { object["h-" + field.name.canonicalName] = field.value }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// A TCP listener that accepts connections and closes them without answering: a dropped
/// connection as a client sees it.
final class DroppingListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let thread: Thread

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw CancellationError() }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        let listener = fd
        thread = Thread {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { break }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)  // read the request, then hang up
                close(client)
            }
            // Closed here, by the only thread that uses it, once accept has failed: closing it
            // in stop() could let this loop accept on a number another test reuses.
            close(listener)
        }
        thread.start()
    }

    /// Stops accepting; the accept thread closes the socket.
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
    }
}

/// A minimal keep-alive HTTP/1.1 server that counts the TCP connections it accepts, so a
/// test can tell whether the client reused its connection. It answers every request with
/// `reply`, byte for byte (so a test can send header lines no framework would write).
final class ConnectionCountingServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let accepted = LockedCounter()

    var connections: Int { accepted.value }

    init(reply: [UInt8] = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw CancellationError() }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        let counter = accepted
        Thread {
            defer { close(fd) }  // see DroppingListener: only the accept thread closes it
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                counter.increment()
                Thread {
                    var pending = [UInt8]()
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let n = read(client, &buffer, buffer.count)
                        if n <= 0 { break }
                        pending.append(contentsOf: buffer[0..<n])
                        // Answer every complete request head (GET only: no bodies).
                        while let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                            pending.removeSubrange(0..<end.upperBound)
                            _ = reply.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                        }
                    }
                    close(client)
                }.start()
            }
        }.start()
    }

    /// Stops accepting; the accept thread closes the socket.
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
