/// What ``Approvals/processInbox(dir:)`` did with the approval files it found.
public struct ApprovalInboxSummary: Sendable, Codable, Equatable {
    /// One approval file and what became of it.
    public struct Item: Sendable, Codable, Equatable {
        /// The file name as found (control characters shown as `?`).
        public var file: String
        /// `approve` or `reject`, when the name says so.
        public var action: String?
        public var batchID: String?
        /// `accepted` or `rejected`.
        public var result: String
        /// Where the file was moved.
        public var movedTo: String?
        /// Why a file was refused, and the fix.
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case file, action, batchID = "batch_id", result, movedTo = "moved_to", error
        }
    }

    public var approved: [String] = []
    public var rejected: [String] = []
    /// Files refused (moved to inbox/rejected/ with an `.error.txt`).
    public var refused: [Item] = []
    public var items: [Item] = []

    public init() {}
}
