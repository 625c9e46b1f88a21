import Foundation
import Ledger
import Money
import Procore
import Sage100

/// Checks Procore's setup against Sage 100's reference data (``ReferenceValidation``): every
/// cost code and type pulled into the ledger through the mapping (as `map check` does), then
/// every budget line of every project the ledger knows, read from Procore's budget views, as a
/// posting to its cost code and type would resolve it.
public struct ReferenceValidator: Sendable {
    public let ledger: Ledger
    public let reference: ReferenceData
    public let mapping: MappingConfiguration
    /// Nil when Procore cannot be read (``budgetsUnavailable`` says why).
    public var budgets: (any ProcoreBudgetReader)?
    public var budgetsUnavailable: String?
    /// Called after each project's budget: (done, total).
    public var onProgress: (@Sendable (Int, Int) -> Void)?

    public init(ledger: Ledger, reference: ReferenceData, mapping: MappingConfiguration, budgets: (any ProcoreBudgetReader)?) {
        self.ledger = ledger
        self.reference = reference
        self.mapping = mapping
        self.budgets = budgets
    }

    public func run(now: Date = Date()) async throws -> ReferenceValidation {
        var result = ReferenceValidation(date: JobToDateBuilder.day(now).description, company: reference.company, accountStructure: reference.structure.mask)
        let names = try MappingSources.projectNames(ledger: ledger)
        func name(_ id: Int64) -> String { names[id] ?? "project \(id)" }

        // Cost codes and types, as map check sees them.
        let uses = try MappingSources.costCodeUses(ledger: ledger)
        if uses.isEmpty {
            result.notes.append("no Procore cost codes are in the ledger yet, so none were checked; pull first (ml-connector pull)")
        }
        let report = MappingCheck.run(costCodes: uses, accounts: reference.accounts, structure: reference.structure, configuration: mapping)
        result.costCodesChecked = report.checked
        result.costCodesMapped = report.mapped
        result.costCodeProblems = Self.mergingTypes(report.groups.map {
            CostCodeProblem(costCode: $0.costCode, costType: $0.costType, status: $0.status.rawValue,
                            projects: $0.projectIDs.map(name), message: $0.message)
        }) + report.issues.map { CostCodeProblem(costCode: "", costType: nil, status: $0.code, projects: [], message: $0.message) }

        // Budget lines, per project.
        let projects = Set(names.keys).union(mapping.projects.keys).sorted()
        guard let budgets else {
            if !projects.isEmpty {
                result.notes.append("budget lines not checked: \(budgetsUnavailable ?? "Procore is not configured")")
            }
            return result
        }
        let codes = Dictionary(try MappingSources.costCodes(ledger: ledger).map { ($0.id, $0.fullCode) }, uniquingKeysWith: { a, _ in a })
        let types = try MappingSources.lineItemTypes(ledger: ledger)
        let resolver = AccountResolver(configuration: mapping, structure: reference.structure, accounts: reference.accounts)
        for (done, projectID) in projects.enumerated() {
            defer { onProgress?(done + 1, projects.count) }
            let rows: [BudgetDetailRow]
            do {
                let views = try await budgets.budgetViews(projectID: projectID)
                guard let view = views.first(where: { $0.role == "standard" }) ?? views.first else {
                    result.notes.append("\(name(projectID)): Procore lists no budget view, so its budget was not checked")
                    continue
                }
                rows = try await budgets.budgetDetailRows(viewID: view.id, projectID: projectID)
            } catch let error as ProcoreError {
                result.notes.append("\(name(projectID)): its budget could not be read (\(error)); it is checked again by the next exchange")
                continue
            }
            result.budgetProjects += 1
            for row in rows where row.unbudgetedReason == nil {
                let code = row.costCodeID.flatMap { codes[$0] } ?? row.shownCode
                let type = row.categoryID.flatMap { types[$0] }
                let amount = Money(row.originalBudgetAmount ?? 0) + Money(row.budgetModifications ?? 0)
                result.budgetLinesChecked += 1
                result.budgetAmountChecked = result.budgetAmountChecked + amount
                guard let code else {
                    result.budgetProblems.append(BudgetLineProblem(
                        projectID: projectID, project: names[projectID] ?? row.project ?? name(projectID), budgetLineID: row.id, costCode: "",
                        costType: type?.code, costTypeName: row.category, amount: amount, status: "no-cost-code",
                        message: "budget line \(row.id) has no cost code Procore shows; give it a cost code in the project's budget"))
                    continue
                }
                guard case .failure(let error) = resolver.resolve(costCode: code, costType: type?.code, projectID: projectID) else { continue }
                result.budgetProblems.append(BudgetLineProblem(
                    projectID: projectID, project: names[projectID] ?? row.project ?? name(projectID), budgetLineID: row.id, costCode: code,
                    costType: type?.code, costTypeName: row.category ?? type?.name, amount: amount,
                    status: MappingCheck.status(error).rawValue, account: error.account,
                    // The row names its project: the message need not repeat its id.
                    message: error.description.replacingOccurrences(of: " on project \(projectID)", with: "")))
            }
        }
        return result
    }

    /// One problem per cost code where its cost types fail alike (same problem, same projects):
    /// `09-300 (types E, L, M)` rather than a row per type.
    static func mergingTypes(_ problems: [CostCodeProblem]) -> [CostCodeProblem] {
        var merged: [CostCodeProblem] = []
        var index: [String: Int] = [:]
        for problem in problems {
            guard let type = problem.costType else { merged.append(problem); continue }
            let general = problem.message.replacingOccurrences(of: " (type \(type))", with: " (type *)")
            let key = [problem.costCode, problem.status, problem.projects.joined(separator: "\u{1}"), general].joined(separator: "\u{2}")
            if let i = index[key] {
                let types = (merged[i].costType ?? "").components(separatedBy: ", ") + [type]
                merged[i].costType = types.joined(separator: ", ")
                merged[i].message = general.replacingOccurrences(of: " (type *)", with: " (types \(merged[i].costType!))")
            } else {
                index[key] = merged.count
                merged.append(problem)
            }
        }
        return merged
    }
}
