import Foundation
@testable import Sage100

/// Sample documents shared by the model, validator and Visual Integrator tests.
enum VIFixtures {
    static func date(_ text: String) -> SageDate {
        // Fixture dates are literals known to be valid.
        try! SageDate(parsing: text)
    }

    static func money(_ text: String) -> Decimal {
        SageDecimal.parse(text)!
    }

    static let vendors: [APVendor] = [
        APVendor(apDivisionNo: "00", vendorNo: "MUELLER", vendorName: "Müller & Söhne GmbH",
                 addressLine1: "Königstraße 12, Hof 3", city: "Stuttgart", state: "", zipCode: "70173",
                 countryCode: "DEU", telephoneNo: "+49 711 555 0100", emailAddress: "ap@mueller-soehne.example",
                 termsCode: "30", form1099: "N"),
        APVendor(apDivisionNo: "01", vendorNo: "0001234", vendorName: "Ace \"Quality\" Concrete, Inc.",
                 addressLine1: "100 Main St", addressLine2: " Suite 5", city: "Austin", state: "TX",
                 zipCode: "78701", telephoneNo: "512-555-0199", telephoneExt: "12",
                 emailAddress: "billing@ace.example", termsCode: "01", form1099: "M", box1099: "7"),
        APVendor(apDivisionNo: "00", vendorNo: "LODZ", vendorName: "Łódź Steel — Ősz Kft.",
                 city: "Łódź", zipCode: "90-001", countryCode: "POL", termsCode: "00"),
    ]

    static let apInvoices: [APInvoice] = [
        APInvoice(apDivisionNo: "00", vendorNo: "0001234", invoiceNo: "INV-10", invoiceDate: date("20250131"),
                  invoiceDueDate: date("20250302"), termsCode: "30", batchNo: "00012", holdPayment: false,
                  comment: "Req #3, period to 01/31", jobNo: "2401", invoiceAmt: money("12500.00"),
                  retentionAmt: money("1250.00"), lines: [
                    APInvoiceLine(accountKey: "510004000", distributionAmt: money("10000.00"),
                                  commentText: "Concrete, level 2", jobNo: "2401", costCode: "03-300", costType: "S"),
                    APInvoiceLine(accountKey: "510004000", distributionAmt: money("2500.00"),
                                  commentText: "Change order \"CO-7\"", jobNo: "2401", costCode: "03-310", costType: "S"),
                  ]),
        APInvoice(apDivisionNo: "01", vendorNo: "MUELLER", invoiceNo: "R-2025-001", invoiceDate: date("20250215"),
                  termsCode: "00", holdPayment: true, invoiceAmt: money("-150.75"), retentionAmt: 0, lines: [
                    APInvoiceLine(lineKey: "000001", accountKey: "520000000", distributionAmt: money("-150.75"),
                                  commentText: "Credit for returned rebar"),
                  ]),
    ]

    static let purchaseOrders: [PurchaseOrder] = [
        PurchaseOrder(purchaseOrderNo: "0004501", purchaseOrderDate: date("20250110"), orderType: "S",
                      orderStatus: "O", apDivisionNo: "00", vendorNo: "0001234", termsCode: "30",
                      comment: "Subcontract SC-2401-03", lines: [
                        PurchaseOrderLine(itemType: "5", itemCode: "/SUBCONTRACT", itemCodeDesc: "Concrete package",
                                          purchasesAcctKey: "510004000", jobNo: "2401", costCode: "03-300",
                                          costType: "S", quantityOrdered: 1, unitCost: money("185000"),
                                          extensionAmt: money("185000.00")),
                        PurchaseOrderLine(itemType: "5", itemCode: "/MATERIAL", itemCodeDesc: "Rebar #5, tons",
                                          purchasesAcctKey: "510004100", jobNo: "2401", costCode: "03-210",
                                          costType: "M", quantityOrdered: money("2.5"), unitCost: money("1234.567"),
                                          extensionAmt: money("3086.42")),
                        PurchaseOrderLine(itemType: "5", itemCode: "/MISC", itemCodeDesc: "Pump hours",
                                          purchasesAcctKey: "510004100", quantityOrdered: money("0.333333"),
                                          unitCost: money("90"), extensionAmt: money("30.00")),
                      ]),
    ]

    static let glEntries: [GLJournalEntry] = [
        GLJournalEntry(batchNo: "00007", entryNo: "000101", postingDate: date("20250228"), sourceJournal: "GJ",
                       journalComment: "CO-7 approved, job 2401", lines: [
                        GLJournalLine(accountKey: "510004000", debitAmount: money("2500.00"), comment: "CO-7 concrete"),
                        GLJournalLine(accountKey: "510004100", debitAmount: money("499.99"), comment: "CO-7 rebar"),
                        GLJournalLine(accountKey: "200000000", creditAmount: money("2999.99"), comment: "Accrued subcontract"),
                       ]),
        GLJournalEntry(entryNo: "000102", postingDate: date("20250228"), journalComment: "Reclass",
                       lines: [
                        GLJournalLine(accountKey: "510004100", creditAmount: money("0.01")),
                        GLJournalLine(accountKey: "510004000", debitAmount: money("0.01")),
                       ]),
    ]

    static let manualChecks: [APManualCheck] = [
        APManualCheck(bankCode: "A", checkNo: "0000012345", checkType: "N", checkDate: date("20250305"),
                      checkAmt: money("11250.00"), apDivisionNo: "00", vendorNo: "0001234", lines: [
                        APManualCheckInvoice(invoiceNo: "INV-10", invoiceAmt: money("11250.00"), distributions: [
                            APManualCheckDistribution(accountKey: "200000000", distributionAmt: money("9000.00")),
                            APManualCheckDistribution(accountKey: "200100000", distributionAmt: money("2250.00")),
                        ]),
                      ]),
        APManualCheck(bankCode: "B", checkNo: "0000000077", checkType: "N", checkDate: date("20250306"),
                      checkAmt: money("1500.50"), apDivisionNo: "01", vendorNo: "MUELLER", batchNo: "00003", lines: [
                        APManualCheckInvoice(invoiceNo: "A-1", invoiceAmt: money("1000.00")),
                        APManualCheckInvoice(invoiceNo: "A-2", invoiceAmt: money("500.50"), distributions: [
                            APManualCheckDistribution(accountKey: "200000000", distributionAmt: money("500.50")),
                        ]),
                      ]),
    ]
}
