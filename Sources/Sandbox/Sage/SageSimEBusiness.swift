import Foundation
import GRDB
import Hummingbird
import NIOCore
import Sage100

/// eBusiness Web Services as the agent relays them: parses the SOAP envelope (H4's safe
/// parser), checks the logon and company, and runs the customer and sales order operations
/// against the AR_Customer and SO_SalesOrder tables. Faults come back with HTTP 500, as
/// SOAP 1.1 prescribes.
final class SageSimEBusiness: Sendable {
    let core: SageSimCore

    static let logonFailure =
        "Logon failure: The user logon or password does not match or the user logon is not enabled for web services."

    init(core: SageSimCore) { self.core = core }

    var namespace: String { core.configuration.ebusinessNamespace }

    /// The HTTP answer to one relayed envelope. After a write Sage committed (CreateCustomer,
    /// CreateSalesOrder, UpdateSalesOrder), ``SageAgentSimulator/dropConnectionAfterCommit(count:)``
    /// cuts the answer short (status, headers, half the body, then the connection closes), as
    /// for imports: the client sees a transport error although Sage has the record.
    func respond(_ body: Data, channel: any Channel) async -> Response {
        let (status, xml) = await handle(body)
        if status == .ok, Self.isWrite(body, namespace: namespace), core.takeDrop() {
            let half = xml.prefix(max(1, xml.count / 2))
            return Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                            body: ResponseBody(contentLength: xml.count) { writer in
                                try await writer.write(ByteBuffer(bytes: half))
                                try? await channel.close()
                            })
        }
        return Response(status: status, headers: [.contentType: "text/xml; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: xml)))
    }

    static func isWrite(_ body: Data, namespace: String) -> Bool {
        guard let request = try? EBusinessRequest.parse(bytes: Array(body), namespaceURI: namespace) else { return false }
        switch request.operation {
        case .createCustomer, .createSalesOrder, .updateSalesOrder: return true
        default: return false
        }
    }

    func handle(_ body: Data) async -> (HTTPResponse.Status, [UInt8]) {
        do {
            let request: EBusinessRequest
            do {
                request = try EBusinessRequest.parse(bytes: Array(body), namespaceURI: namespace)
            } catch {
                throw SageSimSOAPFault(code: "", message: "The request envelope could not be read: \(error)")
            }
            let config = core.configuration
            guard request.logon.matches(username: config.ebusinessUsername, password: Secret(config.ebusinessPassword)) else {
                throw SageSimSOAPFault(code: "", message: SageSimEBusiness.logonFailure)
            }
            guard request.companyCode.uppercased() == config.company.uppercased() else {
                throw SageSimSOAPFault(code: "CI_NoKey", message: "The company code \(request.companyCode) is invalid or not enabled for web services.")
            }
            let result = try await perform(request.arguments)
            return (.ok, try EBusinessResponse.result(result, operation: request.operation, namespaceURI: namespace))
        } catch let fault as SageSimSOAPFault {
            return (.internalServerError, (try? EBusinessResponse.fault(code: fault.code, message: fault.message, namespaceURI: namespace)) ?? [])
        } catch {
            return (.internalServerError, (try? EBusinessResponse.fault(code: "", message: "An exception occurred.", namespaceURI: namespace)) ?? [])
        }
    }

    private func perform(_ call: EBusinessCall) async throws -> EBusinessResult {
        switch call {
        case .getContractInformation:
            return .contractInformation(EBusinessContractInformation(
                contractVersion: "1.0", assemblyVersion: "7.10.0.0", nullDateTime: "1753-01-01T00:00:00"))
        case .getCustomer(let customerNo, let division):
            return try await core.database.read { db in
                guard let customer = try SageSimEBusiness.customer(division: division, number: customerNo, in: db) else {
                    throw SageSimSOAPFault(code: "CI_NOF", message: "The customer \(division)-\(customerNo) is not on file. (CI_NOF)")
                }
                return .customer(customer)
            }
        case .getNextCustomerNo:
            return try await core.database.write { db in
                .nextNumber(try SageSimSchema.nextNumber("CustomerNo", width: 7, start: 1, in: db) { candidate in
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM AR_Customer WHERE CustomerNo = ?", arguments: [candidate]) ?? false
                })
            }
        case .createCustomer(let customer):
            return try await core.database.write { db in try self.createCustomer(customer, in: db) }
        case .getSalesOrder(let number):
            return try await core.database.read { db in
                guard let order = try SageSimEBusiness.salesOrder(number, in: db) else {
                    throw SageSimSOAPFault(code: "CI_NOF", message: "The sales order \(number) is not on file. (CI_NOF)")
                }
                return .salesOrder(order)
            }
        case .getNextSalesOrderNo:
            return try await core.database.write { db in
                .nextNumber(try SageSimSchema.nextNumber("SalesOrderNo", width: 7, start: 101, in: db) { candidate in
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM SO_SalesOrderHeader WHERE SalesOrderNo = ?", arguments: [candidate]) ?? false
                })
            }
        case .createSalesOrder(let order):
            return try await core.database.write { db in try self.writeSalesOrder(order, create: true, in: db) }
        case .updateSalesOrder(let order):
            return try await core.database.write { db in try self.writeSalesOrder(order, create: false, in: db) }
        }
    }

    // MARK: - Customers

    private func createCustomer(_ customer: EBusinessCustomer, in db: Database) throws -> EBusinessResult {
        var fields: [String: String] = [
            "ARDivisionNo": customer.arDivisionNo, "CustomerNo": customer.customerNo, "CustomerName": customer.customerName,
        ]
        let optional: [(String, String?)] = [
            ("AddressLine1", customer.addressLine1), ("AddressLine2", customer.addressLine2), ("AddressLine3", customer.addressLine3),
            ("City", customer.city), ("State", customer.state), ("ZipCode", customer.zipCode),
            ("TelephoneNo", customer.telephoneNo), ("EmailAddress", customer.emailAddress), ("TermsCode", customer.termsCode),
        ]
        for (name, value) in optional { if let value { fields[name] = value } }
        try SageSimEBusiness.checkFields(fields, table: .arCustomer, record: customer.recordName)
        var udf: [String: String] = [:]
        for field in customer.otherFields {
            guard field.masFieldName.hasPrefix("UDF_") else {
                throw SageSimSOAPFault(code: "", message: "The field \(field.masFieldName) is not available to web services.")
            }
            udf[field.masFieldName] = field.value
        }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM AR_Customer WHERE ARDivisionNo = ? AND CustomerNo = ?",
                             arguments: [customer.arDivisionNo, customer.customerNo]) ?? false {
            throw SageSimSOAPFault(code: "WS_AlreadyExists", message: "The customer \(customer.arDivisionNo)-\(customer.customerNo) already exists. (WS_AlreadyExists)")
        }
        if let terms = customer.termsCode, !terms.isEmpty,
           !(try Bool.fetchOne(db, sql: "SELECT 1 FROM AP_TermsCode WHERE TermsCode = ?", arguments: [terms]) ?? false) {
            throw SageSimSOAPFault(code: "", message: "The TermsCode \(terms) is invalid.")
        }
        fields["UDF"] = try SageSimImporter.udfJSON(udf)
        let stamp = SageSimStamp()
        fields.merge(["DateCreated": stamp.date, "TimeCreated": stamp.time, "DateUpdated": stamp.date, "TimeUpdated": stamp.time]) { a, _ in a }
        try SageSimSchema.insert(SageSimSchema.customer, fields, in: db)
        return .accepted(customer.customerNo)
    }

