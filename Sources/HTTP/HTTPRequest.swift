import Foundation

/// An HTTP method.
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
    public var description: String { rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
}

/// One HTTP request.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// Absolute URL, e.g. `https://api.procore.com/rest/v1.0/companies`.
    public var url: String
    public var headers: HTTPHeaders
    public var body: Data?
    /// Overrides the client's total timeout for this request.
    public var timeout: Duration?

    public init(method: HTTPMethod = .get, url: String, headers: HTTPHeaders = HTTPHeaders(),
                body: Data? = nil, timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// One HTTP response, body fully read.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    /// The URL that answered (after redirects, if followed).
    public var url: String

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data(), url: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// The body as UTF-8 text (lossy).
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
