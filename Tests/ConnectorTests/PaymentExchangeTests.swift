import ConnectorTesting
import Demo
import Foundation
import HTTP
import JSON
import Ledger
import Money
import Procore
import Sage100
import Sandbox
import Synchronization
import Testing
@testable import Connector

/// Sage 100 as the payments system (`mapping.payments: sage`): checks written in Sage against
/// invoices the connector posted come back to Procore as contract payments, once each, over
/// loopback to both sandboxes; checks that came from Procore, voids and checks paying invoices
/// keyed in Sage are not sent; an unanswered send is found in Procore instead of sent twice;
/// a refused one is sent again.
@Suite("Sage checks to Procore contract payments", .serialized)
struct PaymentExchangeTests {
    /// A check written in Sage's own data entry (no agent import).
    struct KeyedCheck {
        var checkNo: String
        var lines: [(invoice: String, amount: String)]
        var division: String
        var vendor: String
        var type = "N"

        var record: JSONValue {
            .object([
                "BankCode": "A", "CheckNo": .string(checkNo), "CheckType": .string(type), "CheckDate": "20261201",
                "APDivisionNo": .string(division), "VendorNo": .string(vendor),
                "lines": .array(lines.map { .object(["InvoiceNo": .string($0.invoice), "InvoiceAmt": .string($0.amount)]) }),
            ])
        }
    }

