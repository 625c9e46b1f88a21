/// One operation with its arguments: what a request asks for.
public enum EBusinessCall: Sendable, Equatable {
    case getContractInformation
    case getCustomer(customerNo: String, arDivisionNo: String)
    case getNextCustomerNo
    case createCustomer(EBusinessCustomer)
    case getSalesOrder(salesOrderNo: String)
    case getNextSalesOrderNo
    case createSalesOrder(EBusinessSalesOrder)
    case updateSalesOrder(EBusinessSalesOrder)

    /// The operation this call invokes.
    public var operation: EBusinessOperation {
        switch self {
        case .getContractInformation: .getContractInformation
        case .getCustomer: .getCustomer
        case .getNextCustomerNo: .getNextCustomerNo
        case .createCustomer: .createCustomer
        case .getSalesOrder: .getSalesOrder
        case .getNextSalesOrderNo: .getNextSalesOrderNo
        case .createSalesOrder: .createSalesOrder
        case .updateSalesOrder: .updateSalesOrder
        }
    }
}
