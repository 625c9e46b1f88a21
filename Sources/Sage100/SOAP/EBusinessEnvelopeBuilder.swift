/// Builds eBusiness request envelopes for one configuration (namespace, company, user).
///
/// Every builder takes a `password`: pass `.redacted` (the default) for envelopes written to
/// the outbox, and call ``EBusinessEnvelope/withPassword(_:)`` when sending.
public struct EBusinessEnvelopeBuilder: Sendable {
    public let configuration: EBusinessConfiguration

    public init(configuration: EBusinessConfiguration) {
        self.configuration = configuration
    }

    /// The envelope for any call.
    public func envelope(_ call: EBusinessCall, password: EBusinessPassword = .redacted) throws -> EBusinessEnvelope {
        let request = EBusinessRequest(
            logon: EBusinessLogon(username: configuration.username, password: password),
            companyCode: configuration.companyCode, arguments: call)
        return try EBusinessEnvelope(request: request, namespaceURI: configuration.namespaceURI)
    }

    /// `GetContractInformation`: contract and assembly versions (a cheap "ping").
    public func getContractInformation(password: EBusinessPassword = .redacted) throws -> EBusinessEnvelope {
        try envelope(.getContractInformation, password: password)
    }

    /// `GetCustomer(customerNo, arDivisionNo)`.
    public func getCustomer(customerNo: String, arDivisionNo: String, password: EBusinessPassword = .redacted) throws
        -> EBusinessEnvelope
    {
        try envelope(.getCustomer(customerNo: customerNo, arDivisionNo: arDivisionNo), password: password)
    }

    /// `GetNextCustomerNo`.
    public func getNextCustomerNo(password: EBusinessPassword = .redacted) throws -> EBusinessEnvelope {
        try envelope(.getNextCustomerNo, password: password)
    }

    /// `CreateCustomer(customer)`.
    public func createCustomer(_ customer: EBusinessCustomer, password: EBusinessPassword = .redacted) throws
        -> EBusinessEnvelope
    {
        try envelope(.createCustomer(customer), password: password)
    }

    /// `GetSalesOrder(salesOrderNo)`.
    public func getSalesOrder(salesOrderNo: String, password: EBusinessPassword = .redacted) throws -> EBusinessEnvelope {
        try envelope(.getSalesOrder(salesOrderNo: salesOrderNo), password: password)
    }

    /// `GetNextSalesOrderNo`.
    public func getNextSalesOrderNo(password: EBusinessPassword = .redacted) throws -> EBusinessEnvelope {
        try envelope(.getNextSalesOrderNo, password: password)
    }

    /// `CreateSalesOrder(salesOrder)`.
    public func createSalesOrder(_ order: EBusinessSalesOrder, password: EBusinessPassword = .redacted) throws
        -> EBusinessEnvelope
    {
        try envelope(.createSalesOrder(order), password: password)
    }

    /// `UpdateSalesOrder(salesOrder)`.
    public func updateSalesOrder(_ order: EBusinessSalesOrder, password: EBusinessPassword = .redacted) throws
        -> EBusinessEnvelope
    {
        try envelope(.updateSalesOrder(order), password: password)
    }
}
