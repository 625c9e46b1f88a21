import Foundation
import JSON
import Testing
@testable import Sage100

/// AP invoices write their agent JSON by hand; the bytes must be exactly those of encoding the
/// model and writing the value, or the agent and the outbox would see different records.
@Suite("Agent JSON written without Codable")
struct AgentJSONWritableTests {
    static func invoices() throws -> [APInvoice] {
        let date = try SageDate(year: 2026, month: 3, day: 9)
        let due = try SageDate(year: 1999, month: 12, day: 31)
        return [
            APInvoice(apDivisionNo: "00", vendorNo: "0001000", invoiceNo: "R-1001", invoiceDate: date, termsCode: "01",
                      invoiceAmt: Decimal(string: "1234.5")!, lines: [APInvoiceLine(accountKey: "000005000", distributionAmt: Decimal(string: "1234.5")!)]),
            APInvoice(apDivisionNo: "01", vendorNo: "ÜBER", invoiceNo: "A \"quoted\" \\ / tab\t nl\n", invoiceDate: date,
                      invoiceDueDate: due, termsCode: "", batchNo: "", holdPayment: true, comment: "Pay app «3» — retainage",
                      jobNo: "J-100", invoiceAmt: Decimal(string: "-0.10")!, retentionAmt: Decimal(string: "-0.01")!,
                      lines: [APInvoiceLine(lineKey: "000001", accountKey: "5100-01-00", distributionAmt: Decimal(string: "-0.105")!,
                                            commentText: "x", jobNo: "J-100", costCode: "09-250", costType: "L"),
                              APInvoiceLine(lineKey: nil, accountKey: "2010", distributionAmt: 0)]),
            APInvoice(apDivisionNo: "00", vendorNo: "V", invoiceNo: "N", invoiceDate: due, termsCode: "30", batchNo: "B7",
                      invoiceAmt: Decimal(string: "99999999999.99")!, lines: []),
        ]
    }

    @Test("an AP invoice's hand-written JSON is byte for byte what encoding it writes")
    func sameBytes() throws {
        for invoice in try Self.invoices() {
            var writer = JSONWriter()
            writer.write(try JSONValueEncoder().encode(invoice))
            var direct = JSONWriter()
            invoice.writeAgentJSON(&direct)
            #expect(direct.bytes == writer.bytes, "\(String(decoding: direct.bytes, as: UTF8.self))\n\(String(decoding: writer.bytes, as: UTF8.self))")
            let viaImport = try ImportRecord.json(idempotencyKey: "k", encoding: invoice)
            let decoded = try JSONDecoder().decode(ImportRecord.self, from: Data(viaImport))
            #expect(JSONWriter.bytes(of: decoded.record) == writer.bytes)
        }
    }

    @Test("dates are written as YYYYMMDD", arguments: [(1900, 1, 1, "19000101"), (2099, 12, 31, "20991231"), (2026, 2, 28, "20260228")])
    func dates(year: Int, month: Int, day: Int, text: String) throws {
        #expect(try SageDate(year: year, month: month, day: day).yyyymmdd == text)
    }
}
