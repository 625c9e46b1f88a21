import Demo
import Foundation
import Ledger
import Money
import Procore
import Testing
@testable import Connector

/// The reference exchange's validation over loopback: the Procore sandbox's budget views, the
/// simulator's chart of accounts, a ledger on disk, the report written to the outbox.
@Suite("Reference validation: Procore's cost codes and budget lines against Sage 100")
struct ReferenceValidationTests {
    @Test("every budget line on an unmapped cost code or a cost type mapped to an inactive account is in the report with its project, amount and fix, and no other line is")
    func budgetLines() async throws {
        let h = try await PayCycleHarness.start()   // the demo's mapping leaves 09-300 out
        defer { Task { await h.stop() } }
        var config = try h.env.configuration()
        _ = await PayCycle(configuration: config).run()   // the ledger now holds projects, cost codes and types

        // Every project's budget as Procore shows it; one allowance line's cost code and type
        // are mapped to an inactive Sage account (5100-04-00 is Status I in the simulator).
        let client = ProcoreClient(configuration: try config.base.procore.clientConfiguration(file: config.file))
        let projects = try MappingSources.projectNames(ledger: try h.ledger())
        var rows: [(project: Int64, row: BudgetDetailRow)] = []
        for project in projects.keys.sorted() {
            let view = try #require(try await client.budgetViews(projectID: project).first)
            rows += try await client.budgetDetailRows(viewID: view.id, projectID: project).map { (project, $0) }
        }
        let allowance = try #require(rows.first { $0.row.category == "Other" && $0.row.shownCode != DemoData.unmappedCostCode })
        let allowanceCode = try #require(allowance.row.shownCode)
        let csv = h.folder + "/cost-codes.csv"
        let table = try String(contentsOfFile: csv, encoding: .utf8)
        try (table + "\(allowanceCode),O,5100-04-00,\"Allowances (inactive account)\"\n").write(toFile: csv, atomically: true, encoding: .utf8)
        config = try h.env.configuration()

        let summary = try await PayCycle(configuration: config).referenceExchange()
        let validation = try #require(summary.validation)

        let expected = Set(rows.filter { $0.row.shownCode == DemoData.unmappedCostCode || ($0.row.shownCode == allowanceCode && $0.row.category == "Other") }
            .map(\.row.id))
        #expect(expected.contains(allowance.row.id) && expected.count > 1)
        #expect(Set(validation.budgetProblems.map(\.budgetLineID)) == expected, "exactly the lines that would not post")
        #expect(validation.budgetLinesChecked == rows.count)
        #expect(validation.budgetProjects == projects.count)
        let checked = rows.reduce(Money.zero) { $0 + Money($1.row.originalBudgetAmount ?? 0) }
        #expect(validation.budgetAmountChecked == checked, "totals reconcile to the cent")
        for problem in validation.budgetProblems {
            #expect(problem.project == projects[problem.projectID], "named by project: \(problem.project)")
            let row = try #require(rows.first { $0.row.id == problem.budgetLineID }?.row)
            #expect(problem.amount == Money(row.originalBudgetAmount ?? 0))
            if problem.costCode == DemoData.unmappedCostCode {
                #expect(problem.status == "unmapped" && problem.message.contains("add a row to"), "\(problem.message)")
            } else {
                #expect(problem.status == "inactive" && problem.account == "5100-04-00" && problem.costType == "O")
                #expect(problem.message.contains("inactive in Sage 100") && problem.message.contains("activate it or change the mapping"))
            }
        }
        let unmapped = try #require(validation.costCodeProblems.first { $0.costCode == DemoData.unmappedCostCode })
        #expect(validation.costCodeProblems.filter { $0.costCode == DemoData.unmappedCostCode }.count == 1,
                "one row for the code, its failing cost types listed: \(validation.costCodeProblems.map(\.costCode))")
        #expect(unmapped.costType?.contains(", ") == true && unmapped.message.contains("(types "), "\(unmapped.message)")
        #expect(unmapped.status == "unmapped" && !unmapped.projects.isEmpty && unmapped.projects.allSatisfy { projects.values.contains($0) })
        #expect(validation.costCodeProblems.contains { $0.costCode == allowanceCode && $0.costType == "O" && $0.status == "inactive" })

        // The report, in the outbox under the exchange's day.
        let files = try #require(summary.report)
        #expect(files.html.hasSuffix("/outbox/reference/\(validation.date)/reference.html"))
        let html = try String(contentsOfFile: files.html, encoding: .utf8)
        #expect(html.contains(DemoData.unmappedCostCode) && html.contains("5100-04-00") && html.contains(validation.budgetAmountAtRisk.currency("$")))
        let csvLines = try String(contentsOfFile: files.csv, encoding: .utf8).split(separator: "\r\n")
        #expect(csvLines.filter { $0.hasPrefix("budget_line,") }.count == expected.count)
        let json = try JSONDecoder().decode(ReferenceValidation.self, from: Data(contentsOf: URL(fileURLWithPath: files.json)))
        #expect(json == validation)

        // serve's changes-only poll validates once a day: today's is done.
        let polled = try await PayCycle(configuration: config).referenceExchange(changesOnly: true)
        #expect(polled.validation == nil && polled.report == nil)
        await h.stop()
    }

    @Test("budgets that cannot be read are named as not checked; the cost codes are still checked")
    func unreadableBudgets() async throws {
        let h = try await PayCycleHarness.start()
        defer { Task { await h.stop() } }
        let config = try h.env.configuration()
        _ = await PayCycle(configuration: config).run()
        var cycle = PayCycle(configuration: config)
        cycle.procoreBudgets = RefusingBudgets()
        let validation = try #require(try await cycle.referenceExchange().validation)
        #expect(validation.budgetProjects == 0 && validation.budgetLinesChecked == 0)
        let projects = try MappingSources.projectNames(ledger: try h.ledger())
        #expect(validation.notes.count == projects.count)
        #expect(validation.notes.allSatisfy { $0.contains("could not be read") && $0.contains("checked again") })
        #expect(validation.costCodesChecked > 0 && validation.costCodeProblems.contains { $0.costCode == DemoData.unmappedCostCode })
        await h.stop()
    }
}

/// A Procore that refuses every budget read (a service account without the Budget tool).
struct RefusingBudgets: ProcoreBudgetReader {
    func budgetViews(projectID: Int64) async throws -> [BudgetView] {
        throw ProcoreError.forbidden(project: projectID, endpoint: "/rest/v1.0/budget_views")
    }
    func budgetDetailRows(viewID: Int64, projectID: Int64) async throws -> [BudgetDetailRow] { [] }
}