    /// The AP invoices the connector posted, with the requisition each came from and what it left to pay.
    static func postedInvoices(_ cycle: PayCycle, company: String) async throws -> [(requisition: Int64, key: String, division: String, vendor: String, invoice: String, payable: Decimal)] {
        let ledger = try cycle.openLedger()
        let agent = try cycle.makeAgent()
        let documents = Dictionary(try await agent.postedDocuments(.apInvoices, batch: nil).map { ($0.sageKey, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [(Int64, String, String, String, String, Decimal)] = []
        for (requisition, key) in try ledger.identityPairs(company: company, resource: SageDocumentKind.apInvoices.rawValue).sorted(by: { $0.key < $1.key }) {
            guard let parts = SageDocumentKey.apInvoiceParts(key), let document = documents[key] else { continue }
            let amount = Money.parse(document.record["InvoiceAmt"]?.stringValue ?? "0") ?? 0
            let retention = Money.parse(document.record["RetentionAmt"]?.stringValue ?? "0") ?? 0
            out.append((requisition, key, parts.division, parts.vendorNo, parts.invoiceNo, amount - retention))
        }
        return out.filter { $0.5 > 0 }
    }

    static func sageConfiguration(_ env: DemoEnvironment) throws -> RunConfiguration {
        var configuration = try env.configuration()
        configuration.mapping.payments = .sage
        return configuration
    }

    @Test("checks written in Sage become Procore contract payments once; Procore's own, voids and Sage-only invoices stay home")
    func checksBecomePayments() async throws {
        try await DemoEnvironment.withTemporary("payment-exchange", options: .init(projects: 6, recordsPerProject: 30, seed: 21)) { env in
            let configuration = try Self.sageConfiguration(env)
            let company = configuration.sage.company
            let first = await PayCycle(configuration: configuration).run()
            #expect(first.exitCode == 0 || first.exitCode == 4, "\(first.headline)")
            let exchanged = try #require(first.exchange, "the run exchanges payments when Sage is the payments system")
            #expect(exchanged.sent.count == 0, "no check is in Sage yet")
            #expect(first.post?.kinds.first { $0.kind == SageDocumentKind.manualChecks.rawValue }.map { $0.posted } ?? 0 == 0,
                    "Procore's payments are never posted when Sage is the payments system")

            let cycle = PayCycle(configuration: configuration)
            let invoices = try await Self.postedInvoices(cycle, company: company)
            #expect(invoices.count >= 8, "a company this size has invoices to pay")
            // Six checks, one invoice each; one check paying two invoices of one vendor; one void.
            var checks: [KeyedCheck] = []
            for (i, inv) in invoices.prefix(6).enumerated() {
                checks.append(KeyedCheck(checkNo: "90000\(i)", lines: [(inv.invoice, Money.plain(inv.payable))], division: inv.division, vendor: inv.vendor))
            }
            let rest = invoices.dropFirst(6)
            var expectedLines = checks.flatMap { c in c.lines.map { "A-\(c.checkNo)/\($0.invoice)" } }
            if let pair = Dictionary(grouping: rest, by: { "\($0.division)-\($0.vendor)" }).values.first(where: { $0.count >= 2 }) {
                let two = KeyedCheck(checkNo: "900100", lines: pair.prefix(2).map { ($0.invoice, Money.plain($0.payable)) },
                                     division: pair[pair.startIndex].division, vendor: pair[pair.startIndex].vendor)
                checks.append(two)
                expectedLines += two.lines.map { "A-900100/\($0.invoice)" }
            }
            let voided = try #require(rest.last)
            checks.append(KeyedCheck(checkNo: "900200", lines: [(voided.invoice, Money.plain(voided.payable))],
                                     division: voided.division, vendor: voided.vendor, type: "V"))
            // An invoice keyed in Sage (not from Procore) and a check paying it.
            let keyedInvoice: JSONValue = .object([
                "APDivisionNo": .string(voided.division), "VendorNo": .string(voided.vendor), "InvoiceNo": "KEYED-77",
                "InvoiceDate": "20261130", "InvoiceAmt": "500.00", "TermsCode": "30",
                "lines": .array([.object(["AccountKey": "500000000", "DistributionAmt": "500.00"])]),
            ])
            let keyedResult = try await env.agent.keyInSage(.apInvoices, record: keyedInvoice)
            #expect(keyedResult.status == .posted, "\(keyedResult.messages)")
            checks.append(KeyedCheck(checkNo: "900300", lines: [("KEYED-77", "500.00")], division: voided.division, vendor: voided.vendor))
            for check in checks {
                let result = try await env.agent.keyInSage(.manualChecks, record: check.record)
                #expect(result.status == .posted, "check \(check.checkNo): \(result.messages)")
            }

            let before = await env.procore.dataset().counts["contract_payments"] ?? 0
            let exchange = try await cycle.referenceExchange()
            let payments = try #require(exchange.payments)
            #expect(exchange.exitStatus == .done, "\(payments.line)")
            #expect(payments.sent.count == expectedLines.count, "\(payments.line)")
            #expect(payments.skipped[PaymentExchangeSummary.SkipReason.void.rawValue]?.count == 1)
            #expect(payments.skipped[PaymentExchangeSummary.SkipReason.notConnectorInvoice.rawValue]?.count == 1)
            #expect(await env.procore.dataset().counts["contract_payments"] == before + expectedLines.count)

            // Each line is one payment on its requisition's commitment, with the check's number,
            // date and amount, found by its origin_id.
            let client = ProcoreSandboxHarness.makeClient(env.procore)
            let ledger = try cycle.openLedger()
            let byInvoice = Dictionary(invoices.map { ($0.invoice + "|" + $0.vendor, $0) }, uniquingKeysWith: { a, _ in a })
            var total = Decimal(0)
            for check in checks where check.type == "N" && check.checkNo != "900300" {
                for line in check.lines {
                    let origin = "A-\(check.checkNo)/\(line.invoice)"
                    let invoice = try #require(byInvoice[line.invoice + "|" + check.vendor])
                    let contract = try #require(try ledger.requisitionContract(invoice.requisition))
                    let found = try await client.contractPayments(projectID: try #require(contract.projectID),
                                                                  contractID: try #require(contract.commitmentID))
                        .filter { $0.originID == origin }
                    #expect(found.count == 1, "\(origin)")
                    #expect(found.first?.amount == invoice.payable)
                    #expect(found.first?.checkNumber == check.checkNo)
                    #expect(found.first?.date == ProcoreDay(year: 2026, month: 12, day: 1))
                    #expect(found.first?.requisitionID == invoice.requisition)
                    total += invoice.payable
                }
            }
            #expect(payments.sent.amount == Money(total), "the summary's dollars are the checks' to the cent")

            // A second exchange and a run after it create nothing new.
            let again = try #require(try await cycle.referenceExchange().payments)
            #expect(again.sent.count == 0 && again.refused.isEmpty && again.uncertain.isEmpty, "\(again.line)")
            let run = await PayCycle(configuration: configuration).run()
            #expect(run.exchange?.sent.count == 0)
            #expect(await env.procore.dataset().counts["contract_payments"] == before + expectedLines.count)
            #expect(try env.agent.postings().allSatisfy { $0.kind != .manualChecks }, "nothing that came from Procore goes back to Sage")
        }
    }

    /// Creates through the real client, but can lose the answer of chosen sends (the payment is
    /// made; the caller hears a timeout) or send a chosen one with another commitment's requisition.
    final class UnreliableWriter: ProcorePaymentWriter {
        let real: ProcoreClient
        let loseAnswer: Mutex<Set<String>>
        let misdirect: Mutex<[String: Int64]>

        init(real: ProcoreClient, loseAnswer: Set<String> = [], misdirect: [String: Int64] = [:]) {
            self.real = real
            self.loseAnswer = Mutex(loseAnswer)
            self.misdirect = Mutex(misdirect)
        }

        func createContractPayment(_ payment: NewContractPayment) async throws -> ContractPayment {
            var sent = payment
            if let origin = payment.originID, let other = misdirect.withLock({ $0.removeValue(forKey: origin) }) {
                sent.requisitionID = other
            }
            let made = try await real.createContractPayment(sent)
            if let origin = payment.originID, loseAnswer.withLock({ $0.remove(origin) }) != nil {
                throw ProcoreError.transport(endpoint: "POST /rest/v1.0/contract_payments", project: payment.projectID,
                                             error: .timedOut(url: "http://procore.test/rest/v1.0/contract_payments"))
            }
            return made
        }

        func contractPayments(projectID: Int64, contractID: Int64) async throws -> [ContractPayment] {
            try await real.contractPayments(projectID: projectID, contractID: contractID)
        }
    }

    @Test("a send whose answer was lost is found in Procore, not sent twice; a refused one is sent again")
    func unansweredAndRefused() async throws {
        try await DemoEnvironment.withTemporary("payment-exchange-faults", options: .init(projects: 4, recordsPerProject: 30, seed: 23)) { env in
            let configuration = try Self.sageConfiguration(env)
            let company = configuration.sage.company
            _ = await PayCycle(configuration: configuration).run()
            let invoices = try await Self.postedInvoices(PayCycle(configuration: configuration), company: company)
            #expect(invoices.count >= 4)
            for (i, inv) in invoices.prefix(3).enumerated() {
                let check = KeyedCheck(checkNo: "70000\(i)", lines: [(inv.invoice, Money.plain(inv.payable))], division: inv.division, vendor: inv.vendor)
                #expect(try await env.agent.keyInSage(.manualChecks, record: check.record).status == .posted)
            }
            let lost = "A-700000/\(invoices[0].invoice)"
            let refused = "A-700001/\(invoices[1].invoice)"
            // The requisition of an invoice on another commitment: Procore refuses it (422).
            let ledger = try PayCycle(configuration: configuration).openLedger()
            let home = try #require(try ledger.requisitionContract(invoices[1].requisition)?.commitmentID)
            let elsewhere = try #require(try invoices.first { try ledger.requisitionContract($0.requisition)?.commitmentID != home })
            let client = ProcoreSandboxHarness.makeClient(env.procore)
            var cycle = PayCycle(configuration: configuration)
            cycle.procorePayments = UnreliableWriter(real: client, loseAnswer: [lost], misdirect: [refused: elsewhere.requisition])
            let before = await env.procore.dataset().counts["contract_payments"] ?? 0

            let first = try await cycle.referenceExchange()
            let payments = try #require(first.payments)
            #expect(first.exitStatus == .needsPerson)
            #expect(payments.uncertain.map(\.sageKey) == [lost])
            #expect(payments.refused.map(\.sageKey) == [refused])
            #expect(payments.refused.first?.message.contains("422") == true, "\(payments.refused)")
            #expect(payments.sent.count == 1)
            let open = try ledger.openExchangeItems(kind: PaymentExchange.kind)
            #expect(Set(open.map { "\($0.sageKey):\($0.state.rawValue)" }) == ["\(lost):sending", "\(refused):refused"])
            #expect(await env.procore.dataset().counts["contract_payments"] == before + 2, "the lost answer's payment was made")

            // The next exchange finds the lost one by origin_id and sends the refused one again.
            let second = try #require(try await cycle.referenceExchange().payments)
            #expect(second.settled == 1, "\(second.line)")
            #expect(second.sent.count == 1 && second.refused.isEmpty && second.uncertain.isEmpty, "\(second.line)")
            #expect(await env.procore.dataset().counts["contract_payments"] == before + 3, "three checks, three payments")
            #expect(try ledger.openExchangeItems(kind: PaymentExchange.kind).isEmpty)
            let attempts = try ledger.audit(subject: "\(PaymentExchange.kind):\(refused)").map(\.action)
            #expect(attempts == ["exchange-sending", "exchange-refused", "exchange-sending", "exchange-sent"], "\(attempts)")
        }
    }
}
