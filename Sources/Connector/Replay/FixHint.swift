import Foundation

/// What a person can fill in to release a refused record, as the transform found it: the row
/// of the fix sheet (`fixes.csv`) it becomes, and what replaying that row changes.
public enum FixHint: Sendable, Hashable, Codable {
    /// A cost code (of a cost type, when the mapping tells types apart) has no GL account:
    /// filled with an account, it becomes a row of the cost-code table.
    case glAccount(costCode: String, costType: String?)
    /// A vendor's name is longer than Sage's 30 characters: filled with a shorter name, the
    /// vendor's record is corrected.
    case vendorName(vendorID: Int64, name: String)
    /// A commitment line item has no cost code: filled with a cost code as Procore shows it
    /// (`09-300`), the commitment's line gets that cost code, and every requisition billing the
    /// line is checked again.
    case lineCostCode(resource: String, commitmentID: Int64, lineItemID: Int64)

    /// The fix sheet's `fix` column.
    public var fix: String {
        switch self {
        case .glAccount: return "gl_account"
        case .vendorName: return "vendor_name"
        case .lineCostCode: return "cost_code"
        }
    }

    /// The fix sheet's `key` column: what the row is about, read back when it is replayed.
    public var key: String {
        switch self {
        case .glAccount(let code, let type): return code + "|" + (type ?? "")
        case .vendorName(let id, _): return String(id)
        case .lineCostCode(let resource, let commitment, let line): return "\(resource)|\(commitment)|\(line)"
        }
    }

    /// What to fill, in words.
    public var what: String {
        switch self {
        case .glAccount(let code, let type):
            return "GL account for cost code \(code)" + (type.map { " (cost type \($0))" } ?? "") + ", e.g. 5100-07-00"
        case .vendorName(let id, _):
            return "a vendor name of at most 30 characters for Procore vendor \(id)"
        case .lineCostCode(let resource, let commitment, let line):
            let what = resource == "purchase_order_contracts" ? "purchase order contract" : "subcontract"
            return "the cost code (as Procore shows it, e.g. 09-300) of \(what) \(commitment) line item \(line)"
        }
    }

    /// Why the records are held, for the `why` column.
    public var why: String {
        switch self {
        case .glAccount(let code, let type):
            return "cost code \(code)" + (type.map { " (type \($0))" } ?? "") + " has no GL mapping"
        case .vendorName(_, let name):
            return "the vendor name is \(name.count) characters; Sage 100 allows 30"
        case .lineCostCode:
            return "the line has no cost code, so no GL account can be chosen"
        }
    }

    /// The value today, for the `current` column.
    public var current: String {
        switch self {
        case .vendorName(_, let name): return name
        case .glAccount, .lineCostCode: return ""
        }
    }

    /// The hint a fix sheet row names, from its `fix` and `key` columns.
    public init?(fix: String, key: String, current: String) {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        switch fix {
        case "gl_account" where parts.count == 2 && !parts[0].isEmpty:
            self = .glAccount(costCode: parts[0], costType: parts[1].isEmpty ? nil : parts[1])
        case "vendor_name":
            guard let id = Int64(key), id > 0 else { return nil }
            self = .vendorName(vendorID: id, name: current)
        case "cost_code" where parts.count == 3:
            guard ["purchase_order_contracts", "work_order_contracts"].contains(parts[0]),
                  let commitment = Int64(parts[1]), let line = Int64(parts[2]) else { return nil }
            self = .lineCostCode(resource: parts[0], commitmentID: commitment, lineItemID: line)
        default:
            return nil
        }
    }

    /// The hints of a record as the ledger keeps them (JSON), or none.
    static func decode(_ json: String?) -> [FixHint] {
        guard let json, let data = json.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([FixHint].self, from: data)) ?? []
    }

    static func encode(_ hints: [FixHint]) -> String? {
        guard !hints.isEmpty, let data = try? JSONEncoder().encode(hints) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
