import Foundation
import Ledger
import Testing
@testable import Connector

/// Check numbers repeat across projects and bank accounts in real companies; Sage keeps one
/// check per bank code and number.
@Suite("Manual checks: repeated Procore check numbers")
struct CheckNumberTests {
    static let second = Staged.requisition(1280647, invoice: "124", claimed: "1000.00", due: "900.00", items: [
        Staged.contractItem(3, lineItem: 90011, thisPeriod: "1000.00", retained: "100.00"),
    ])

    /// Two requisitions of Acme's subcontract, each paid by a check numbered 10045.
    static func stageTwoPaymentsWithOneCheckNumber(_ world: TransformWorld) throws {
        try world.stage("cycle-1", [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition, second],
            "contract_payments": [Staged.payment(5001, requisition: 1280646, amount: "11160.00", check: "10045"),
                                  Staged.payment(5002, requisition: 1280647, amount: "900.00", check: "10045")],
        ])
    }

    @Test("two payments with the same check number in one batch both become checks, under different Sage keys")
    func repeatedCheckNumber() throws {
        let world = try TransformWorld()
        try Self.stageTwoPaymentsWithOneCheckNumber(world)
        let summary = try world.transform()
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        let checks = try #require(summary.batches.first { $0.kind == "manual-checks" })
        #expect(checks.count == 2)
        let numbers = try world.importRecords(checks).compactMap { ($0["record"] as? [String: Any])?["CheckNo"] as? String }
        #expect(Set(numbers).count == 2, "\(numbers)")
        #expect(numbers.contains("10045"))
        // The Procore number and the Sage number are shown side by side for the one that changed.
        let changed = try #require(summary.adjusted.first { $0.field == "CheckNo" })
        #expect(changed.original == "10045" && changed.written != "10045" && numbers.contains(changed.written))
        #expect(changed.reason.contains("already has a check '10045'"), "\(changed.reason)")
        // Recorded in the identity map, so the next transform keeps the same numbers.
        let keys = try [5001, 5002].map { try world.ledger.sageKey(company: "ABC", resource: "manual-checks", procoreID: $0) }
        #expect(Set(keys.compactMap { $0 }).count == 2)
    }

    @Test("the numbers chosen are kept by later transforms, whichever payment arrives again")
    func numbersAreStable() throws {
        let world = try TransformWorld()
        try Self.stageTwoPaymentsWithOneCheckNumber(world)
        _ = try world.transform()
        let before = try [5001, 5002].map { try world.ledger.sageKey(company: "ABC", resource: "manual-checks", procoreID: $0) }
        // Payment 5002 changes before it is posted (a new version): its number stays.
        try world.stage("cycle-2", ["contract_payments": [Staged.line("contract_payments", project: 1001, """
        {"id":5002,"contract_id":9001,"requisition_id":1280647,"project_id":1001,"amount":"900.00","check_number":"10045","date":"2026-11-26","status":"paid","updated_at":"2026-11-26T10:00:00Z"}
        """)]])
        let again = try world.transform()
        #expect(again.invalid.isEmpty, "\(again.invalid)")
        let after = try [5001, 5002].map { try world.ledger.sageKey(company: "ABC", resource: "manual-checks", procoreID: $0) }
        #expect(before == after)
    }
}
