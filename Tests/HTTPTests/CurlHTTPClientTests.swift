import Foundation
import HTTP
import Testing

@Suite("CurlHTTPClient over loopback")
struct CurlHTTPClientTests {
    func decode(_ response: HTTPResponse) throws -> [String: String] {
        try #require(JSONSerialization.jsonObject(with: response.body) as? [String: String])
    }

    @Test("every method carries its headers and body")
    func methodsHeadersBodies() async throws {
        let server = try await LoopbackServer.echoServer()
        defer { Task { await server.stop() } }
        let client = CurlHTTPClient()
        for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
            let body = method == .get ? nil : Data("payload-\(method)".utf8)
            var headers: HTTPHeaders = ["X-Trace": "abc", "Content-Type": "text/plain"]
            headers.add("Procore-Company-Id", "42")
            let response = try await client.send(HTTPRequest(method: method, url: server.baseURL + "/echo?a=1&b=%20",
                                                             headers: headers, body: body))
            #expect(response.status == 200)
            let echoed = try decode(response)
            #expect(echoed["method"] == method.rawValue)
            #expect(echoed["body"] == (body.map { String(decoding: $0, as: UTF8.self) } ?? ""))
            #expect(echoed["h-x-trace"] == "abc")
            #expect(echoed["h-procore-company-id"] == "42")
            #expect(echoed["query"] == "a=1&b=%20")
            #expect(echoed["h-expect"] == nil)
        }
    }

    @Test("non-2xx statuses are responses with headers, not errors")
    func statusesAreResponses() async throws {
        let server = try await LoopbackServer.echoServer()
        defer { Task { await server.stop() } }
        let client = CurlHTTPClient()
        for code in [201, 404, 429, 503] {
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/status/\(code)"))
            #expect(response.status == code)
            #expect(response.headers["retry-after"] == "7")
            #expect(response.text == "status \(code)")
            #expect(response.isSuccess == (code < 300))
        }
    }

    @Test("repeated response headers are all kept, in order")
    func repeatedHeaders() async throws {
        let server = try await LoopbackServer.echoServer()
        defer { Task { await server.stop() } }
        let response = try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL + "/links"))
        let links = response.headers.all("link")
        #expect(links.count == 2)
        #expect(links.first?.contains("rel=\"next\"") == true)
        #expect(response.headers["TOTAL"] == "250")
    }

    @Test("header lines are read as HTTP writes them: any letter case, spaces and tabs around values, an interim status line dropped")
    func headerLinesAsWritten() async throws {
        let reply = "HTTP/1.1 100 Continue\r\nX-Interim: dropped\r\n\r\n"
            + "HTTP/1.1 200 OK\r\ncontent-LENGTH: 5\r\nX-Spaced:   two  words \t\r\nX-Empty:\r\n"
            + "Link: <http://x/?page=2>; rel=\"next\"\r\nX-Caf\u{E9}: cr\u{E8}me\r\n\r\nhello"
        let server = try ConnectionCountingServer(reply: Array(reply.utf8))
        defer { server.stop() }
        let response = try await CurlHTTPClient().send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(server.port)/h"))
        #expect(response.status == 200)
        #expect(response.body == Data("hello".utf8))
        #expect(response.headers["Content-Length"] == "5")
        #expect(response.headers["x-spaced"] == "two  words")
        #expect(response.headers["X-Empty"] == "")
        #expect(response.headers["link"] == "<http://x/?page=2>; rel=\"next\"")
        #expect(response.headers["X-Caf\u{E9}"] == "cr\u{E8}me")
        #expect(response.headers["X-Interim"] == nil)
    }

    @Test("large bodies arrive whole")
    func largeBody() async throws {
        let server = try await LoopbackServer.echoServer()
        defer { Task { await server.stop() } }
        let response = try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL + "/big"))
        #expect(response.body.count == 1_000_000)
    }

    @Test("the total timeout turns into timedOut, whose outcome is unknown")
    func timeout() async throws {
        let server = try await LoopbackServer.echoServer()
        defer { Task { await server.stop() } }
        let client = CurlHTTPClient(configuration: .init(timeout: .milliseconds(300)))
        let error = await #expect(throws: HTTPError.self) {
            _ = try await client.send(HTTPRequest(url: server.baseURL + "/slow"))
        }
        #expect(error == .timedOut(url: server.baseURL + "/slow"))
        #expect(error?.outcomeUnknown == true)
    }

    @Test("a refused connection is connectFailed, and safe to retry")
    func connectionRefused() async throws {
        let listener = try DroppingListener()
        let port = listener.port
        listener.stop()
        let error = await #expect(throws: HTTPError.self) {
            _ = try await CurlHTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        }
        guard case .connectFailed = error else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.outcomeUnknown == false)
    }

    @Test("a connection dropped without an answer is connectionLost, outcome unknown")
    func droppedConnection() async throws {
        let listener = try DroppingListener()
        defer { listener.stop() }
        let error = await #expect(throws: HTTPError.self) {
            _ = try await CurlHTTPClient().send(HTTPRequest(method: .post, url: "http://127.0.0.1:\(listener.port)/x",
                                                            body: Data("{}".utf8)))
        }
        guard case .connectionLost = error else {
            Issue.record("expected connectionLost, got \(String(describing: error))")
            return
        }
        #expect(error?.outcomeUnknown == true)
    }

    @Test("cancelling the task aborts the transfer")
    func cancellation() async throws {
        let server = try await LoopbackServer.echoServer()
        defer { Task { await server.stop() } }
        let client = CurlHTTPClient()
        let url = server.baseURL + "/slow"
        let task = Task { try await client.send(HTTPRequest(url: url)) }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - started < .seconds(2))
        guard case .failure(let error) = result, let http = error as? HTTPError else {
            Issue.record("expected a cancellation error, got \(result)")
            return
        }
        #expect(http == .cancelled(url: url))
    }

    @Test("concurrent requests share the bounded pool and all complete")
    func concurrency() async throws {
        let server = try await LoopbackServer.echoServer()
        defer { Task { await server.stop() } }
        let client = CurlHTTPClient(configuration: .init(maxConcurrentRequests: 3))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<40 {
                group.addTask {
                    try await client.send(HTTPRequest(url: server.baseURL + "/echo?i=\(i)")).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 40)
        #expect(statuses.allSatisfy { $0 == 200 })
    }

    @Test("a URL without http or https is refused before any I/O")
    func invalidURL() async throws {
        await #expect(throws: HTTPError.invalidURL("ftp://example/x")) {
            _ = try await CurlHTTPClient().send(HTTPRequest(url: "ftp://example/x"))
        }
    }

    @Test("sequential requests reuse one connection")
    func connectionReuse() async throws {
        let server = try ConnectionCountingServer()
        defer { server.stop() }
        let client = CurlHTTPClient(configuration: .init(maxConcurrentRequests: 1))
        for _ in 0..<5 {
            let response = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/r"))
            #expect(response.text == "ok")
        }
        #expect(server.connections == 1)
    }
}
