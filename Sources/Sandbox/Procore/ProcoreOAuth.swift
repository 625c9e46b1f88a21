import Foundation

/// Reads OAuth client credentials from any of the four ways real clients send them:
/// form fields, multipart/form-data fields, a JSON body, or HTTP Basic authentication.
enum ProcoreOAuth {
    struct Credentials: Equatable {
        var grantType: String?
        var clientID: String?
        var clientSecret: String?
        var token: String?
    }

    static func credentials(contentType: String?, authorization: String?, body: [UInt8], query: ProcoreQuery) -> Credentials {
        var fields: [String: String] = [:]
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("application/json") {
            if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
                for (k, v) in object {
                    if let s = v as? String { fields[k] = s } else if let n = v as? NSNumber { fields[k] = n.stringValue }
                }
            }
        } else if type.hasPrefix("multipart/form-data"), let boundary = boundary(contentType ?? "") {
            fields = multipart(body, boundary: boundary)
        } else {
            for (k, v) in ProcoreQuery(String(decoding: body, as: UTF8.self)).pairs where fields[k] == nil { fields[k] = v }
        }
        for (k, v) in query.pairs where fields[k] == nil { fields[k] = v }
        var c = Credentials(grantType: fields["grant_type"], clientID: fields["client_id"],
                            clientSecret: fields["client_secret"], token: fields["token"])
        if let basic = basicAuth(authorization) {
            c.clientID = c.clientID ?? basic.id
            c.clientSecret = c.clientSecret ?? basic.secret
        }
        return c
    }

    /// `Authorization: Basic base64(urlencoded id ":" urlencoded secret)` (RFC 6749 2.3.1).
    static func basicAuth(_ header: String?) -> (id: String, secret: String)? {
        guard let header, header.lowercased().hasPrefix("basic ") else { return nil }
        let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        return (ProcoreQuery.decode(String(text[..<colon])), ProcoreQuery.decode(String(text[text.index(after: colon)...])))
    }

    static func boundary(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.lowercased().hasPrefix("boundary=") {
                var b = String(p.dropFirst("boundary=".count))
                if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
                return b
            }
        }
        return nil
    }

    /// The text fields of a multipart/form-data body.
    static func multipart(_ body: [UInt8], boundary: String) -> [String: String] {
        let text = String(decoding: body, as: UTF8.self)
        var out: [String: String] = [:]
        for part in text.components(separatedBy: "--" + boundary) {
            guard let split = part.range(of: "\r\n\r\n") ?? part.range(of: "\n\n") else { continue }
            let head = part[..<split.lowerBound]
            var value = String(part[split.upperBound...])
            // the line break before the next boundary belongs to the delimiter ("\r\n" is one Character)
            if value.hasSuffix("\r\n") || value.hasSuffix("\n") { value.removeLast() }
            guard let nameRange = head.range(of: "name=\"") else { continue }
            let rest = head[nameRange.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { continue }
            out[String(rest[..<end])] = value
        }
        return out
    }

    /// Constant-time comparison so timing does not reveal how much of a secret matched.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return diff == 0
    }
}
