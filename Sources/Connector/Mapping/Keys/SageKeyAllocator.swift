import Sage100

/// Chooses Sage document keys for Procore objects, deterministically and without collisions.
///
/// Purchase orders (`PurchaseOrderNo`, 7): the commitment's Procore number when it fits
/// (upper-cased; all-digit numbers zero-filled to 7 as Sage does) and no other commitment
/// holds it; otherwise `C` + the commitment id in base 36, modulo 36^6, as 6 digits, moving to
/// the next number while taken.
///
/// AP invoices (`InvoiceNo`, 10, unique per vendor): the requisition's `invoice_number` when it
/// fits (upper-cased) and the vendor has no other invoice with it; otherwise `R` + the
/// requisition id in base 36 (9 digits at most, modulo 36^9 when longer), moving to the next
/// id while taken.
///
/// Manual checks (`CheckNo`, 10, unique per bank code): the payment's Procore check number
/// when it fits (letters and digits, upper-cased) and no other payment holds it for that bank
/// code; otherwise `P` + the payment id in base 36 (9 digits at most), moving to the next id
/// while taken. Check numbers repeat across projects and bank accounts in real companies.
///
/// An object already in the identity map keeps its key. "Taken" means: paired with another
/// Procore object in the identity map, present in Sage (when the caller passes Sage's keys), or
/// handed out earlier in this run. New pairs are collected in ``allocations`` for the caller
/// to record in the ledger.
public struct SageKeyAllocator: Sendable {
    /// Identity-map resource for purchase orders.
    public static let purchaseOrderResource = SageDocumentKind.purchaseOrders.rawValue
    /// Identity-map resource for AP invoices.
    public static let invoiceResource = SageDocumentKind.apInvoices.rawValue
    /// Identity-map resource for manual checks (`BankCode + CheckNo`).
    public static let checkResource = SageDocumentKind.manualChecks.rawValue
    /// Sage `CheckNo` length.
    public static let checkNoLength = 10
    /// Sage `PurchaseOrderNo` length.
    public static let purchaseOrderLength = 7
    /// Sage `InvoiceNo` length.
    public static let invoiceNoLength = 10
    /// Most numbers tried before giving up.
    public static let maxProbes = 10_000

    let identities: any IdentityLookup
    let sagePurchaseOrders: Set<String>
    let sageInvoiceKeys: Set<String>
    var claimed: [String: [String: Int64]] = [:]
    var assigned: [String: [Int64: SageKey]] = [:]
    /// Requisition id -> `APDivisionNo + VendorNo` it was numbered under in this run.
    var invoiceVendors: [Int64: String] = [:]
    /// Pairs made in this run that are not in the identity map yet.
    public private(set) var allocations: [IdentityAllocation] = []

    /// `sagePurchaseOrders`: `PurchaseOrderNo`s already in Sage; `sageInvoiceKeys`: AP invoice
    /// keys already in Sage (``SageDocumentKey/apInvoice(division:vendorNo:invoiceNo:)``). Both optional.
    public init(identities: any IdentityLookup, sagePurchaseOrders: Set<String> = [], sageInvoiceKeys: Set<String> = []) {
        self.identities = identities
        self.sagePurchaseOrders = sagePurchaseOrders
        self.sageInvoiceKeys = sageInvoiceKeys
    }

    // MARK: Purchase orders

    /// The `PurchaseOrderNo` for a Procore commitment (purchase order contract or subcontract).
    public mutating func purchaseOrderNumber(commitmentID: Int64, commitmentNumber: String?) -> Result<SageKey, SageKeyError> {
        let resource = SageKeyAllocator.purchaseOrderResource
        let subject = "commitment \(commitmentID)"
        if let key = assigned[resource]?[commitmentID] { return .success(key) }
        let result = choosePurchaseOrderNumber(commitmentID: commitmentID, commitmentNumber: commitmentNumber, subject: subject)
        if case .success(let key) = result { assigned[resource, default: [:]][commitmentID] = key }
        return result
    }

