import Foundation

/// Project budgets as the reference exchange validates them against Sage 100.
/// ``ProcoreClient`` is the real implementation; tests may supply others.
public protocol ProcoreBudgetReader: Sendable {
    /// The company's budget views, as listed for a project.
    func budgetViews(projectID: Int64) async throws -> [BudgetView]
    /// Every row of a budget view for one project (every page).
    func budgetDetailRows(viewID: Int64, projectID: Int64) async throws -> [BudgetDetailRow]
}
