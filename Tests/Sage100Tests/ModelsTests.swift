import Foundation
import Testing
@testable import Sage100

@Suite("Sage 100 models")
struct ModelsTests {
    @Test func sageDateParsesYYYYMMDDAndISO() throws {
        let date = try SageDate(parsing: "20240229")
        #expect(date.year == 2024 && date.month == 2 && date.day == 29)
        #expect(date.yyyymmdd == "20240229")
        #expect(try SageDate(parsing: "2025-01-31").yyyymmdd == "20250131")
        #expect(try SageDate(parsing: "20250101") < SageDate(parsing: "20250102"))
    }

    @Test(arguments: ["20230229", "20251301", "20250100", "2025013", "2025-1-31", "abcdefgh", "", "20250431"])
    func sageDateRejectsInvalid(_ text: String) {
        #expect(throws: SageDateError.self) { try SageDate(parsing: text) }
    }

    @Test func sageDateErrorSaysWhatIsWrong() {
        do {
            _ = try SageDate(parsing: "20230229")
            Issue.record("20230229 was accepted")
        } catch {
            #expect("\(error)".contains("day 29 is not 1-28"))
        }
    }

    @Test func documentKindRawValuesAreStable() {
        #expect(SageDocumentKind.allCases.map(\.rawValue)
                == ["vendors", "ap-invoices", "purchase-orders", "purchase-order-changes", "gl-entries", "manual-checks", "sales-orders"])
        #expect(SageDocumentKind.manualChecks.table(for: .subLine) == .apManualCheckDistribution)
        #expect(SageDocumentKind.vendors.levels == [.header])
        #expect(SageDocumentKind.manualChecks.levels == [.header, .line, .subLine])
    }

    @Test func apInvoiceEncodesWithSageNamesAndDecimalStrings() throws {
        let invoice = VIFixtures.apInvoices[0]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(invoice), as: UTF8.self)
        #expect(json.contains(#""APDivisionNo":"00""#))
        #expect(json.contains(#""InvoiceAmt":"12500.00""#))
        #expect(json.contains(#""RetentionAmt":"1250.00""#))
        #expect(json.contains(#""InvoiceDate":"20250131""#))
        #expect(json.contains(#""HoldPayment":"N""#))
        #expect(json.contains(#""DistributionAmt":"10000.00""#))
        #expect(json.contains(#""AccountKey":"510004000""#))
        let back = try JSONDecoder().decode(APInvoice.self, from: Data(json.utf8))
        #expect(back == invoice)
    }

    @Test func everyFixtureRoundTripsThroughJSON() throws {
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        for vendor in VIFixtures.vendors {
            #expect(try decoder.decode(APVendor.self, from: encoder.encode(vendor)) == vendor)
        }
        for order in VIFixtures.purchaseOrders {
            #expect(try decoder.decode(PurchaseOrder.self, from: encoder.encode(order)) == order)
        }
        for entry in VIFixtures.glEntries {
            #expect(try decoder.decode(GLJournalEntry.self, from: encoder.encode(entry)) == entry)
        }
        for check in VIFixtures.manualChecks {
            #expect(try decoder.decode(APManualCheck.self, from: encoder.encode(check)) == check)
        }
    }

    @Test func quantitiesKeepAllDigits() throws {
        let line = VIFixtures.purchaseOrders[0].lines[2]
        let json = String(decoding: try JSONEncoder().encode(line), as: UTF8.self)
        #expect(json.contains(#""QuantityOrdered":"0.333333""#))
        #expect(json.contains(#""UnitCost":"90""#))
        #expect(json.contains(#""ExtensionAmt":"30.00""#))
    }

    @Test func moneyAsJSONNumberIsRefusedWithFieldName() {
        let json = #"{"AccountKey":"510004000","DebitAmount":12.5,"CreditAmount":"0"}"#
        do {
            _ = try JSONDecoder().decode(GLJournalLine.self, from: Data(json.utf8))
            Issue.record("a JSON number was accepted for money")
        } catch {
            #expect("\(error)".contains("DebitAmount must be a decimal string"))
        }
    }

    @Test func malformedMoneyTextIsRefused() {
        for bad in ["12,50", "1e3", "12.5.1", "", " 12", "0x10", "12abc"] {
            let json = #"{"AccountKey":"510004000","DistributionAmt":"\#(bad)"}"#
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(APManualCheckDistribution.self, from: Data(json.utf8))
            }
        }
    }

    @Test func moneyParsesExactlyWithoutBinaryFloatingPoint() throws {
        let value = try #require(SageDecimal.parse("0.10"))
        let sum = (0..<10).reduce(Decimal(0)) { total, _ in total + value }
        #expect(sum == 1)
        #expect(SageDecimal.parse("99999999999.99").map(SageDecimal.plain) == "99999999999.99")
        #expect(SageDecimal.parse("-0.01").map { SageDecimal.fixed($0, scale: 2) } == "-0.01")
        #expect(SageDecimal.fixed(SageDecimal.parse("1.005")!, scale: 2) == nil)
        #expect(SageDecimal.fixed(SageDecimal.parse("7")!, scale: 2) == "7.00")
        #expect(SageDecimal.scale(of: SageDecimal.parse("1.500")!) == 1)
        #expect(SageDecimal.integerDigits(of: SageDecimal.parse("-0012.5")!) == 2)
        #expect(SageDecimal.plain(Decimal(sign: .plus, exponent: 3, significand: 12)) == "12000")
        #expect(SageDecimal.plain(Decimal(sign: .minus, exponent: -4, significand: 5)) == "-0.0005")
    }

    @Test func invalidDateInJSONNamesTheField() {
        let json = #"{"BatchNo":"","EntryNo":"1","PostingDate":"20251301","Lines":[]}"#
        do {
            _ = try JSONDecoder().decode(GLJournalEntry.self, from: Data(json.utf8))
            Issue.record("month 13 was accepted")
        } catch {
            #expect("\(error)".contains("PostingDate"))
            #expect("\(error)".contains("month 13"))
        }
    }

    @Test func journalEntryBalance() {
        var entry = VIFixtures.glEntries[0]
        #expect(entry.isBalanced)
        #expect(entry.totalDebits == VIFixtures.money("2999.99"))
        entry.lines[0].debitAmount = VIFixtures.money("2500.01")
        #expect(!entry.isBalanced)
        #expect(entry.totalDebits - entry.totalCredits == VIFixtures.money("0.01"))
    }

    @Test func glAccountStatusAndJSON() throws {
        let json = #"{"AccountKey":"510004000","Account":"5100-04-00","RawAccount":"51000400","MainAccountCode":"5100","AccountDesc":"Subcontract Costs","AccountType":"E","Status":"I","DateUpdated":"20250102","TimeUpdated":"13.5"}"#
        let account = try JSONDecoder().decode(GLAccount.self, from: Data(json.utf8))
        #expect(account.status == .inactive)
        #expect(!account.status.isPostable)
        #expect(account.dateUpdated == VIFixtures.date("20250102"))
        let bad = json.replacingOccurrences(of: #""Status":"I""#, with: #""Status":"Z""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(GLAccount.self, from: Data(bad.utf8)) }
    }

    @Test func customerAndSalesOrderRoundTrip() throws {
        let customer = ARCustomer(arDivisionNo: "00", customerNo: "OWNER01", customerName: "City of Austin",
                                  city: "Austin", state: "TX")
        #expect(try JSONDecoder().decode(ARCustomer.self, from: JSONEncoder().encode(customer)) == customer)
        let order = SalesOrder(salesOrderNo: "0000123", orderDate: VIFixtures.date("20250301"),
                               arDivisionNo: "00", customerNo: "OWNER01", lines: [
                                SalesOrderLine(itemCode: "/PAYAPP", quantityOrdered: 1,
                                               unitPrice: VIFixtures.money("45000.10"),
                                               extensionAmt: VIFixtures.money("45000.10"))])
        #expect(try JSONDecoder().decode(SalesOrder.self, from: JSONEncoder().encode(order)) == order)
        #expect(order.total == VIFixtures.money("45000.10"))
    }

    @Test func recordLabelsNameKindKeyAndLine() {
        let invoice = VIFixtures.apInvoices[0]
        #expect(invoice.recordLabel == "AP invoice 00-0001234/INV-10")
        #expect(invoice.rows[2].label == "AP invoice 00-0001234/INV-10 line 2")
        let check = VIFixtures.manualChecks[0]
        #expect(check.rows.map(\.level) == [.header, .line, .subLine, .subLine])
        #expect(check.rows[3].label == "manual check A/0000012345 line 1 distribution 2")
        #expect(VIFixtures.vendors[0].sageKey == "00-MUELLER")
    }
}