    mutating func choosePurchaseOrderNumber(commitmentID: Int64, commitmentNumber: String?, subject: String) -> Result<SageKey, SageKeyError> {
        let resource = SageKeyAllocator.purchaseOrderResource
        do {
            if let recorded = try identities.sageKey(resource: resource, procoreID: commitmentID) {
                claim(resource, recorded, commitmentID)
                return .success(SageKey(value: recorded, source: .identityMap, reason: "recorded by an earlier run"))
            }
            var fallbackReason = "it has no number"
            if let number = commitmentNumber?.trimmingWhitespace.uppercased(), !number.isEmpty {
                if let candidate = SageKeyAllocator.fittedPurchaseOrderNumber(number) {
                    if try !isTaken(resource, candidate, by: commitmentID, inSage: sagePurchaseOrders.contains(candidate)) {
                        record(resource, candidate, commitmentID, "Procore commitment number '\(number)'")
                        return .success(SageKey(value: candidate, source: .procoreNumber, reason: "Procore commitment number '\(number)'"))
                    }
                    fallbackReason = "its number '\(SafeText.shown(number))' is already used by another purchase order"
                } else {
                    fallbackReason = "its number '\(SafeText.shown(number))' does not fit PurchaseOrderNo (7 characters: letters, digits, - . / _)"
                }
            }
            let space = Base36.power(6)
            for step in 0..<Int64(SageKeyAllocator.maxProbes) {
                let candidate = "C" + Base36.padded(commitmentID &+ step, width: 6)
                if try isTaken(resource, candidate, by: commitmentID, inSage: sagePurchaseOrders.contains(candidate)) { continue }
                let reason = "scheme C + base36(commitment id mod \(space))\(step == 0 ? "" : " + \(step)"), because \(fallbackReason)"
                record(resource, candidate, commitmentID, reason)
                return .success(SageKey(value: candidate, source: .scheme, reason: reason))
            }
            return .failure(.spaceFull(subject: subject, tries: SageKeyAllocator.maxProbes))
        } catch {
            return .failure(.lookupFailed(subject: subject, reason: "\(error)"))
        }
    }

