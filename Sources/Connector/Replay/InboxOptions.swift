import Foundation

/// Where the replay reads and writes, and its limits.
public struct InboxOptions: Sendable, Equatable {
    /// The inbox folder (`inbox/`); only files directly inside it are read.
    public var inboxDirectory: String
    /// The staging root; corrections go to `<stagingDirectory>/<run-id>-replay/`.
    public var stagingDirectory: String
    /// The configured cost-code table (`mapping.cost_code_table`), where mapping rows are applied.
    /// Nil: mapping CSV files are refused (nothing to apply them to).
    public var mappingTablePath: String?
    /// The Procore company id corrections must carry (nil: not checked).
    public var companyID: Int64?
    /// Largest file read, in bytes.
    public var maxFileBytes: Int
    /// Longest file name accepted, in bytes.
    public var maxNameBytes: Int
    /// Hand `approve-*` / `reject-*` files to ``Approvals``; false leaves them untouched.
    public var processApprovals: Bool
    /// A file modified less than this many seconds ago may still be being copied: it is left
    /// for the next run (`inbox.settle_seconds`, 2 by default in the configuration).
    public var settleSeconds: Double

    public init(inboxDirectory: String, stagingDirectory: String, mappingTablePath: String? = nil,
                companyID: Int64? = nil, maxFileBytes: Int = 16 * 1024 * 1024, maxNameBytes: Int = 120,
                processApprovals: Bool = true, settleSeconds: Double = 0) {
        self.inboxDirectory = inboxDirectory
        self.stagingDirectory = stagingDirectory
        self.mappingTablePath = mappingTablePath
        self.companyID = companyID
        self.maxFileBytes = maxFileBytes
        self.maxNameBytes = maxNameBytes
        self.processApprovals = processApprovals
        self.settleSeconds = settleSeconds
    }
}
