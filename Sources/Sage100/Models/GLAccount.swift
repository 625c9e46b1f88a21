import Foundation

/// Status of a GL account. Only active accounts take postings.
public enum GLAccountStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case active = "A"
    case inactive = "I"
    case deleted = "D"

    /// Sage accepts postings to this account.
    public var isPostable: Bool { self == .active }
}

/// A Sage 100 general ledger account (`GL_Account`).
public struct GLAccount: Codable, Sendable, Hashable {
    /// 9-character surrogate key that every other table uses.
    public var accountKey: String
    /// The account formatted with separators, e.g. "5100-04-00".
    public var account: String
    /// The account without separators, e.g. "51000400".
    public var rawAccount: String
    /// The main segment, e.g. "5100".
    public var mainAccountCode: String
    /// Description (50).
    public var accountDesc: String
    public var accountType: String
    public var status: GLAccountStatus
    public var dateUpdated: SageDate?
    /// Decimal hours as text ("13.5" = 13:30).
    public var timeUpdated: String

    public init(accountKey: String, account: String, rawAccount: String, mainAccountCode: String,
                accountDesc: String, accountType: String = "", status: GLAccountStatus = .active,
                dateUpdated: SageDate? = nil, timeUpdated: String = "") {
        self.accountKey = accountKey
        self.account = account
        self.rawAccount = rawAccount
        self.mainAccountCode = mainAccountCode
        self.accountDesc = accountDesc
        self.accountType = accountType
        self.status = status
        self.dateUpdated = dateUpdated
        self.timeUpdated = timeUpdated
    }

    public enum CodingKeys: String, CodingKey {
        case accountKey = "AccountKey", account = "Account", rawAccount = "RawAccount"
        case mainAccountCode = "MainAccountCode", accountDesc = "AccountDesc", accountType = "AccountType"
        case status = "Status", dateUpdated = "DateUpdated", timeUpdated = "TimeUpdated"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountKey = try c.decode(String.self, forKey: .accountKey)
        account = try c.decodeText(forKey: .account)
        rawAccount = try c.decodeText(forKey: .rawAccount)
        mainAccountCode = try c.decodeText(forKey: .mainAccountCode)
        accountDesc = try c.decodeText(forKey: .accountDesc)
        accountType = try c.decodeText(forKey: .accountType)
        let statusText = try c.decodeIfPresent(String.self, forKey: .status) ?? "A"
        guard let status = GLAccountStatus(rawValue: statusText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .status, in: c,
                debugDescription: "GL account \(accountKey) Status '\(SageText.shown(statusText))' must be A, I or D")
        }
        self.status = status
        dateUpdated = try c.decodeSageDateIfPresent(forKey: .dateUpdated)
        timeUpdated = try c.decodeText(forKey: .timeUpdated)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountKey, forKey: .accountKey)
        try c.encode(account, forKey: .account)
        try c.encode(rawAccount, forKey: .rawAccount)
        try c.encode(mainAccountCode, forKey: .mainAccountCode)
        try c.encode(accountDesc, forKey: .accountDesc)
        try c.encode(accountType, forKey: .accountType)
        try c.encode(status, forKey: .status)
        try c.encode(dateUpdated?.yyyymmdd ?? "", forKey: .dateUpdated)
        try c.encode(timeUpdated, forKey: .timeUpdated)
    }

    /// Field values by Sage name, as text (for `SageValidator.validate(table:fields:)`).
    public var sageFields: [String: String] {
        ["AccountKey": accountKey, "Account": account, "RawAccount": rawAccount,
         "MainAccountCode": mainAccountCode, "AccountDesc": accountDesc, "AccountType": accountType,
         "Status": status.rawValue, "DateUpdated": dateUpdated?.yyyymmdd ?? "", "TimeUpdated": timeUpdated]
    }
}
