/// A successful eBusiness answer, typed by operation.
public enum EBusinessResult: Sendable, Equatable {
    /// `GetContractInformationResult`.
    case contractInformation(EBusinessContractInformation)
    /// `GetCustomerResult`.
    case customer(EBusinessCustomer)
    /// `GetNextCustomerNoResult` / `GetNextSalesOrderNoResult`.
    case nextNumber(String)
    /// `GetSalesOrderResult`.
    case salesOrder(EBusinessSalesOrder)
    /// `CreateCustomerResult`, `CreateSalesOrderResult`, `UpdateSalesOrderResult`: the text of the
    /// result element (the key written, when the service returns one).
    case accepted(String?)

    public var contractInformation: EBusinessContractInformation? {
        if case .contractInformation(let value) = self { return value }
        return nil
    }
    public var customer: EBusinessCustomer? {
        if case .customer(let value) = self { return value }
        return nil
    }
    public var nextNumber: String? {
        if case .nextNumber(let value) = self { return value }
        return nil
    }
    public var salesOrder: EBusinessSalesOrder? {
        if case .salesOrder(let value) = self { return value }
        return nil
    }
}
