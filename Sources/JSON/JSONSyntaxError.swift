/// Malformed JSON: where (byte offset, and element index when splitting an array) and why.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the body where the problem was found.
    public var offset: Int
    /// Index of the array element being read, when splitting a list body.
    public var element: Int?
    /// What is wrong, e.g. `unterminated string`.
    public var reason: String

    public init(offset: Int, element: Int? = nil, reason: String) {
        self.offset = offset
        self.element = element
        self.reason = reason
    }

    public var description: String {
        if let element { return "malformed JSON in element \(element) at byte \(offset): \(reason)" }
        return "malformed JSON at byte \(offset): \(reason)"
    }
}
