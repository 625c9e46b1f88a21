/// The kinds of document the connector imports into Sage 100.
///
/// The raw value is stable and used in agent URLs (`/imports/ap-invoices`) and file names.
public enum SageDocumentKind: String, Sendable, Codable, CaseIterable, Hashable, CustomStringConvertible {
    case vendors = "vendors"
    case apInvoices = "ap-invoices"
    case purchaseOrders = "purchase-orders"
    /// Lines added to a purchase order already in Sage (an approved commitment change order):
    /// the commitment grows or shrinks where Job Cost reads committed cost, never in the GL.
    case purchaseOrderChanges = "purchase-order-changes"
    case glEntries = "gl-entries"
    case manualChecks = "manual-checks"
    /// Owner billings as AR sales orders, sent as eBusiness Web Services (SOAP) envelopes
    /// through the agent's relay, never as agent imports.
    case salesOrders = "sales-orders"

    /// Singular, plain-English name used in messages ("AP invoice").
    public var displayName: String {
        switch self {
        case .vendors: return "vendor"
        case .apInvoices: return "AP invoice"
        case .purchaseOrders: return "purchase order"
        case .purchaseOrderChanges: return "purchase order change"
        case .glEntries: return "GL journal entry"
        case .manualChecks: return "manual check"
        case .salesOrders: return "sales order"
        }
    }

    /// Plural of ``displayName`` ("AP invoices"), for counts.
    public var pluralName: String {
        switch self {
        case .glEntries: return "GL journal entries"
        default: return displayName + "s"
        }
    }

    /// "1 AP invoice", "3 AP invoices".
    public func counted(_ count: Int) -> String { "\(count) \(count == 1 ? displayName : pluralName)" }

    /// The Sage table each record level of this kind is written to.
    public func table(for level: SageRecordLevel) -> SageTable? {
        switch (self, level) {
        case (.vendors, .header): return .apVendor
        case (.apInvoices, .header): return .apInvoiceHeader
        case (.apInvoices, .line): return .apInvoiceDetail
        case (.purchaseOrders, .header): return .poPurchaseOrderHeader
        case (.purchaseOrders, .line): return .poPurchaseOrderDetail
        case (.purchaseOrderChanges, .header): return .poPurchaseOrderHeader
        case (.purchaseOrderChanges, .line): return .poPurchaseOrderDetail
        case (.glEntries, .header): return .glJournalHeader
        case (.glEntries, .line): return .glJournalDetail
        case (.manualChecks, .header): return .apManualCheckHeader
        case (.manualChecks, .line): return .apManualCheckDetail
        case (.manualChecks, .subLine): return .apManualCheckDistribution
        case (.salesOrders, .header): return .soSalesOrderHeader
        case (.salesOrders, .line): return .soSalesOrderDetail
        default: return nil
        }
    }

    /// Record levels this kind uses, in file order.
    public var levels: [SageRecordLevel] {
        SageRecordLevel.allCases.filter { table(for: $0) != nil }
    }

    /// The Business Object Interface object that writes this kind.
    public var businessObject: String {
        switch self {
        case .vendors: return "AP_Vendor_bus"
        case .apInvoices: return "AP_Invoice_bus"
        case .purchaseOrders, .purchaseOrderChanges: return "PO_PurchaseOrder_bus"
        case .glEntries: return "GL_GeneralJournal_bus"
        case .manualChecks: return "AP_ManualCheck_bus"
        case .salesOrders: return "SO_SalesOrder_bus"
        }
    }

    /// True for kinds sent as eBusiness SOAP envelopes instead of agent imports.
    public var isEBusiness: Bool { self == .salesOrders }

    public var description: String { rawValue }
}

/// Header, line or sub-line: the Visual Integrator record type of a row.
public enum SageRecordLevel: String, Sendable, Codable, CaseIterable, Hashable {
    /// Document header, VI record type `H`.
    case header = "H"
    /// Detail line, VI record type `L`.
    case line = "L"
    /// Sub-line under a line (e.g. a GL distribution under a check's invoice), VI record type `LL`.
    case subLine = "LL"

    /// The record-type column value in a VI file.
    public var recordType: String { rawValue }
}