    /// The PO number Procore's number becomes, or nil when it does not fit.
    static func fittedPurchaseOrderNumber(_ number: String) -> String? {
        guard number.count <= purchaseOrderLength, let first = number.unicodeScalars.first, first.isKeyAlphanumeric,
              number.unicodeScalars.allSatisfy({ $0.isKeyAlphanumeric || "-./_".unicodeScalars.contains($0) }) else { return nil }
        if number.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            return String(repeating: "0", count: purchaseOrderLength - number.count) + number
        }
        return number
    }

    // MARK: AP invoices

    /// The `InvoiceNo` for a Procore requisition billed by `vendorNo` in `apDivisionNo`.
    public mutating func invoiceNumber(requisitionID: Int64, invoiceNumber: String?,
                                       apDivisionNo: String, vendorNo: String) -> Result<SageKey, SageKeyError> {
        let resource = SageKeyAllocator.invoiceResource
        let subject = "requisition \(requisitionID)"
        if let problem = VendorNumber.problem(vendorNo) {
            return .failure(.invalidVendor(subject: subject, problem: "vendor number \(problem)"))
        }
        guard apDivisionNo.count == 2, apDivisionNo.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            return .failure(.invalidVendor(subject: subject, problem: "AP division '\(SafeText.shown(apDivisionNo))' must be 2 digits"))
        }
        let vendorKey = SageDocumentKey.vendor(division: apDivisionNo, vendorNo: vendorNo)
        if let key = assigned[resource]?[requisitionID], let earlierVendor = invoiceVendors[requisitionID] {
            if earlierVendor == vendorKey { return .success(key) }
            return .failure(.vendorChanged(subject: subject, recordedKey: earlierVendor + "-" + key.value, vendorKey: vendorKey))
        }
        let result = chooseInvoiceNumber(requisitionID: requisitionID, invoiceNumber: invoiceNumber, vendorKey: vendorKey,
                                         vendorNo: vendorNo, subject: subject)
        if case .success(let key) = result {
            assigned[resource, default: [:]][requisitionID] = key
            invoiceVendors[requisitionID] = vendorKey
        }
        return result
    }

    mutating func chooseInvoiceNumber(requisitionID: Int64, invoiceNumber: String?, vendorKey: String,
                                      vendorNo: String, subject: String) -> Result<SageKey, SageKeyError> {
        let resource = SageKeyAllocator.invoiceResource
        do {
            if let recorded = try identities.sageKey(resource: resource, procoreID: requisitionID) {
                guard let number = SageDocumentKey.after(vendorKey, in: recorded) else {
                    return .failure(.vendorChanged(subject: subject, recordedKey: recorded, vendorKey: vendorKey))
                }
                claim(resource, recorded, requisitionID)
                return .success(SageKey(value: number, source: .identityMap, reason: "recorded by an earlier run"))
            }
            var fallbackReason = "it has no invoice number"
            if let number = invoiceNumber?.trimmingWhitespace.uppercased(), !number.isEmpty {
                if SageKeyAllocator.fitsInvoiceNo(number) {
                    let key = vendorKey + "-" + number
                    if try !isTaken(resource, key, by: requisitionID, inSage: sageInvoiceKeys.contains(key)) {
                        let reason = "Procore invoice number '\(number)'"
                        record(resource, key, requisitionID, reason)
                        return .success(SageKey(value: number, source: .procoreNumber, reason: reason))
                    }
                    fallbackReason = "vendor \(vendorNo) already has an invoice '\(SafeText.shown(number))'"
                } else {
                    fallbackReason = "its invoice number '\(SafeText.shown(number))' does not fit InvoiceNo (10 characters, starting with a letter or digit)"
                }
            }
            let width = 9
            let space = Base36.power(width)
            for step in 0..<Int64(SageKeyAllocator.maxProbes) {
                let value = ((requisitionID &+ step) % space + space) % space
                let number = "R" + Base36.encode(value)
                let key = vendorKey + "-" + number
                if try isTaken(resource, key, by: requisitionID, inSage: sageInvoiceKeys.contains(key)) { continue }
                let reason = "scheme R + base36(requisition id\(step == 0 ? "" : " + \(step)")), because \(fallbackReason)"
                record(resource, key, requisitionID, reason)
                return .success(SageKey(value: number, source: .scheme, reason: reason))
            }
            return .failure(.spaceFull(subject: subject, tries: SageKeyAllocator.maxProbes))
        } catch {
            return .failure(.lookupFailed(subject: subject, reason: "\(error)"))
        }
    }

    // MARK: Manual checks

    /// The `CheckNo` for a Procore contract payment drawn on `bankCode`.
    public mutating func checkNumber(paymentID: Int64, checkNumber: String?, bankCode: String) -> Result<SageKey, SageKeyError> {
        let resource = SageKeyAllocator.checkResource
        let subject = "contract payment \(paymentID)"
        if let key = assigned[resource]?[paymentID] { return .success(key) }
        do {
            if let recorded = try identities.sageKey(resource: resource, procoreID: paymentID),
               let number = SageDocumentKey.after(bankCode, in: recorded) {
                let key = SageKey(value: number, source: .identityMap, reason: "recorded by an earlier run")
                claim(resource, recorded, paymentID)
                assigned[resource, default: [:]][paymentID] = key
                return .success(key)
            }
            var fallbackReason = "it has no check number"
            let number = (checkNumber ?? "").uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
            if !number.isEmpty {
                if number.count <= SageKeyAllocator.checkNoLength {
                    let key = SageDocumentKey.manualCheck(bankCode: bankCode, checkNo: number)
                    if try !isTaken(resource, key, by: paymentID, inSage: false) {
                        let reason = number == checkNumber ? "Procore check number '\(number)'"
                            : "Procore check number '\(SafeText.shown(checkNumber ?? ""))' as letters and digits"
                        record(resource, key, paymentID, reason)
                        let chosen = SageKey(value: number, source: .procoreNumber, reason: reason)
                        assigned[resource, default: [:]][paymentID] = chosen
                        return .success(chosen)
                    }
                    fallbackReason = "bank \(bankCode) already has a check '\(number)' from another payment"
                } else {
                    fallbackReason = "its check number '\(SafeText.shown(checkNumber ?? ""))' is longer than CheckNo (10 letters or digits)"
                }
            }
            let space = Base36.power(9)
            for step in 0..<Int64(SageKeyAllocator.maxProbes) {
                let value = ((paymentID &+ step) % space + space) % space
                let candidate = "P" + Base36.encode(value)
                let key = SageDocumentKey.manualCheck(bankCode: bankCode, checkNo: candidate)
                if try isTaken(resource, key, by: paymentID, inSage: false) { continue }
                let reason = "scheme P + base36(payment id\(step == 0 ? "" : " + \(step)")), because \(fallbackReason)"
                record(resource, key, paymentID, reason)
                let chosen = SageKey(value: candidate, source: .scheme, reason: reason)
                assigned[resource, default: [:]][paymentID] = chosen
                return .success(chosen)
            }
            return .failure(.spaceFull(subject: subject, tries: SageKeyAllocator.maxProbes))
        } catch {
            return .failure(.lookupFailed(subject: subject, reason: "\(error)"))
        }
    }

    /// Printable ASCII, at most 10 characters, starting with a letter or digit.
    static func fitsInvoiceNo(_ number: String) -> Bool {
        guard number.count <= invoiceNoLength, let first = number.unicodeScalars.first, first.isKeyAlphanumeric else { return false }
        return number.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    }

    // MARK: Bookkeeping

    func isTaken(_ resource: String, _ key: String, by id: Int64, inSage: Bool) throws -> Bool {
        if let owner = claimed[resource]?[key] { return owner != id }
        if let owner = try identities.procoreID(resource: resource, sageKey: key) { return owner != id }
        return inSage
    }

    mutating func claim(_ resource: String, _ key: String, _ id: Int64) {
        claimed[resource, default: [:]][key] = id
    }

    mutating func record(_ resource: String, _ key: String, _ id: Int64, _ reason: String) {
        claim(resource, key, id)
        allocations.append(IdentityAllocation(resource: resource, procoreID: id, sageKey: key, reason: reason))
    }
}

extension Unicode.Scalar {
    var isKeyAlphanumeric: Bool { ("A"..."Z").contains(self) || ("0"..."9").contains(self) }
}
