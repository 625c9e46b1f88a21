import CCurl
import Foundation
import Synchronization

/// One request's state while libcurl runs it. Touched by one curl thread at a time; the
/// cancellation flag is atomic so any thread may set it.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let configuration: HTTPClientConfiguration
    private let cancelled = Atomic<Bool>(false)
    private var body = Data()
    private var headers = HTTPHeaders()

    init(request: HTTPRequest, configuration: HTTPClientConfiguration) {
        self.request = request
        self.configuration = configuration
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Set when the body passed ``HTTPClientConfiguration/maxResponseBytes``: the transfer
    /// is aborted and reported as ``HTTPError/responseTooLarge(url:limit:)``.
    private var tooLarge = false

    /// Keeps `count` bytes of body; false (abort the transfer) once the body would pass the limit.
    fileprivate func appendBody(_ pointer: UnsafeRawPointer, _ count: Int) -> Bool {
        guard body.count + count <= configuration.maxResponseBytes else {
            tooLarge = true
            return false
        }
        body.append(pointer.assumingMemoryBound(to: UInt8.self), count: count)
        return true
    }

    /// One header line as curl hands it over (`Name: value` with its CRLF, or a status line).
    /// Read on its bytes: only HTTP's own whitespace (space, tab, CR, LF) is trimmed, and no
    /// Foundation string call runs for each of the many lines a pull receives.
    fileprivate func headerLine(_ line: UnsafeRawBufferPointer) {
        let bytes = line.bindMemory(to: UInt8.self)
        var start = bytes.startIndex, end = bytes.endIndex
        Self.trim(bytes, &start, &end)
        let statusPrefix: [UInt8] = Array("HTTP/".utf8)
        if end - start >= statusPrefix.count, statusPrefix.indices.allSatisfy({ bytes[start + $0] == statusPrefix[$0] }) {
            // A new status line (100-continue, redirect): only the last response's headers count.
            headers = HTTPHeaders()
            return
        }
        guard let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        var nameStart = start, nameEnd = colon
        Self.trim(bytes, &nameStart, &nameEnd)
        var valueStart = colon + 1, valueEnd = end
        Self.trim(bytes, &valueStart, &valueEnd)
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
        let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
        headers.add(name, value)
        // Size the body once up front: growing it by doubling holds up to three times a big
        // body while it is copied.
        if request.method.rawValue != "HEAD", body.isEmpty, Self.isContentLength(bytes[nameStart..<nameEnd]),
           let length = Int(value), length > 0, length <= min(Self.reserveLimit, configuration.maxResponseBytes) {
            body.reserveCapacity(length)
        }
    }

    /// Moves `start` and `end` inward past spaces, tabs, CRs and LFs.
    private static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ start: inout Int, _ end: inout Int) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
    }

    /// `Content-Length`, in any letter case.
    private static func isContentLength(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let expected = Array("content-length".utf8)
        guard name.count == expected.count else { return false }
        return zip(name, expected).allSatisfy { byte, lower in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 == lower : byte == lower
        }
    }

    /// The largest announced body reserved up front (bigger ones grow as they arrive).
    private static let reserveLimit = 64 << 20

    /// Runs the transfer on `handle` (blocking) and builds the response or the error.
    func perform(on handle: UnsafeMutableRawPointer) -> Result<HTTPResponse, Error> {
        if isCancelled { return .failure(HTTPError.cancelled(url: request.url)) }
        curl_easy_reset(handle)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        let setupError: String? = errorBuffer.withUnsafeMutableBufferPointer { buffer -> String? in
            configure(handle, context: context, errorBuffer: buffer.baseAddress!, headerList: &headerList)
        }
        if let setupError { return .failure(HTTPError.transport(url: request.url, code: -1, reason: setupError)) }

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            _ = mlc_setopt_ptr(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            let result = request.body.map { body in
                body.withUnsafeBytes { raw -> CURLcode in
                    _ = mlc_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(raw.count))
                    _ = mlc_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS,
                                       UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
                    return curl_easy_perform(handle)
                }
            } ?? curl_easy_perform(handle)
            _ = mlc_setopt_ptr(handle, CURLOPT_ERRORBUFFER, nil)
            return result
        }
        if tooLarge {
            return .failure(HTTPError.responseTooLarge(url: request.url, limit: configuration.maxResponseBytes))
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failure(CurlTransfer.mapError(code, url: request.url, reason: reason, cancelled: isCancelled))
        }
        var status = 0
        _ = mlc_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>? = nil
        _ = mlc_getinfo_str(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let url = effective.map { String(cString: $0) } ?? request.url
        return .success(HTTPResponse(status: status, headers: headers, body: body, url: url))
    }

    /// Sets every option for this request. Returns a message when an option is refused.
    private func configure(_ h: UnsafeMutableRawPointer, context: UnsafeMutableRawPointer,
                           errorBuffer: UnsafeMutablePointer<CChar>,
                           headerList: inout UnsafeMutablePointer<curl_slist>?) -> String? {
        var failures: [String] = []
        func check(_ code: CURLcode, _ what: String) {
            if code != CURLE_OK { failures.append("\(what): \(String(cString: curl_easy_strerror(code)))") }
        }
        check(mlc_setopt_str(h, CURLOPT_URL, request.url), "URL")
        check(mlc_setopt_long(h, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        check(mlc_setopt_long(h, CURLOPT_TCP_NODELAY, 1), "TCP_NODELAY")
        check(mlc_setopt_str(h, CURLOPT_PROTOCOLS_STR, "http,https"), "PROTOCOLS")
        check(mlc_setopt_str(h, CURLOPT_USERAGENT, configuration.userAgent), "USERAGENT")
        check(mlc_setopt_str(h, CURLOPT_ACCEPT_ENCODING, ""), "ACCEPT_ENCODING")
        check(mlc_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, CurlTransfer.milliseconds(configuration.connectTimeout)), "CONNECTTIMEOUT")
        // An announced body over the limit is refused before it is read.
        check(mlc_setopt_off(h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes)), "MAXFILESIZE")
        check(mlc_setopt_long(h, CURLOPT_TIMEOUT_MS, CurlTransfer.milliseconds(request.timeout ?? configuration.timeout)), "TIMEOUT")
        check(mlc_setopt_long(h, CURLOPT_FOLLOWLOCATION, configuration.followRedirects ? 1 : 0), "FOLLOWLOCATION")
        check(mlc_setopt_long(h, CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0), "SSL_VERIFYPEER")
        check(mlc_setopt_long(h, CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0), "SSL_VERIFYHOST")
        if let ca = configuration.caBundlePath { check(mlc_setopt_str(h, CURLOPT_CAINFO, ca), "CAINFO") }
        if let cert = configuration.clientCertificatePath { check(mlc_setopt_str(h, CURLOPT_SSLCERT, cert), "SSLCERT") }
        if let key = configuration.clientKeyPath { check(mlc_setopt_str(h, CURLOPT_SSLKEY, key), "SSLKEY") }

        switch request.method {
        case .get: check(mlc_setopt_long(h, CURLOPT_HTTPGET, 1), "HTTPGET")
        case .head: check(mlc_setopt_long(h, CURLOPT_NOBODY, 1), "NOBODY")
        case .post: check(mlc_setopt_long(h, CURLOPT_POST, 1), "POST")
        default:
            if request.body != nil { check(mlc_setopt_long(h, CURLOPT_POST, 1), "POST") }
            check(mlc_setopt_str(h, CURLOPT_CUSTOMREQUEST, request.method.rawValue), "CUSTOMREQUEST")
        }
        if request.method == .post, request.body == nil {
            check(mlc_setopt_off(h, CURLOPT_POSTFIELDSIZE_LARGE, 0), "POSTFIELDSIZE")
            check(mlc_setopt_str(h, CURLOPT_COPYPOSTFIELDS, ""), "COPYPOSTFIELDS")
        }

        // No "Expect: 100-continue" round trip; no default Content-Type for bodies unless given.
        headerList = curl_slist_append(headerList, "Expect:")
        if request.body != nil, request.headers["Content-Type"] == nil {
            headerList = curl_slist_append(headerList, "Content-Type:")
        }
        for field in request.headers {
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            headerList = curl_slist_append(headerList, line)
        }
        check(mlc_setopt_slist(h, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")

        check(mlc_setopt_write_fn(h, { pointer, size, count, userdata in
            guard let pointer, let userdata else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.appendBody(pointer, size * count) ? size * count : 0
        }), "WRITEFUNCTION")
        check(mlc_setopt_ptr(h, CURLOPT_WRITEDATA, context), "WRITEDATA")
        check(mlc_setopt_header_fn(h, { pointer, size, count, userdata in
            guard let pointer, let userdata else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: pointer, count: size * count)
            transfer.headerLine(bytes)
            return size * count
        }), "HEADERFUNCTION")
        check(mlc_setopt_ptr(h, CURLOPT_HEADERDATA, context), "HEADERDATA")
        check(mlc_setopt_long(h, CURLOPT_NOPROGRESS, 0), "NOPROGRESS")
        check(mlc_setopt_xferinfo_fn(h, { userdata, _, _, _, _ in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.isCancelled ? 1 : 0
        }), "XFERINFOFUNCTION")
        check(mlc_setopt_ptr(h, CURLOPT_XFERINFODATA, context), "XFERINFODATA")
        return failures.isEmpty ? nil : failures.joined(separator: "; ")
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Maps a libcurl failure to an ``HTTPError`` a caller can act on.
    static func mapError(_ code: CURLcode, url: String, reason: String, cancelled: Bool) -> HTTPError {
        if cancelled || code == CURLE_ABORTED_BY_CALLBACK { return .cancelled(url: url) }
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectFailed(url: url, reason: reason)
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(url: url, limit: nil)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_USE_SSL_FAILED:
            return .tls(url: url, reason: reason)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE,
             CURLE_HTTP2, CURLE_HTTP2_STREAM:
            let lower = reason.lowercased()
            if lower.contains("alert") || lower.contains("ssl") || lower.contains("certificate") {
                return .tls(url: url, reason: reason)
            }
            return .connectionLost(url: url, reason: reason)
        default:
            return .transport(url: url, code: Int(code.rawValue), reason: reason)
        }
    }
}
