import Foundation

/// The result of ``MappingCheck``: every cost code checked, and every problem found in the
/// mapping, ready to print as a table (``renderTable()``) or JSON (``jsonString()``).
public struct MappingReport: Sendable, Hashable, Codable {
    /// The account structure checked against, e.g. `####-##-##`.
    public var accountStructure: String
    /// Cost code lines checked (unique project, code and type).
    public var checked: Int
    /// Lines that resolve to an active Sage account.
    public var mapped: Int
    /// Every line checked, in project, code, type order.
    public var lines: [MappingReportLine]
    /// Problems in the mapping itself (table rows, rules, defaults, control accounts, projects).
    public var issues: [MappingReportIssue]
    /// The lines' problems, each once per cost code, type and problem, with the projects it affects.
    public var groups: [MappingProblemGroup]

    public init(accountStructure: String, lines: [MappingReportLine], issues: [MappingReportIssue]) {
        self.accountStructure = accountStructure
        self.checked = lines.count
        self.mapped = lines.filter { $0.status == .mapped }.count
        self.lines = lines
        self.issues = issues
        self.groups = MappingProblemGroup.grouping(lines)
    }

    /// Lines with no mapping at all.
    public var unmapped: [MappingReportLine] { lines.filter { $0.status == .unmapped } }
    /// Lines whose mapping gives an account that is missing, inactive, deleted or malformed.
    public var accountProblems: [MappingReportLine] { lines.filter { $0.status != .mapped && $0.status != .unmapped } }
    /// True when every line maps and the mapping has no problems.
    public var isClean: Bool { mapped == checked && issues.isEmpty }

    /// Pretty-printed JSON with sorted keys (stable for diffs).
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A plain-text table of the lines (projects by name when `projectNames` has them), then
    /// each problem once with the projects it affects, then the mapping's own problems.
    public func renderTable(projectNames: [Int64: String] = [:]) -> String {
        func project(_ id: Int64) -> String { projectNames[id].map { SafeText.shown($0, limit: 28) } ?? String(id) }
        let header = ["PROJECT", "COST CODE", "TYPE", "NAME", "STATUS", "ACCOUNT", "FROM"]
        let rows = lines.map { line in
            [project(line.projectID), line.costCode, line.costType ?? "", SafeText.shown(line.name, limit: 30),
             line.status.rawValue, line.account ?? "", line.source ?? ""]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ").trimmingWhitespaceAtEnd
        }
        var out = "Account structure \(accountStructure): \(mapped) of \(checked) cost code line\(checked == 1 ? "" : "s") mapped"
        out += "\n\n" + format(header) + "\n"
        out += format(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { out += format(row) + "\n" }
        let affected = groups.reduce(0) { $0 + $1.projectIDs.count }
        if groups.isEmpty && issues.isEmpty {
            out += "\nNo problems found.\n"
            return out
        }
        out += "\nProblems (\(groups.count + issues.count)"
            + (affected > groups.count ? ", affecting \(affected) project and cost code lines" : "") + "):\n"
        for group in groups {
            let names = group.projectIDs.prefix(4).map(project).joined(separator: ", ")
            let more = group.projectIDs.count > 4 ? " and \(group.projectIDs.count - 4) more" : ""
            out += "- \(group.message) [\(group.projectIDs.count) project\(group.projectIDs.count == 1 ? "" : "s"): \(names)\(more)]\n"
        }
        for issue in issues { out += "- \(issue.message)\n" }
        return out
    }
}

/// One checked cost code line.
public struct MappingReportLine: Sendable, Hashable, Codable {
    /// What the mapping gives for the line.
    public enum Status: String, Sendable, Hashable, Codable {
        case mapped
        case unmapped
        case notInStructure = "not-in-structure"
        case missingSegment = "missing-segment"
        case notInSage = "not-in-sage"
        case inactive
        case deleted
    }

    public var projectID: Int64
    public var costCode: String
    public var costType: String?
    public var name: String
    public var status: Status
    /// The account the mapping gives (when it got that far).
    public var account: String?
    /// Sage `AccountKey` when mapped.
    public var accountKey: String?
    /// Which mapping entry matched ("cost-codes.csv line 7", "rule 2", "default_account").
    public var source: String?
    /// The problem and its fix, when not mapped.
    public var message: String?

    public init(projectID: Int64, costCode: String, costType: String?, name: String, status: Status,
                account: String? = nil, accountKey: String? = nil, source: String? = nil, message: String? = nil) {
        self.projectID = projectID
        self.costCode = costCode
        self.costType = costType
        self.name = name
        self.status = status
        self.account = account
        self.accountKey = accountKey
        self.source = source
        self.message = message
    }
}

/// A problem in the mapping that is not tied to one cost code line.
public struct MappingReportIssue: Sendable, Hashable, Codable {
    /// `not-in-structure`, `not-in-sage`, `inactive`, `deleted`, `missing-segment`,
    /// `control-not-set`, `project-not-mapped`, `no-job-number`.
    public var code: String
    /// Where: "cost-codes.csv line 7, column 3", "mapping.rules[2]", "mapping.accounts.revenue".
    public var location: String
    /// The problem and its fix in a sentence.
    public var message: String
}

extension String {
    var trimmingWhitespaceAtEnd: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// One problem of the cost code lines, once: the cost code, type and problem, the projects it
/// affects, and the message with its fix (without a project, which the list names).
public struct MappingProblemGroup: Sendable, Hashable, Codable {
    public var costCode: String
    public var costType: String?
    public var status: MappingReportLine.Status
    public var projectIDs: [Int64]
    public var message: String

    /// The lines' problems grouped, in the order their first line comes.
    static func grouping(_ lines: [MappingReportLine]) -> [MappingProblemGroup] {
        var groups: [MappingProblemGroup] = []
        var index: [String: Int] = [:]
        for line in lines where line.status != .mapped {
            guard let message = line.message else { continue }
            let general = message.replacingOccurrences(of: " on project \(line.projectID)", with: "")
            let key = [line.costCode, line.costType ?? "", line.status.rawValue, general].joined(separator: "\u{1}")
            if let i = index[key] {
                if !groups[i].projectIDs.contains(line.projectID) { groups[i].projectIDs.append(line.projectID) }
            } else {
                index[key] = groups.count
                groups.append(MappingProblemGroup(costCode: line.costCode, costType: line.costType, status: line.status,
                                                  projectIDs: [line.projectID], message: general))
            }
        }
        return groups
    }
}
