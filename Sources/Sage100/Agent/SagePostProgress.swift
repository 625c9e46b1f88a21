/// Counts so far during a post.
public struct SagePostProgress: Sendable, Equatable {
    public var total: Int
    public var posted: Int
    public var duplicate: Int
    public var rejected: Int
    /// Records waiting to be resent (locked or lost and not found).
    public var pending: Int

    public init(total: Int, posted: Int, duplicate: Int, rejected: Int, pending: Int) {
        self.total = total
        self.posted = posted
        self.duplicate = duplicate
        self.rejected = rejected
        self.pending = pending
    }

    /// Records with a final status.
    public var done: Int { posted + duplicate + rejected }
}
