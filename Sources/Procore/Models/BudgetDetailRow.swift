import Foundation

/// A budget view (`GET /rest/v1.0/budget_views?project_id=`): the company's ways of looking at a
/// project budget; each lists the same budget line items with its own columns.
public struct BudgetView: Codable, Sendable, Hashable {
    public var id: Int64
    public var name: String?
    /// `standard` for Procore's own budget view.
    public var role: String?

    public init(id: Int64, name: String?, role: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
    }
}

/// One row of a budget view (`GET /rest/v1.0/budget_views/{id}/detail_rows?project_id=`): a
/// budget line item with its cost code and cost type (Procore calls it the row's category).
public struct BudgetDetailRow: Codable, Sendable, Hashable {
    /// The budget line item's id.
    public var id: Int64
    public var projectID: Int64?
    /// The project's name.
    public var project: String?
    public var costCodeID: Int64?
    /// The cost code as Procore shows it: `03-100 - Concrete Forming`.
    public var costCode: String?
    /// The line item type's id.
    public var categoryID: Int64?
    /// The line item type's name: `Labor`.
    public var category: String?
    public var originalBudgetAmount: Decimal?
    public var budgetModifications: Decimal?
    /// Set when the row has no budget line item (costs on a code that was never budgeted).
    public var unbudgetedReason: String?

    public init(id: Int64, projectID: Int64?, costCodeID: Int64?, costCode: String?, categoryID: Int64?, category: String?,
                originalBudgetAmount: Decimal?) {
        self.id = id
        self.projectID = projectID
        self.costCodeID = costCodeID
        self.costCode = costCode
        self.categoryID = categoryID
        self.category = category
        self.originalBudgetAmount = originalBudgetAmount
    }

    /// The full code at the front of ``costCode`` (`03-100` of `03-100 - Concrete Forming`).
    public var shownCode: String? {
        guard let costCode else { return nil }
        let code = costCode.components(separatedBy: " - ").first?.trimmingCharacters(in: .whitespaces) ?? ""
        return code.isEmpty ? nil : code
    }
}
