/// One Sage item the exchange considered for Procore (a row of `exchange_items`).
public struct ExchangeItem: Sendable, Equatable {
    public enum State: String, Sendable, Codable {
        /// The request was (or was about to be) sent and no answer was recorded: settle it by
        /// looking in Procore before sending again.
        case sending
        /// In Procore as `procoreID`.
        case sent
        /// Procore refused it (`detail`); sent again by the next exchange.
        case refused
        /// Nothing to send (`detail` says why): it came from Procore, pays nothing the connector
        /// posted, is void, or pays nothing.
        case skipped
    }

    /// What kind of item (`contract-payments`).
    public var kind: String
    /// The item's Sage key (a check line: `<bank>-<check>/<invoice>`).
    public var sageKey: String
    public var state: State
    public var procoreID: Int64?
    public var projectID: Int64?
    public var commitmentID: Int64?
    public var requisitionID: Int64?
    public var cents: Int64
    public var checkNo: String?
    /// YYYYMMDD as Sage writes it.
    public var checkDate: String?
    public var invoiceNo: String?
    public var detail: String
    /// What the item was read as (JSON), for items sent again from the ledger; nil when the
    /// kind reads its open items again from the source instead.
    public var payload: String?
    public var attempts: Int
    public var firstRunID: RunID?
    public var runID: RunID?

    public init(kind: String, sageKey: String, state: State, procoreID: Int64? = nil, projectID: Int64? = nil,
                commitmentID: Int64? = nil, requisitionID: Int64? = nil, cents: Int64 = 0, checkNo: String? = nil,
                checkDate: String? = nil, invoiceNo: String? = nil, detail: String = "", payload: String? = nil, attempts: Int = 0,
                firstRunID: RunID? = nil, runID: RunID? = nil) {
        self.kind = kind
        self.sageKey = sageKey
        self.state = state
        self.procoreID = procoreID
        self.projectID = projectID
        self.commitmentID = commitmentID
        self.requisitionID = requisitionID
        self.cents = cents
        self.checkNo = checkNo
        self.checkDate = checkDate
        self.invoiceNo = invoiceNo
        self.detail = detail
        self.payload = payload
        self.attempts = attempts
        self.firstRunID = firstRunID
        self.runID = runID
    }
}
