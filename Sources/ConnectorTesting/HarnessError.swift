import HTTP

/// What a harness call met instead of the answer it expects, with the answer itself.
public enum HarnessError: Error, CustomStringConvertible {
    case unexpected(request: String, HTTPResponse)
    case endlessPagination(String)
    case duplicate(id: Int64, resource: String)

    public var description: String {
        switch self {
        case .unexpected(let request, let response):
            return "\(request) answered \(response.status): \(String(decoding: response.body.prefix(2000), as: UTF8.self))"
        case .endlessPagination(let path):
            return "GET \(path): pagination did not end after 10,000 pages"
        case .duplicate(let id, let resource):
            return "\(resource) id \(id) was listed twice"
        }
    }
}
