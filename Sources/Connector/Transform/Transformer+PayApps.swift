import Money
import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// An approved owner payment application -> a balanced `GLJournalEntry`: debit the
    /// `accounts_receivable` control account, credit the `revenue` control account (both filled
    /// with the project's segments), for the amount billed this period net of retainage
    /// (`g702.current_payment_due`). A negative amount (a credit billing) swaps the sides.
    /// Nil when not approved or when the amount is zero.
    func buildPayAppJournalEntry(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let payApp: PaymentApplication
        switch decode(PaymentApplication.self, staged) {
        case .failure(let failure): return .failure(failure)
        case .success(let p): payApp = p
        }
        guard (payApp.status ?? "").lowercased() == "approved" else { return .success(nil) }
        let projectID = staged.projectID
        var labelParts: [String] = []
        if let number = payApp.number { labelParts.append("number \(number)") }
        if let invoice = payApp.invoiceNumber, !invoice.isEmpty { labelParts.append("invoice \(SageText.shown(invoice))") }
        if let owner = payApp.formattedContractCompany, !owner.isEmpty { labelParts.append(SageText.shown(owner)) }
        let label = "payment application \(payApp.id)" + (labelParts.isEmpty ? "" : " (\(labelParts.joined(separator: ", ")))")

        guard let amount = payApp.g702?.currentPaymentDue else {
            return .failure(BuildFailure("\(label): it has no g702.current_payment_due (the amount billed this period, net of retainage), so there is nothing to post; complete the payment application's G702 summary in Procore and pull again", label: label))
        }
        if amount == 0 { return .success(nil) }

        var reasons: [String] = []
        var adjusted: [TransformSummary.AdjustedValue] = []
        let receivable: GLAccountRef?
        switch accounts.resolve(.accountsReceivable, projectID: projectID) {
        case .failure(let error): reasons.append("\(label): \(error.description)"); receivable = nil
        case .success(let account): receivable = account
        }
        let revenue: GLAccountRef?
        switch accounts.resolve(.revenue, projectID: projectID) {
        case .failure(let error): reasons.append("\(label): \(error.description)"); revenue = nil
        case .success(let account): revenue = account
        }
        guard reasons.isEmpty, let receivable, let revenue else { return .failure(BuildFailure(reasons, label: label)) }

        let job = jobNo(projectID)
        let reference = payApp.invoiceNumber.flatMap { $0.isEmpty ? nil : $0 } ?? payApp.number.map(String.init) ?? String(payApp.id)
        let comment = fit("Owner billing \(reference)", 30, field: "Comment", record: label, adjusted: &adjusted)
        let size = amount < 0 ? -amount : amount
        let lines: [GLJournalLine] = amount > 0
            ? [GLJournalLine(accountKey: receivable.accountKey, debitAmount: size, comment: comment),
               GLJournalLine(accountKey: revenue.accountKey, creditAmount: size, comment: comment)]
            : [GLJournalLine(accountKey: receivable.accountKey, creditAmount: size, comment: comment),
               GLJournalLine(accountKey: revenue.accountKey, debitAmount: size, comment: comment)]
        let kind = SageDocumentKind.glEntries.rawValue
        let jobValue = job.isEmpty ? nil : job
        let amounts = [RecordAmount(kind: kind, vendorNo: nil, jobNo: jobValue, account: receivable.account, amount: amount),
                       RecordAmount(kind: kind, vendorNo: nil, jobNo: jobValue, account: revenue.account, amount: -amount)]
        let date = sageDate(payApp.billingDate) ?? sageDate(payApp.periodEnd) ?? sageDate(payApp.updatedAt)
            ?? sageDate(payApp.createdAt) ?? today
        let record = GLJournalEntry(
            entryNo: "", postingDate: date,
            journalComment: fit("Procore pay app \(payApp.id)", 30, field: "JournalComment", record: label, adjusted: &adjusted),
            lines: lines)
        return .success(DocumentDraft(record: record, label: label, amounts: amounts, targetKey: nil, adjusted: adjusted))
    }
}

extension TransformSession {
    /// Identity-map resource of the customers the connector numbers (key `ARDivisionNo + CustomerNo`,
    /// Procore id = the project).
    static let customerResource = "customers"
    /// Identity-map resource of sales orders (key `SalesOrderNo`, Procore id = the pay app).
    static let salesOrderResource = SageDocumentKind.salesOrders.rawValue

