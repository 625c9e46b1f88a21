import Money
import Foundation
import JSON
import Sage100

/// One money line of a document, from the ledger's source amounts or from what Sage holds.
struct ReconcileLine: Sendable, Equatable {
    var vendorNo: String?
    var jobNo: String?
    /// Formatted GL account when known (else Sage's AccountKey).
    var account: String?
    var amount: Decimal
}

/// Reads the lines of a document read back from the agent, with Sage's field names.
enum PostedDocumentLines {
    /// The control amount the agent reports for the document.
    static func controlAmount(_ document: AgentPostedDocument) throws -> Decimal {
        guard let value = Money.parse(document.amount) else {
            throw ReconcileError.unreadableReadBack(kind: document.kind, sageKey: document.sageKey, field: "amount",
                                                    value: String(document.amount.prefix(40)))
        }
        return value
    }

    /// The money lines of a posted document, by vendor, job and account.
    /// AP invoices: `lines[].DistributionAmt` by `AccountKey`; purchase orders: `ExtensionAmt` by
    /// `PurchasesAcctKey` (a purchase order without the lines its change orders added, a change
    /// with only those); journal entries: `DebitAmount − CreditAmount` by `AccountKey`;
    /// manual checks: each line's `distributions[]` (or the line's `InvoiceAmt` without account).
    static func lines(_ document: AgentPostedDocument, kind: SageDocumentKind,
                      accountOf: (String) -> String) throws -> [ReconcileLine] {
        let record = document.record
        let vendor = text(record["VendorNo"])
        let headerJob = text(record["JobNo"])
        let items = record["lines"]?.arrayValue ?? []
        var result: [ReconcileLine] = []
        for (index, item) in items.enumerated() {
            let job = text(item["JobNo"]) ?? headerJob
            func money(_ field: String, in value: JSONValue? = nil) throws -> Decimal {
                let source = value ?? item
                guard let raw = source[field], !raw.isNull else { return 0 }
                let string: String
                switch raw {
                case .string(let s): string = s
                case .number(let text):
                    guard let d = raw.decimalValue else { string = text; break }
                    return d
                default: string = "\(raw)"
                }
                if string.trimmingCharacters(in: .whitespaces).isEmpty { return 0 }
                guard let decimal = Money.parse(string) else {
                    throw ReconcileError.unreadableReadBack(kind: document.kind, sageKey: document.sageKey,
                                                            field: "lines[\(index + 1)].\(field)", value: String(string.prefix(40)))
                }
                return decimal
            }
            switch kind {
            case .apInvoices:
                result.append(ReconcileLine(vendorNo: vendor, jobNo: job, account: text(item["AccountKey"]).map(accountOf),
                                            amount: try money("DistributionAmt")))
            case .purchaseOrders, .purchaseOrderChanges:
                // Lines added by change orders are reconciled with their own change documents.
                if kind == .purchaseOrders, text(item["ItemCode"]) == PurchaseOrderChange.itemCode { continue }
                result.append(ReconcileLine(vendorNo: vendor, jobNo: job, account: text(item["PurchasesAcctKey"]).map(accountOf),
                                            amount: try money("ExtensionAmt")))
            case .glEntries:
                result.append(ReconcileLine(vendorNo: vendor, jobNo: job, account: text(item["AccountKey"]).map(accountOf),
                                            amount: try money("DebitAmount") - money("CreditAmount")))
            case .manualChecks:
                let subs = item["distributions"]?.arrayValue ?? []
                if subs.isEmpty {
                    result.append(ReconcileLine(vendorNo: vendor, jobNo: job, account: nil, amount: try money("InvoiceAmt")))
                } else {
                    for sub in subs {
                        result.append(ReconcileLine(vendorNo: vendor, jobNo: text(sub["JobNo"]) ?? job,
                                                    account: text(sub["AccountKey"]).map(accountOf),
                                                    amount: try money("DistributionAmt", in: sub)))
                    }
                }
            case .salesOrders:
                result.append(ReconcileLine(vendorNo: nil, jobNo: job, account: nil, amount: try money("ExtensionAmt")))
            case .vendors:
                break
            }
        }
        return result
    }

    /// Non-empty trimmed text of a JSON string.
    static func text(_ value: JSONValue?) -> String? {
        nonEmpty(value?.stringValue)
    }
}
