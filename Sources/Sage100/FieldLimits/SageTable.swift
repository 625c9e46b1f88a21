/// A Sage 100 table (as BOI and Visual Integrator name it).
public enum SageTable: String, Sendable, Codable, CaseIterable, Hashable, CustomStringConvertible {
    case apVendor = "AP_Vendor"
    case apInvoiceHeader = "AP_InvoiceHeader"
    case apInvoiceDetail = "AP_InvoiceDetail"
    case poPurchaseOrderHeader = "PO_PurchaseOrderHeader"
    case poPurchaseOrderDetail = "PO_PurchaseOrderDetail"
    case glJournalHeader = "GL_GeneralJournalHeader"
    case glJournalDetail = "GL_GeneralJournalDetail"
    case apManualCheckHeader = "AP_ManualCheckHeader"
    case apManualCheckDetail = "AP_ManualCheckDetail"
    case apManualCheckDistribution = "AP_ManualCheckDistribution"
    case glAccount = "GL_Account"
    case arCustomer = "AR_Customer"
    case soSalesOrderHeader = "SO_SalesOrderHeader"
    case soSalesOrderDetail = "SO_SalesOrderDetail"

    public var description: String { rawValue }
}