    /// An approved owner payment application -> a `SalesOrderDocument` (`owner_billing:
    /// sales_order`): one line for the amount billed this period net of retainage
    /// (`g702.current_payment_due`), item `mapping.sales_orders.item_code`, for the project's
    /// customer (`mapping.customers`), created in Sage when missing. The SalesOrderNo is `P` +
    /// the pay app id in base 36 (6 digits), or the number an earlier run recorded, and goes to
    /// the identity map with the batch. Nil when not approved or when the amount is zero.
    func buildPayAppSalesOrder(_ staged: StagedRecord) -> Result<DocumentDraft?, BuildFailure> {
        let payApp: PaymentApplication
        switch decode(PaymentApplication.self, staged) {
        case .failure(let failure): return .failure(failure)
        case .success(let p): payApp = p
        }
        guard (payApp.status ?? "").lowercased() == "approved" else { return .success(nil) }
        let label = payAppLabel(payApp)
        guard let amount = payApp.g702?.currentPaymentDue else {
            return .failure(BuildFailure("\(label): it has no g702.current_payment_due (the amount billed this period, net of retainage), so there is nothing to post; complete the payment application's G702 summary in Procore and pull again", label: label))
        }
        if amount == 0 { return .success(nil) }
        var reasons: [String] = []
        if t.mapping.ebusiness == nil {
            reasons.append("\(label): mapping.owner_billing is sales_order but the configuration has no ebusiness: section, so the sales order envelope cannot be written; add ebusiness: { namespace, username, password_env } or set owner_billing: journal_entry")
        }
        if amount < 0 {
            reasons.append("\(label): g702.current_payment_due is \(Money.grouped(amount)), a credit billing; a sales order cannot carry a credit. Enter the credit memo in Sage 100 by hand, or post owner billings as journal entries (mapping.owner_billing: journal_entry)")
        }
        if SageDecimal.scale(of: amount) > 2 {
            reasons.append("\(label): g702.current_payment_due \(SageDecimal.plain(amount)) has more than 2 decimals; Sage 100 amounts are in cents. Correct the pay app in Procore and pull again")
        }
        guard let projectID = staged.projectID else {
            return .failure(BuildFailure(reasons + ["\(label): the staged record names no project, so its customer cannot be found; pull it again from its project"], label: label))
        }
        var adjusted: [TransformSummary.AdjustedValue] = []
        let owner = (payApp.formattedContractCompany ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let customer: (number: String, create: Bool, pair: IdentityPair?)?
        switch customerFor(projectID: projectID, label: label) {
        case .failure(let failure): reasons += failure.reasons; customer = nil
        case .success(let found): customer = found
        }
        if let customer, customer.create, owner.isEmpty {
            reasons.append("\(label): it names no owner (formatted_contract_company), so customer \(t.mapping.arDivision)-\(customer.number) cannot be created with a name; set the prime contract's owner company in Procore and pull again, or pair project \(projectID) with an existing customer in mapping.customers.table")
        }
        let number: (value: String, pair: IdentityPair?)?
        switch salesOrderNumber(payAppID: payApp.id, label: label) {
        case .failure(let failure): reasons += failure.reasons; number = nil
        case .success(let found): number = found
        }
        guard reasons.isEmpty, let customer, let number else { return .failure(BuildFailure(reasons, label: label)) }

        let division = t.mapping.arDivision
        let reference = payApp.invoiceNumber.flatMap { $0.isEmpty ? nil : $0 } ?? payApp.number.map(String.init) ?? String(payApp.id)
        let date = sageDate(payApp.billingDate) ?? sageDate(payApp.periodEnd) ?? sageDate(payApp.updatedAt)
            ?? sageDate(payApp.createdAt) ?? today
        var lineComment = "Procore pay app \(payApp.id)"
        if let n = payApp.number { lineComment += " #\(n)" }
        if let end = sageDate(payApp.periodEnd) { lineComment += ", period ending \(end.yyyymmdd)" }
        lineComment += ": amount due this period, net of retainage"
        let order = SalesOrder(
            salesOrderNo: number.value, orderDate: date, arDivisionNo: division, customerNo: customer.number,
            customerPONo: fit(payApp.invoiceNumber, 15, field: "CustomerPONo", record: label, adjusted: &adjusted),
            comment: fit("Owner billing \(reference)", 30, field: "Comment", record: label, adjusted: &adjusted),
            lines: [SalesOrderLine(itemCode: t.mapping.salesOrders.itemCode, itemType: t.mapping.salesOrders.itemType,
                                   quantityOrdered: 1, unitPrice: amount, extensionAmt: amount, commentText: lineComment)])
        let name = owner.isEmpty ? customer.number
            : fit(owner, 30, field: "CustomerName", record: label, adjusted: &adjusted)
        let arCustomer = ARCustomer(arDivisionNo: division, customerNo: customer.number, customerName: name,
                                    termsCode: t.mapping.customers.termsCode ?? t.mapping.termsCode ?? "")
        let document = SalesOrderDocument(order: order, customer: arCustomer, createCustomerWhenMissing: customer.create,
                                          procoreID: String(payApp.id))
        let job = jobNo(projectID)
        let amounts = [RecordAmount(kind: SageDocumentKind.salesOrders.rawValue, vendorNo: nil, jobNo: job.isEmpty ? nil : job,
                                    account: nil, amount: amount)]
        return .success(DocumentDraft(record: document, label: label,
                                      identities: [number.pair, customer.pair].compactMap { $0 },
                                      amounts: amounts, targetKey: number.value, adjusted: adjusted))
    }

    /// "payment application 7701 (number 7, invoice OI-7, City of Boise)".
    func payAppLabel(_ payApp: PaymentApplication) -> String {
        var parts: [String] = []
        if let number = payApp.number { parts.append("number \(number)") }
        if let invoice = payApp.invoiceNumber, !invoice.isEmpty { parts.append("invoice \(SageText.shown(invoice))") }
        if let owner = payApp.formattedContractCompany, !owner.isEmpty { parts.append(SageText.shown(owner)) }
        return "payment application \(payApp.id)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }

    /// Identity pairs of `resource` held by documents waiting for their batch in this run.
    func pendingPairs(_ resource: String) -> [IdentityPair] {
        (pending[.salesOrders] ?? []).flatMap(\.identities).filter { $0.resource == resource }
    }

    /// The project's customer: `mapping.customers.table`, else the number recorded for the
    /// project, else (create_missing) a new number from the scheme. `pair` is a new
    /// identity-map pair to record with the batch.
    func customerFor(projectID: Int64, label: String) -> Result<(number: String, create: Bool, pair: IdentityPair?), BuildFailure> {
        let config = t.mapping.customers
        let division = t.mapping.arDivision
        if let number = config.table[projectID] { return .success((number, config.createMissing, nil)) }
        guard config.createMissing, let scheme = config.numberScheme else {
            return .failure(BuildFailure("\(label): project \(projectID) has no Sage customer; add it to mapping.customers.table (\"\(projectID)\": CUSTOMERNO) or set mapping.customers.create_missing: true with a number_scheme", label: label))
        }
        let resource = Self.customerResource
        if let pair = pendingPairs(resource).first(where: { $0.procoreID == projectID }) {
            return .success((SageDocumentKey.after(division, in: pair.sageKey) ?? pair.sageKey, true, nil))
        }
        let identities = LedgerIdentityLookup(ledger: t.ledger, company: company)
        do {
            if let recorded = try identities.sageKey(resource: resource, procoreID: projectID) {
                guard let number = SageDocumentKey.after(division, in: recorded) else {
                    return .failure(BuildFailure("\(label): project \(projectID) was paired with customer \(recorded) in another AR division than \(division) (mapping.ar_division changed); pair it explicitly in mapping.customers.table", label: label))
                }
                return .success((number, true, nil))
            }
            let claimed = Dictionary(pendingPairs(resource).map { ($0.sageKey, $0.procoreID) }, uniquingKeysWith: { a, _ in a })
            let explicit = Set(config.table.values)
            let capacity = scheme.capacity
            let start = projectID % capacity
            for step in 0..<min(capacity, 10_000) {
                let candidate = scheme.number((start + step) % capacity)
                let key = SageDocumentKey.customer(division: division, customerNo: candidate)
                if explicit.contains(candidate) { continue }
                if let owner = claimed[key], owner != projectID { continue }
                if let owner = try identities.procoreID(resource: resource, sageKey: key), owner != projectID { continue }
                return .success((candidate, true, IdentityPair(resource: resource, procoreID: projectID, sageKey: key)))
            }
        } catch {
            return .failure(BuildFailure("\(label): the identity map could not be read to number project \(projectID)'s customer (\(error)); run the transform again", label: label))
        }
        return .failure(BuildFailure("\(label): every customer number of mapping.customers.number_scheme tried is paired with another project; widen the scheme (width) or pair project \(projectID) in mapping.customers.table", label: label))
    }

    /// The SalesOrderNo of a pay app: the number recorded by an earlier run, else `P` + base36(id)
    /// in 6 digits, moving on past numbers paired with other pay apps. `pair` is new.
    func salesOrderNumber(payAppID: Int64, label: String) -> Result<(value: String, pair: IdentityPair?), BuildFailure> {
        let resource = Self.salesOrderResource
        let identities = LedgerIdentityLookup(ledger: t.ledger, company: company)
        do {
            if let recorded = try identities.sageKey(resource: resource, procoreID: payAppID) { return .success((recorded, nil)) }
            let claimed = Dictionary(pendingPairs(resource).map { ($0.sageKey, $0.procoreID) }, uniquingKeysWith: { a, _ in a })
            for step in 0..<Int64(10_000) {
                let candidate = "P" + Base36.padded(payAppID &+ step, width: 6)
                if let owner = claimed[candidate], owner != payAppID { continue }
                if let owner = try identities.procoreID(resource: resource, sageKey: candidate), owner != payAppID { continue }
                return .success((candidate, IdentityPair(resource: resource, procoreID: payAppID, sageKey: candidate)))
            }
        } catch {
            return .failure(BuildFailure("\(label): the identity map could not be read to number its sales order (\(error)); run the transform again", label: label))
        }
        return .failure(BuildFailure("\(label): no free sales order number was found after 10000 tries; pair the pay app by hand in the identity map", label: label))
    }
}
