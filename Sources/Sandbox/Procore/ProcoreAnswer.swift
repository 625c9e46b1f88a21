/// One HTTP answer of the sandbox, independent of the server framework.
struct ProcoreAnswer: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    static func json(_ status: Int, _ body: [UInt8], headers: [(String, String)] = []) -> ProcoreAnswer {
        ProcoreAnswer(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: body)
    }

    /// `{"errors": message}`, the shape of Procore's API errors.
    static func error(_ status: Int, _ message: String, headers: [(String, String)] = []) -> ProcoreAnswer {
        var w = ProcoreJSONWriter(capacity: 128)
        w.beginObject(); w.string("errors", message); w.endObject()
        return .json(status, w.bytes, headers: headers)
    }

    /// `{"error": code, "error_description": text}`, the shape of OAuth errors.
    static func oauthError(_ status: Int, _ code: String, _ description: String, headers: [(String, String)] = []) -> ProcoreAnswer {
        var w = ProcoreJSONWriter(capacity: 128)
        w.beginObject(); w.string("error", code); w.string("error_description", description); w.endObject()
        return .json(status, w.bytes, headers: headers)
    }
}
