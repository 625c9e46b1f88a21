import Foundation
import Sage100

/// Sample eBusiness inputs shared by the SOAP tests.
enum SOAPFixtures {
    static let password = Secret("s3cr3t-P@ss&<word>")

    static func configuration(namespaceURI: String = EBusinessConfiguration.sandboxNamespaceURI) throws
        -> EBusinessConfiguration
    {
        try EBusinessConfiguration(
            namespaceURI: namespaceURI, endpointURL: "https://127.0.0.1:4020/ebusiness", companyCode: "ABC",
            username: "webuser")
    }

    static let customer = EBusinessCustomer(
        arDivisionNo: "01", customerNo: "OWNER01", customerName: "Smith & Sons <Owner> Ltd",
        addressLine1: "12 Main St", addressLine2: "Suite \"B\"", city: "Zürich", state: "CA", zipCode: "94105",
        telephoneNo: "415-555-0100", emailAddress: "ap@owner.example", termsCode: "30",
        otherFields: [EBusinessField(masFieldName: "UDF_PROCORE_ID", value: "562949953421312")])

    static let salesOrder = EBusinessSalesOrder(
        salesOrderNo: "0000123", orderDate: "20260131", arDivisionNo: "01", customerNo: "OWNER01",
        customerPONo: "PA-7", comment: "Pay app #7 — March",
        lines: [
            EBusinessSalesOrderLine(
                itemCode: "/BILLING", itemType: "5", quantity: Decimal(string: "1")!,
                unitPrice: Decimal(string: "125000.5")!, extensionAmt: Decimal(string: "125000.50")!,
                commentText: "Work completed this period"),
            EBusinessSalesOrderLine(
                itemCode: "/RETAIN", itemType: "5", quantity: Decimal(string: "-1")!,
                unitPrice: Decimal(string: "12500.05")!, extensionAmt: Decimal(string: "-12500.05")!),
            EBusinessSalesOrderLine(
                itemCode: "/STORED", quantity: Decimal(string: "3.5")!, unitPrice: Decimal(string: "0.33")!,
                extensionAmt: Decimal(string: "1.16")!),
        ],
        otherFields: [EBusinessField(masFieldName: "UDF_PAY_APP", value: "7")])

    /// Every call the connector can make, one per operation.
    static let allCalls: [EBusinessCall] = [
        .getContractInformation,
        .getCustomer(customerNo: "OWNER01", arDivisionNo: "01"),
        .getNextCustomerNo,
        .createCustomer(customer),
        .getSalesOrder(salesOrderNo: "0000123"),
        .getNextSalesOrderNo,
        .createSalesOrder(salesOrder),
        .updateSalesOrder(salesOrder),
    ]
}
