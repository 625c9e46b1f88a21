import Foundation
import Money

/// What the reference exchange found when it checked Procore's setup against Sage 100: cost
/// codes and cost types without a mapping or mapped to accounts Sage lacks or has inactive,
/// and the project budget lines that would post to them. Each problem names its project and
/// says what to fix. Written as `outbox/reference/<date>/reference.{html,csv,json}`.
public struct ReferenceValidation: Sendable, Codable, Equatable {
    /// The UTC day of the exchange, `YYYY-MM-DD` (the report's folder).
    public var date: String
    public var company: String
    /// The account structure checked against, e.g. `####-##-##`.
    public var accountStructure: String
    /// Project, cost code and cost type combinations checked (from the cost codes pulled).
    public var costCodesChecked: Int
    public var costCodesMapped: Int
    /// Each cost code problem once, with the projects it affects; then the mapping's own problems.
    public var costCodeProblems: [CostCodeProblem]
    /// Projects whose budgets were read.
    public var budgetProjects: Int
    public var budgetLinesChecked: Int
    /// The original budget of every line checked.
    public var budgetAmountChecked: Money
    /// Budget lines whose cost code and type would not post: unmapped, or to a missing,
    /// inactive or malformed account.
    public var budgetProblems: [BudgetLineProblem]
    /// What could not be checked, and why (a project whose budget Procore would not show, no
    /// cost codes pulled yet, no Procore credentials).
    public var notes: [String]

    public init(date: String, company: String, accountStructure: String) {
        self.date = date
        self.company = company
        self.accountStructure = accountStructure
        self.costCodesChecked = 0
        self.costCodesMapped = 0
        self.costCodeProblems = []
        self.budgetProjects = 0
        self.budgetLinesChecked = 0
        self.budgetAmountChecked = .zero
        self.budgetProblems = []
        self.notes = []
    }

    /// Problems found (cost code problems, then budget lines).
    public var problemCount: Int { costCodeProblems.count + budgetProblems.count }
    /// The original budget on lines that would not post.
    public var budgetAmountAtRisk: Money { budgetProblems.reduce(Money.zero) { $0 + $1.amount } }

    /// One line for a terminal: what was checked and what was found.
    public var line: String {
        var text = "\(costCodesMapped) of \(costCodesChecked) cost code line(s) mapped"
        text += "; \(budgetLinesChecked) budget line(s) of \(budgetProjects) project(s) checked"
        text += problemCount == 0 ? ", no problems"
            : ", \(problemCount) problem(s): \(costCodeProblems.count) in the mapping, \(budgetProblems.count) budget line(s) (\(budgetAmountAtRisk.currency("$"))) that would not post"
        return text
    }

    enum CodingKeys: String, CodingKey {
        case date, company, accountStructure = "account_structure", costCodesChecked = "cost_codes_checked"
        case costCodesMapped = "cost_codes_mapped", costCodeProblems = "cost_code_problems", budgetProjects = "budget_projects"
        case budgetLinesChecked = "budget_lines_checked", budgetAmountChecked = "budget_amount_checked"
        case budgetProblems = "budget_problems", notes
    }
}

/// A cost code and type (or a mapping entry) that does not give an active Sage account.
public struct CostCodeProblem: Sendable, Codable, Equatable {
    /// Empty for a problem of the mapping itself (a control account, a rule, a table row).
    public var costCode: String
    public var costType: String?
    /// `unmapped`, `not-in-sage`, `inactive`, `deleted`, `not-in-structure`, `missing-segment`,
    /// or a mapping problem's code.
    public var status: String
    /// The projects it affects, by name (empty for a mapping problem).
    public var projects: [String]
    /// The problem and its fix.
    public var message: String

    enum CodingKeys: String, CodingKey {
        case costCode = "cost_code", costType = "cost_type", status, projects, message
    }
}

/// A Procore budget line item whose cost code and type would not post to Sage 100.
public struct BudgetLineProblem: Sendable, Codable, Equatable {
    public var projectID: Int64
    public var project: String
    public var budgetLineID: Int64
    public var costCode: String
    /// The cost type's code (`L`), when known.
    public var costType: String?
    /// The cost type as Procore names it (`Labor`).
    public var costTypeName: String?
    public var amount: Money
    public var status: String
    /// The account the mapping gives, when it got that far.
    public var account: String?
    /// The problem and its fix.
    public var message: String

    enum CodingKeys: String, CodingKey {
        case projectID = "project_id", project, budgetLineID = "budget_line_id", costCode = "cost_code"
        case costType = "cost_type", costTypeName = "cost_type_name", amount, status, account, message
    }
}
