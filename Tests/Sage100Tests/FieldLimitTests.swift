import Foundation
import Testing
@testable import Sage100

@Suite("Sage 100 field limits and validator")
struct FieldLimitTests {
    @Test func fixturesAreValid() {
        for record in VIFixtures.vendors { #expect(SageValidator.validate(record) == []) }
        for record in VIFixtures.apInvoices { #expect(SageValidator.validate(record) == []) }
        for record in VIFixtures.purchaseOrders { #expect(SageValidator.validate(record) == []) }
        for record in VIFixtures.glEntries { #expect(SageValidator.validate(record) == []) }
        for record in VIFixtures.manualChecks { #expect(SageValidator.validate(record) == []) }
    }

    @Test func tableHoldsTheDocumentedLimits() throws {
        let quantity = try #require(SageFieldLimits.limit(table: .poPurchaseOrderDetail, field: "QuantityOrdered"))
        #expect(quantity.type == .numeric(precision: 15, scale: 6, signed: true))
        let extensionAmt = try #require(SageFieldLimits.limit(table: .poPurchaseOrderDetail, field: "ExtensionAmt"))
        #expect(extensionAmt.type == .numeric(precision: 11, scale: 2, signed: true))
        #expect(SageFieldLimits.limit(table: .apVendor, field: "VendorName")?.maxLength == 30)
        #expect(SageFieldLimits.limit(table: .apVendor, field: "VendorNo")?.maxLength == 7)
        #expect(SageFieldLimits.limit(table: .apVendor, field: "EmailAddress")?.maxLength == 250)
        #expect(SageFieldLimits.limit(table: .apVendor, field: "State")?.exactLength == 2)
        #expect(SageFieldLimits.limit(table: .apInvoiceHeader, field: "InvoiceDate")?.required == true)
        #expect(SageFieldLimits.limit(table: .apInvoiceHeader, field: "TermsCode")?.required == true)
        #expect(SageFieldLimits.limit(table: .apInvoiceDetail, field: "AccountKey")?.required == true)
        #expect(SageFieldLimits.limit(table: .poPurchaseOrderDetail, field: "PurchasesAcctKey")?.maxLength == 9)
        #expect(SageFieldLimits.limit(table: .poPurchaseOrderHeader, field: "OrderStatus")?.allowedValues
                == ["N", "O", "B", "C", "X"])
        #expect(SageFieldLimits.limit(table: .glAccount, field: "Status")?.allowedValues == ["A", "I", "D"])
        #expect(SageFieldLimits.limit(table: .glAccount, field: "AccountDesc")?.maxLength == 50)
        #expect(SageFieldLimits.limit(table: .apVendor, field: "Nope") == nil)
        // Every table has fields, and no field is listed twice in a table.
        for table in SageTable.allCases {
            let fields = SageFieldLimits.fields(of: table)
            #expect(!fields.isEmpty, "\(table) has no fields")
            #expect(Set(fields).count == fields.count, "\(table) lists a field twice")
        }
    }

    @Test func tooLongNameSaysLengthAndLimit() throws {
        var vendor = VIFixtures.vendors[1]
        vendor.vendorName = "Ace Quality Concrete and Masonry" + "!!"  // 34 characters
        let violations = SageValidator.validate(vendor)
        let violation = try #require(violations.first)
        #expect(violations.count == 1)
        #expect(violation.field == "VendorName")
        #expect(violation.rule == .tooLong)
        #expect(violation.record == "vendor 01-0001234")
        #expect(violation.message == "VendorName is 34 characters; Sage 100 allows 30")
        #expect(violation.description == "vendor 01-0001234: VendorName is 34 characters; Sage 100 allows 30")
        #expect(violation.limit.contains("30 characters"))
    }

    @Test func lengthBoundaryIsInclusive() {
        var vendor = VIFixtures.vendors[1]
        vendor.vendorName = String(repeating: "N", count: 30)
        #expect(SageValidator.validate(vendor) == [])
        vendor.vendorName = String(repeating: "N", count: 31)
        #expect(SageValidator.validate(vendor).map(\.message) == ["VendorName is 31 characters; Sage 100 allows 30"])
        // Characters, not bytes: "ü" is one character.
        vendor.vendorName = String(repeating: "ü", count: 30)
        #expect(SageValidator.validate(vendor) == [])
    }

    @Test func rawMapsAndTypedRecordsAgree() {
        var invoice = VIFixtures.apInvoices[0]
        invoice.comment = String(repeating: "c", count: 31)
        invoice.lines[0].costType = "SS"
        let typed = SageValidator.validate(invoice)
        let raw = invoice.rows.flatMap { row in
            SageValidator.validate(kind: .apInvoices, fields: row.textFields, level: row.level, record: row.label)
        }
        #expect(typed.map(\.description) == raw.map(\.description))
        #expect(typed.map(\.field) == ["Comment", "CostType"])
    }

    @Test func lineViolationNamesTheLine() throws {
        var invoice = VIFixtures.apInvoices[0]
        invoice.lines[1].accountKey = ""
        let violation = try #require(SageValidator.validate(invoice).first)
        #expect(violation.description == "AP invoice 00-0001234/INV-10 line 2: AccountKey is required")
        #expect(violation.table == .apInvoiceDetail)
    }

    @Test func longValuesAreShortenedInMessages() throws {
        var invoice = VIFixtures.apInvoices[0]
        invoice.invoiceNo = String(repeating: "X", count: 120)
        let violation = try #require(SageValidator.validate(invoice).first { $0.field == "InvoiceNo" })
        #expect(violation.value.count < 70)
        #expect(violation.value.contains("(120 characters)"))
        #expect(violation.record.hasPrefix("AP invoice 00-0001234/XXX"))
        #expect(violation.record.count < 80)
    }

    @Test func numericPrecisionAndScale() {
        func violations(_ field: String, _ value: String) -> [SageFieldRule] {
            SageValidator.validate(kind: .purchaseOrders, fields: [
                "ItemType": "5", "ItemCode": "/MISC", "PurchasesAcctKey": "510004000", field: value,
            ], level: .line).filter { $0.field == field }.map(\.rule)
        }
        #expect(violations("QuantityOrdered", "123456789.123456") == [])
        #expect(violations("QuantityOrdered", "1.1234567") == [.tooManyDecimals])
        #expect(violations("QuantityOrdered", "1234567890") == [.tooManyDigits])
        #expect(violations("ExtensionAmt", "999999999.99") == [])
        #expect(violations("ExtensionAmt", "1000000000.00") == [.tooManyDigits])
        #expect(violations("ExtensionAmt", "10.005") == [.tooManyDecimals])
        #expect(violations("ExtensionAmt", "-12.50") == [])
        #expect(violations("ExtensionAmt", "12,50") == [.notNumeric])
        #expect(violations("ExtensionAmt", "1e5") == [.notNumeric])
    }

    @Test func numericMessagesAreSpecific() throws {
        let found = SageValidator.validate(kind: .purchaseOrders, fields: [
            "ItemType": "5", "ItemCode": "/MISC", "PurchasesAcctKey": "510004000", "QuantityOrdered": "1.1234567",
        ], level: .line, record: "purchase order 0004501 line 3")
        let violation = try #require(found.first)
        #expect(violation.description == "purchase order 0004501 line 3: QuantityOrdered 1.1234567 has 7 decimals; Sage 100 allows 6")
    }

    @Test func negativeDebitIsRefused() {
        let found = SageValidator.validate(kind: .glEntries, fields: ["AccountKey": "510004000", "DebitAmount": "-5.00"],
                                           level: .line)
        #expect(found.map(\.rule) == [.negative])
        #expect(found.first?.message.contains("negative") == true)
    }

    @Test func allowedValuesAreEnforced() throws {
        var order = VIFixtures.purchaseOrders[0]
        order.orderStatus = "Z"
        let violation = try #require(SageValidator.validate(order).first)
        #expect(violation.field == "OrderStatus")
        #expect(violation.message == "OrderStatus 'Z' is not allowed; Sage 100 accepts N, O, B, C, X")
        let status = SageValidator.validate(table: .glAccount, fields: [
            "AccountKey": "510004000", "Account": "5100-04-00", "RawAccount": "51000400",
            "MainAccountCode": "5100", "Status": "Q"], record: "GL account 510004000")
        #expect(status.map(\.field) == ["Status"])
        var check = VIFixtures.manualChecks[0]
        check.checkType = "M"
        #expect(SageValidator.validate(check).map(\.field) == ["CheckType"])
    }

    @Test func stateMustBeTwoCharacters() {
        var vendor = VIFixtures.vendors[1]
        vendor.state = "Texas"
        #expect(SageValidator.validate(vendor).map(\.rule) == [.wrongLength, .notUpperCase])
        vendor.state = "T"
        #expect(SageValidator.validate(vendor).map(\.message) == ["State 'T' is 1 character; Sage 100 requires exactly 2"])
        vendor.state = "tx"
        #expect(SageValidator.validate(vendor).map(\.rule) == [.notUpperCase])
        vendor.state = ""
        #expect(SageValidator.validate(vendor) == [])
    }

    @Test func codesRefuseSpacesLowerCaseAndPunctuation() {
        var vendor = VIFixtures.vendors[1]
        vendor.vendorNo = " ABC"
        #expect(SageValidator.validate(vendor).map(\.rule) == [.leadingOrTrailingSpaces, .invalidCharacters])
        vendor.vendorNo = "abc"
        #expect(SageValidator.validate(vendor).map(\.rule) == [.notUpperCase])
        vendor.vendorNo = "AB-1"
        #expect(SageValidator.validate(vendor).map(\.rule) == [.invalidCharacters])
        vendor.apDivisionNo = "0"
        #expect(SageValidator.validate(vendor).contains { $0.field == "APDivisionNo" && $0.rule == .wrongLength })
    }

    @Test func rawMapChecksRequiredDatesAndUnknownFields() {
        let found = SageValidator.validate(kind: .apInvoices, fields: [
            "APDivisionNo": "00", "VendorNo": "0001234", "InvoiceNo": "INV-11",
            "InvoiceDate": "20250230", "InvoiceAmt": "10.00", "HoldPayment": "X", "Colour": "red",
            "UDF_PROCORE_ID": "123456",
        ])
        #expect(found.map(\.field) == ["InvoiceDate", "TermsCode", "HoldPayment", "Colour"])
        #expect(found.map(\.rule) == [.invalidDate, .required, .notAllowed, .unknownField])
        #expect(found[0].record == "AP invoice 00-0001234/INV-11")
        #expect(found[0].message.contains("day 30"))
        let lenient = SageValidator.validate(kind: .apInvoices, fields: ["Colour": "red"], rejectUnknownFields: false)
        #expect(!lenient.contains { $0.field == "Colour" })
    }

    @Test func rawMapRefusesARecordLevelTheKindLacks() {
        let found = SageValidator.validate(kind: .vendors, fields: ["VendorNo": "A"], level: .line)
        #expect(found.map(\.rule) == [.unknownField])
        #expect(found.first?.message.contains("vendor records have no L rows") == true)
    }

    @Test func timeFieldsAreDecimalHours() {
        func rules(_ time: String) -> [SageFieldRule] {
            SageValidator.validate(kind: .vendors, fields: [
                "APDivisionNo": "00", "VendorNo": "A1", "VendorName": "A", "TimeUpdated": time,
            ]).map(\.rule)
        }
        #expect(rules("13.5") == [])
        #expect(rules("0") == [])
        #expect(rules("24") == [.invalidTime])
        #expect(rules("13:30") == [.invalidTime])
    }

    @Test func unbalancedJournalEntrySaysByHowMuch() throws {
        var entry = VIFixtures.glEntries[0]
        entry.lines[2].creditAmount = VIFixtures.money("2987.65")
        let violation = try #require(SageValidator.validate(entry).first)
        #expect(violation.rule == .outOfBalance)
        #expect(violation.message.hasPrefix("Journal entry is out of balance by 12.34"))
        #expect(violation.record == "GL journal entry 00007/000101")
    }

    @Test func journalLineWithBothOrNeitherAmountIsRefused() {
        var entry = VIFixtures.glEntries[1]
        entry.lines[0].debitAmount = VIFixtures.money("0.01")
        entry.lines[1].debitAmount = 0
        entry.lines[1].creditAmount = 0
        let rules = SageValidator.validate(entry).map(\.rule)
        #expect(rules == [.notAllowed, .required])
    }

    @Test func invoiceLinesMustAddUpAndRetentionStayWithinTheInvoice() {
        var invoice = VIFixtures.apInvoices[0]
        invoice.lines[1].distributionAmt = VIFixtures.money("2499.99")
        let mismatch = SageValidator.validate(invoice)
        #expect(mismatch.map(\.field) == ["InvoiceAmt"])
        #expect(mismatch.first?.message.contains("difference 0.01") == true)
        invoice = VIFixtures.apInvoices[0]
        invoice.retentionAmt = VIFixtures.money("12500.01")
        #expect(SageValidator.validate(invoice).map(\.field) == ["RetentionAmt"])
        invoice.retentionAmt = VIFixtures.money("-1")
        #expect(SageValidator.validate(invoice).map(\.field) == ["RetentionAmt"])
        invoice.retentionAmt = 0
        invoice.lines = []
        #expect(SageValidator.validate(invoice).map(\.field) == ["lines"])
    }

    @Test func purchaseOrderExtensionMustMatchQuantityTimesCost() throws {
        var order = VIFixtures.purchaseOrders[0]
        order.lines[1].extensionAmt = VIFixtures.money("3086.41")
        let violation = try #require(SageValidator.validate(order).first)
        #expect(violation.record == "purchase order 0004501 line 2")
        #expect(violation.message.contains("= 3086.42"))
    }

    @Test func manualCheckTotalsMustAgree() {
        var check = VIFixtures.manualChecks[0]
        check.checkAmt = VIFixtures.money("11250.01")
        #expect(SageValidator.validate(check).map(\.field) == ["CheckAmt"])
        check = VIFixtures.manualChecks[0]
        check.lines[0].distributions[1].distributionAmt = VIFixtures.money("2249.00")
        let found = SageValidator.validate(check)
        #expect(found.map(\.field) == ["InvoiceAmt"])
        #expect(found.first?.record == "manual check A/0000012345 line 1")
    }

    @Test func customerNameOverThirtyCharacters() {
        let customer = ARCustomer(arDivisionNo: "00", customerNo: "OWNER01",
                                  customerName: "The Very Long Municipal Authority Name")
        let found = SageValidator.validate(customer)
        #expect(found.map(\.description) == ["customer 00-OWNER01: CustomerName is 38 characters; Sage 100 allows 30"])
    }
}
