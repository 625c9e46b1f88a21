/// What one replay did with the inbox.
public struct ReplaySummary: Sendable, Codable, Equatable {
    /// One inbox file and what became of it.
    public struct FileOutcome: Sendable, Codable, Equatable {
        /// The file name as found (control characters shown as `?`).
        public var file: String
        /// `corrections`, `mapping`, `approval`, `unknown`.
        public var kind: String
        /// `applied`, `rejected` or `duplicate` (already applied before; not applied again).
        public var result: String
        /// Where the file was moved.
        public var movedTo: String?
        /// What was wrong and how to fix it (rejected files).
        public var error: String?
        /// Corrected records staged from this file.
        public var records: Int
        /// Mapping rows added / replaced / already present.
        public var mappingAdded: Int
        public var mappingReplaced: Int
        public var mappingUnchanged: Int

        public init(file: String, kind: String, result: String, movedTo: String? = nil, error: String? = nil,
                    records: Int = 0, mappingAdded: Int = 0, mappingReplaced: Int = 0, mappingUnchanged: Int = 0) {
            self.file = file
            self.kind = kind
            self.result = result
            self.movedTo = movedTo
            self.error = error
            self.records = records
            self.mappingAdded = mappingAdded
            self.mappingReplaced = mappingReplaced
            self.mappingUnchanged = mappingUnchanged
        }

        enum CodingKeys: String, CodingKey {
            case file, kind, result, error, records
            case movedTo = "moved_to", mappingAdded = "mapping_added", mappingReplaced = "mapping_replaced"
            case mappingUnchanged = "mapping_unchanged"
        }
    }

    /// One corrected record put into the replay staging folder.
    public struct Correction: Sendable, Codable, Equatable {
        public var resource: String
        public var sourceID: Int64
        /// The inbox file and line it came from.
        public var file: String
        public var line: Int
        /// sha256 of the corrected content (the new version).
        public var contentSHA256: String
        /// The failed ledger record this corrects, its state and errors (nil when the ledger had none).
        public var fixesRecordID: Int64?
        public var fixesState: String?
        public var fixesErrors: [String]

        enum CodingKeys: String, CodingKey {
            case resource, file, line
            case sourceID = "source_id", contentSHA256 = "content_sha256", fixesRecordID = "fixes_record_id"
            case fixesState = "fixes_state", fixesErrors = "fixes_errors"
        }
    }

    /// An invalid record staged again because mapping rows changed (the transform checks it again).
    public struct Restaged: Sendable, Codable, Equatable {
        public var recordID: Int64
        public var resource: String
        public var sourceID: Int64

        enum CodingKeys: String, CodingKey { case resource, recordID = "record_id", sourceID = "source_id" }
    }

    /// The replay run's id (also in the ledger's `runs`).
    public var runID: String
    public var startedAt: String
    public var finishedAt: String?
    /// `staging/<run-id>-replay`, when corrections were staged; the transform picks it up.
    public var stagingDirectory: String?
    public var files: [FileOutcome] = []
    public var corrections: [Correction] = []
    /// Invalid records staged again after the mapping changed.
    public var restaged: [Restaged] = []
    /// Invalid records that could not be staged again (their staged line is gone); pull again.
    public var notRestaged: [Int64] = []
    /// What the approval processor did with `approve-*` / `reject-*` files.
    public var approvals: ApprovalInboxSummary?
    /// Names skipped on purpose (hidden files, README, subfolders, `.part` copies in progress).
    public var ignored: [String] = []
    /// One filled row of a fix sheet and what it did.
    public struct FixRow: Sendable, Codable, Equatable {
        public var file: String
        public var line: Int
        /// `gl_account`, `vendor_name` or `cost_code`.
        public var fix: String
        public var key: String
        /// What the row changed, in words.
        public var result: String
    }

    /// The fix sheet rows applied, in file order.
    public var fixRows: [FixRow] = []
    /// Files left for the next run because they may still be being written: changed within the
    /// settle window, grown while read, or ending without a line end. Each says why.
    public var waiting: [String] = []

    public init(runID: String, startedAt: String) {
        self.runID = runID
        self.startedAt = startedAt
    }

    /// Files applied.
    public var applied: Int { files.filter { $0.result == "applied" }.count }
    /// Files refused (moved to `inbox/rejected/`).
    public var rejected: Int { files.filter { $0.result == "rejected" }.count }
    /// Files whose content had been applied before.
    public var duplicates: Int { files.filter { $0.result == "duplicate" }.count }
    /// True when a person must look at something (a refused file).
    public var needsAttention: Bool { rejected > 0 || duplicates > 0 || !(approvals?.refused.isEmpty ?? true) }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", startedAt = "started_at", finishedAt = "finished_at"
        case stagingDirectory = "staging_directory", files, corrections, approvals, ignored, restaged, waiting
        case fixRows = "fix_rows"
        case notRestaged = "not_restaged"
    }
}