    static func customer(division: String, number: String, in db: Database) throws -> EBusinessCustomer? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM AR_Customer WHERE ARDivisionNo = ? AND CustomerNo = ?",
                                         arguments: [division, number]) else { return nil }
        let f = SageSimSchema.fields(of: row)
        let udf = SageSimKey.decode(f["UDF"] ?? "{}")
        return EBusinessCustomer(
            arDivisionNo: f["ARDivisionNo"] ?? "", customerNo: f["CustomerNo"] ?? "", customerName: f["CustomerName"] ?? "",
            addressLine1: f["AddressLine1"], addressLine2: f["AddressLine2"], addressLine3: f["AddressLine3"],
            city: f["City"], state: f["State"], zipCode: f["ZipCode"], telephoneNo: f["TelephoneNo"],
            emailAddress: f["EmailAddress"], termsCode: f["TermsCode"],
            otherFields: udf.sorted { $0.key < $1.key }.map { EBusinessField(masFieldName: $0.key, value: $0.value) })
    }

    // MARK: - Sales orders

    private func writeSalesOrder(_ order: EBusinessSalesOrder, create: Bool, in db: Database) throws -> EBusinessResult {
        var header: [String: String] = [
            "SalesOrderNo": order.salesOrderNo, "OrderDate": order.orderDate,
            "ARDivisionNo": order.arDivisionNo, "CustomerNo": order.customerNo,
        ]
        if let po = order.customerPONo { header["CustomerPONo"] = po }
        if let comment = order.comment { header["Comment"] = comment }
        try SageSimEBusiness.checkFields(header, table: .soSalesOrderHeader, record: order.recordName)
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM SO_SalesOrderHeader WHERE SalesOrderNo = ?",
                                       arguments: [order.salesOrderNo]) ?? false
        if create && exists {
            throw SageSimSOAPFault(code: "WS_AlreadyExists", message: "The sales order \(order.salesOrderNo) already exists. (WS_AlreadyExists)")
        }
        if !create && !exists {
            throw SageSimSOAPFault(code: "CI_NOF", message: "The sales order \(order.salesOrderNo) is not on file. (CI_NOF)")
        }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM AR_Customer WHERE ARDivisionNo = ? AND CustomerNo = ?",
                                arguments: [order.arDivisionNo, order.customerNo]) ?? false else {
            throw SageSimSOAPFault(code: "CI_NOF", message: "The customer \(order.arDivisionNo)-\(order.customerNo) is not on file. (CI_NOF)")
        }
        var lines: [[String: String]] = []
        for (i, line) in order.lines.enumerated() {
            var fields: [String: String] = [
                "ItemCode": line.itemCode,
                "QuantityOrdered": AgentWire.decimalString(line.quantity, scale: 6),
                "UnitPrice": AgentWire.decimalString(line.unitPrice, scale: 6),
                "ExtensionAmt": SageDecimal.moneyText(line.extensionAmt),
            ]
            if let type = line.itemType { fields["ItemType"] = type }
            if let comment = line.commentText { fields["CommentText"] = comment }
            try SageSimEBusiness.checkFields(fields, table: .soSalesOrderDetail, record: "\(order.recordName) line \(i + 1)")
            let product = SageDecimal.rounded(line.quantity * line.unitPrice, scale: 2)
            if product != line.extensionAmt {
                throw SageSimSOAPFault(code: "", message: "Line \(i + 1): the ExtensionAmt \(AgentWire.money(line.extensionAmt)) does not equal Quantity × UnitPrice (\(AgentWire.money(product))).")
            }
            fields["SalesOrderNo"] = order.salesOrderNo
            fields["LineKey"] = SageSimImporter.lineKey(i)
            lines.append(fields)
        }
        var udf: [String: String] = [:]
        for field in order.otherFields where field.masFieldName.hasPrefix("UDF_") { udf[field.masFieldName] = field.value }
        header["UDF"] = try SageSimImporter.udfJSON(udf)
        let stamp = SageSimStamp()
        header["DateUpdated"] = stamp.date
        header["TimeUpdated"] = stamp.time
        if create {
            header["DateCreated"] = stamp.date
            header["TimeCreated"] = stamp.time
        } else if let old = try Row.fetchOne(db, sql: "SELECT DateCreated, TimeCreated FROM SO_SalesOrderHeader WHERE SalesOrderNo = ?",
                                             arguments: [order.salesOrderNo]) {
            header["DateCreated"] = old["DateCreated"]
            header["TimeCreated"] = old["TimeCreated"]
        }
        try db.execute(sql: "DELETE FROM SO_SalesOrderDetail WHERE SalesOrderNo = ?", arguments: [order.salesOrderNo])
        try SageSimSchema.insert(SageSimSchema.salesOrderHeader, header, replace: true, in: db)
        for line in lines { try SageSimSchema.insert(SageSimSchema.salesOrderDetail, line, in: db) }
        return .accepted(order.salesOrderNo)
    }

    static func salesOrder(_ number: String, in db: Database) throws -> EBusinessSalesOrder? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM SO_SalesOrderHeader WHERE SalesOrderNo = ?", arguments: [number])
        else { return nil }
        let f = SageSimSchema.fields(of: row)
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM SO_SalesOrderDetail WHERE SalesOrderNo = ? ORDER BY LineKey",
                                     arguments: [number]).map { lineRow -> EBusinessSalesOrderLine in
            let l = SageSimSchema.fields(of: lineRow)
            return EBusinessSalesOrderLine(
                itemCode: l["ItemCode"] ?? "", itemType: l["ItemType"],
                quantity: SageDecimal.parse(l["QuantityOrdered"] ?? "0") ?? 0,
                unitPrice: SageDecimal.parse(l["UnitPrice"] ?? "0") ?? 0,
                extensionAmt: SageDecimal.parse(l["ExtensionAmt"] ?? "0") ?? 0, commentText: l["CommentText"])
        }
        let udf = SageSimKey.decode(f["UDF"] ?? "{}")
        return EBusinessSalesOrder(
            salesOrderNo: number, orderDate: f["OrderDate"] ?? "", arDivisionNo: f["ARDivisionNo"] ?? "",
            customerNo: f["CustomerNo"] ?? "", customerPONo: f["CustomerPONo"], comment: f["Comment"], lines: lines,
            otherFields: udf.sorted { $0.key < $1.key }.map { EBusinessField(masFieldName: $0.key, value: $0.value) })
    }

    /// Field limits as eBusiness reports them: too long -> CI_CharLength, a missing key ->
    /// CI_NoKey, anything else a plain fault naming the field.
    static func checkFields(_ fields: [String: String], table: SageTable, record: String) throws {
        for limit in SageFieldLimits.limits(for: table) {
            let value = fields[limit.field] ?? ""
            guard let problem = SageSimFieldChecker.problem(with: value, limit: limit) else { continue }
            if value.isEmpty {
                throw SageSimSOAPFault(code: "CI_NoKey", message: "\(record): \(problem) (CI_NoKey)")
            }
            if let max = limit.maxLength, value.count > max, limit.exactLength == nil {
                throw SageSimSOAPFault(code: "CI_CharLength", message: "\(record): The \(limit.field) exceeds the maximum length of \(max) characters. (CI_CharLength)")
            }
            throw SageSimSOAPFault(code: "", message: "\(record): \(problem)")
        }
    }
}

/// A SOAP fault to answer with: Sage's error code (may be empty) and its message.
struct SageSimSOAPFault: Error {
    var code: String
    var message: String
}
