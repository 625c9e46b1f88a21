import Foundation
import Hummingbird
import NIOCore
import Sage100

/// An error answer of the contract: `{"error":{"code","message","hint"}}` with a status.
struct SageSimFailure: Error {
    var status: HTTPResponse.Status
    var code: AgentErrorCode
    var message: String
    var hint: String?
    var headers: HTTPFields = [:]

    static func malformed(_ message: String, hint: String? = nil) -> SageSimFailure {
        SageSimFailure(status: .unprocessableContent, code: .malformed, message: message, hint: hint)
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let body = (try? AgentWire.makeEncoder().encode(AgentErrorBody(code: code, message: message, hint: hint))) ?? Data()
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

enum SageSimHTTP {
    static let locked = HTTPResponse.Status(code: 423, reasonPhrase: "Locked")

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let body = try AgentWire.makeEncoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func body(_ request: Request, limit: Int) async throws -> Data {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch {
            throw SageSimFailure(status: .contentTooLarge, code: .malformed,
                                 message: "The request body is larger than \(limit) bytes.",
                                 hint: "Send fewer records per import (at most \(AgentWire.maxRecordsPerImport)).")
        }
    }

    /// `limit` query parameter: default 100, 1...500.
    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return AgentWire.defaultPageLimit }
        guard let value = Int(text), (1...AgentWire.maxPageLimit).contains(value) else {
            throw SageSimFailure.malformed("The limit '\(text)' is not a whole number from 1 to \(AgentWire.maxPageLimit).")
        }
        return value
    }

    static func since(_ request: Request, name: String) throws -> SageUpdatedSince? {
        guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
        guard let value = SageUpdatedSince(query: text) else {
            throw SageSimFailure.malformed("The \(name) '\(text)' is not YYYYMMDD or YYYYMMDDTHH.hh.",
                                           hint: "Write e.g. 20261128 or 20261128T13.5 (13:30).")
        }
        return value
    }

    /// Describes a JSON decoding failure by path, e.g. "records[3].idempotency_key is missing".
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out.isEmpty ? "the body" : out
        }
        guard let error = error as? DecodingError else { return "The body is not valid JSON." }
        switch error {
        case .keyNotFound(let key, let context):
            let base = path(context.codingPath)
            return "\(base == "the body" ? "" : base + ".")\(key.stringValue) is missing."
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) has the wrong type (expected \(type))."
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null (expected \(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON." }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "The body is not valid JSON."
        }
    }
}

/// Turns thrown errors into the contract's JSON error answers.
struct SageSimErrorMiddleware: RouterMiddleware {
    typealias Context = SageSimRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as SageSimFailure {
            return failure.response
        } catch let error as HTTPError where error.status == .notFound {
            return SageSimFailure(status: .notFound, code: .notFound, message: "No such endpoint: \(request.method) \(request.uri.path).",
                                  hint: "See docs/agent-api.yaml for the paths under /v1.").response
        } catch let error as HTTPError {
            return SageSimFailure(status: error.status, code: .malformed, message: "\(error.status.reasonPhrase) (\(request.uri.path)).").response
        } catch {
            context.logger.error("agent simulator failed: \(error)")
            return SageSimFailure(status: .internalServerError, code: .internalError,
                                  message: "The agent failed while handling \(request.method) \(request.uri.path).",
                                  hint: "If this was an import, its outcome is unknown: ask /postings for each idempotency key before resending.").response
        }
    }
}

/// `Authorization: Bearer <key>` on /v1 routes when an API key is configured.
struct SageSimAuthMiddleware: RouterMiddleware {
    typealias Context = SageSimRequestContext
    let apiKey: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let apiKey, request.uri.path.hasPrefix("/v1") else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer ") else {
            throw SageSimFailure(status: .unauthorized, code: .unauthorized,
                                 message: "No API key: the request has no 'Authorization: Bearer' header.",
                                 hint: "Configure the agent API key for this company.",
                                 headers: [.wwwAuthenticate: "Bearer realm=\"sage-agent\""])
        }
        guard SageSimAuthMiddleware.constantTimeEqual(Array(header.dropFirst(7).utf8), Array(apiKey.utf8)) else {
            throw SageSimFailure(status: .unauthorized, code: .unauthorized,
                                 message: "The API key is not valid for this agent.",
                                 hint: "Check the API key configured for the agent (it is shown when the agent is installed).",
                                 headers: [.wwwAuthenticate: "Bearer realm=\"sage-agent\", error=\"invalid_token\""])
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return diff == 0
    }
}

/// Plays ``SageAgentSimulatorConfiguration/hostile``: the body modes answer every `/v1`
/// request without touching Sage, the SOAP modes answer eBusiness calls.
struct SageSimHostileMiddleware: RouterMiddleware {
    typealias Context = SageSimRequestContext
    let hostile: HostileAnswer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/v1") else { return try await next(request, context) }
        if let body = hostile.jsonBody() {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
        }
        if let soap = hostile.soapBody(), request.uri.path.hasSuffix("/ebusiness") {
            return Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: soap)))
        }
        return try await next(request, context)
    }
}
