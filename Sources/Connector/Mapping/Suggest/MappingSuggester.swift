import Sage100

/// One suggested row of a starting cost-code table.
public struct MappingSuggestion: Sendable, Hashable, Codable {
    /// Procore `full_code`.
    public var costCode: String
    /// The cost code's name (the most common one when projects disagree).
    public var name: String
    /// The suggested Sage account, or nil when nothing matched well enough.
    public var account: String?
    /// That account's `AccountDesc`.
    public var accountDescription: String?
    /// 0-100: how many words the name and the description share (Dice coefficient).
    public var confidence: Int
    /// Projects the code was seen on.
    public var projectIDs: [Int64]

    public init(costCode: String, name: String, account: String?, accountDescription: String?, confidence: Int, projectIDs: [Int64]) {
        self.costCode = costCode
        self.name = name
        self.account = account
        self.accountDescription = accountDescription
        self.confidence = confidence
        self.projectIDs = projectIDs
    }
}

/// Writes a starting cost-code table for a person to review (`map suggest`).
///
/// For each Procore cost code, the active Sage account whose description shares the most words
/// with the cost code's name (see ``TextTokens``), scored 0-100 as 2 x shared / (words in name
/// + words in description). Ties go to more shared words, then the lower account number.
/// Below `minimumConfidence` the account is left empty. Output is sorted and byte-for-byte
/// the same for the same input.
public enum MappingSuggester {
    /// Columns written; the first four are the cost-code table's, the rest are for review and
    /// are ignored when the file is loaded as `cost_code_table`.
    public static let columns = ["cost_code", "cost_type", "account", "description", "confidence", "matched_account_description"]

    /// Suggestions, one per cost code, sorted by code.
    public static func suggest(costCodes: [ProcoreCostCodeUse], accounts: [GLAccount], minimumConfidence: Int = 30) -> [MappingSuggestion] {
        let candidates = accounts
            .filter { $0.status == .active }
            .map { (account: $0, tokens: TextTokens.tokens($0.accountDesc)) }
            .filter { !$0.tokens.isEmpty }
            .sorted { $0.account.account < $1.account.account }

        var byCode: [String: (code: String, names: [String: Int], projects: Set<Int64>)] = [:]
        for use in costCodes {
            let key = MatchKey.code(use.costCode)
            guard !key.isEmpty else { continue }
            var entry = byCode[key] ?? (use.costCode.trimmingWhitespace, [:], [])
            entry.names[use.name.trimmingWhitespace, default: 0] += 1
            entry.projects.insert(use.projectID)
            if use.costCode.trimmingWhitespace < entry.code { entry.code = use.costCode.trimmingWhitespace }
            byCode[key] = entry
        }

        return byCode.keys.sorted().map { key in
            let entry = byCode[key]!
            let name = entry.names.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key ?? ""
            let nameTokens = TextTokens.tokens(name)
            var best: (account: GLAccount, score: Int, shared: Int)?
            if !nameTokens.isEmpty {
                for candidate in candidates {
                    let shared = nameTokens.intersection(candidate.tokens).count
                    guard shared > 0 else { continue }
                    let score = (200 * shared) / (nameTokens.count + candidate.tokens.count)
                    if let current = best, (current.score, current.shared) >= (score, shared) { continue }
                    best = (candidate.account, score, shared)
                }
            }
            let projects = entry.projects.sorted()
            guard let best, best.score >= minimumConfidence else {
                return MappingSuggestion(costCode: entry.code, name: name, account: nil, accountDescription: nil,
                                         confidence: 0, projectIDs: projects)
            }
            return MappingSuggestion(costCode: entry.code, name: name, account: best.account.account,
                                     accountDescription: best.account.accountDesc, confidence: best.score, projectIDs: projects)
        }
    }

    /// The suggestions as CSV (RFC 4180, CRLF, formula-safe cells).
    public static func csv(_ suggestions: [MappingSuggestion]) -> String {
        CSVWriter.document(header: columns, rows: suggestions.map { suggestion in
            [suggestion.costCode, "", suggestion.account ?? "", suggestion.name, String(suggestion.confidence),
             suggestion.accountDescription ?? ""]
        })
    }

    /// ``suggest(costCodes:accounts:minimumConfidence:)`` then ``csv(_:)``.
    public static func suggestCSV(costCodes: [ProcoreCostCodeUse], accounts: [GLAccount], minimumConfidence: Int = 30) -> String {
        csv(suggest(costCodes: costCodes, accounts: accounts, minimumConfidence: minimumConfidence))
    }
}
