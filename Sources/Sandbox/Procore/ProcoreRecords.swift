// Compact records the sandbox stores. Text that never changes is kept as small indexes
// into the word lists of ``ProcoreNames``; JSON is produced per page by ``ProcoreEncoder``.

struct PCompany: Sendable {
    var id: Int64
    var name: String
}

struct PProject: Sendable {
    var id: Int64
    var name: String
    var number: String
    var address: String
    var city: String
    var stateCode: String
    var zip: String
    var timeZone: String
    var ownerName: String
    var createdAt: Int64
    var updatedAt: Int64
    var startDay: Int64
    var completionDay: Int64
    var estimatedBudgetCents: Int64
    var latitudeMicro: Int64
    var longitudeMicro: Int64
    var active: Bool
    var forbidden: Bool
    var workScope: UInt8
}

struct PVendor: Sendable {
    var id: Int64
    var name: String
    var abbreviatedName: String
    var tradeName: String?
    var address: String
    var city: String
    var stateCode: String
    var zip: String
    var phone: String
    var email: String
    var isActive: Bool
    var originID: String?
    var originCode: String?
    var licenseNumber: String?
    var unionMember: Bool
    var createdAt: Int64
    var updatedAt: Int64
    /// Set through the vendors sync (opaque to Procore).
    var originData: String? = nil
}

struct PCostCode: Sendable {
    var id: Int64
    var project: Int32
    var catalog: Int16          // index into ProcoreNames.costCodes
    var position: Int16
    var createdAt: Int64
    var updatedAt: Int64
}

struct PLineItemType: Sendable {
    var id: Int64
    var name: String
    var code: String
    var baseType: String
}

/// A purchase order contract (`isPurchaseOrder`) or a subcontract (work order contract).
struct PCommitment: Sendable {
    var id: Int64
    var project: Int32
    var isPurchaseOrder: Bool
    var number: Int32
    var vendor: Int32
    var status: UInt8
    var retainageBP: Int32
    var title: Int32
    var createdAt: Int64
    var updatedAt: Int64
    var deleted: Bool
    var contractDay: Int64
    var executed: Bool
    var lineItems: Range<Int32> = 0..<0
    var changeOrders: Range<Int32> = 0..<0
    var requisitions: Range<Int32> = 0..<0
    var grandTotal: Int64 = 0
    var approvedChangeOrders: Int64 = 0
    var pendingChangeOrders: Int64 = 0
    var draftChangeOrders: Int64 = 0
    var requisitioned: Int64 = 0
    var paid: Int64 = 0
    /// The ERP's identity, set through PATCH (`origin_id` unique per company).
    var origin = POrigin()
}

/// `origin_id`, `origin_data`, `origin_code` of a record an ERP integration linked.
struct POrigin: Sendable {
    var id: String?
    var data: String?
    var code: String?
}

/// A schedule-of-values line of a commitment or of a commitment change order.
struct PLineItem: Sendable {
    var id: Int64
    var holder: Int32            // commitment or change order index
    var costCode: Int32          // index into costCodes, -1 = none
    var type: UInt8              // index into lineItemTypes
    var quantity: Int64          // whole units
    var unitCostCents: Int64
    var amount: Int64
    var position: Int16
    var description: Int32
    var createdAt: Int64
    var updatedAt: Int64
}

struct PChangeOrder: Sendable {
    var id: Int64
    var commitment: Int32
    var number: Int32
    var status: UInt8
    var title: Int32
    var reason: UInt8
    var lineItems: Range<Int32> = 0..<0
    var total: Int64 = 0
    var createdAt: Int64
    var updatedAt: Int64
    var dueDay: Int64
    var executed: Bool
}

struct PChangeOrderPackage: Sendable {
    var id: Int64
    var commitment: Int32
    var number: Int32
    var status: UInt8
    var title: Int32
    var total: Int64
    var createdAt: Int64
    var updatedAt: Int64
    var dueDay: Int64
    var deleted: Bool
}

/// Money of one progress billing (requisition or owner payment application), all in cents.
struct PBillingTotals: Sendable {
    var scheduled: Int64 = 0
    var changeOrders: Int64 = 0
    var positiveChangeOrders: Int64 = 0
    var negativeChangeOrders: Int64 = 0
    var completedToDate: Int64 = 0
    var completedPrevious: Int64 = 0
    var retainageToDate: Int64 = 0
    var retainagePrevious: Int64 = 0
    var completedThisPeriod: Int64 { completedToDate - completedPrevious }
    var retainageThisPeriod: Int64 { retainageToDate - retainagePrevious }
    var earnedLessRetainage: Int64 { completedToDate - retainageToDate }
    var previousCertificates: Int64 { completedPrevious - retainagePrevious }
    var currentPaymentDue: Int64 { earnedLessRetainage - previousCertificates }
    var contractSumToDate: Int64 { scheduled + changeOrders }
    var balanceToFinishIncludingRetainage: Int64 { contractSumToDate - completedToDate + retainageToDate }
}

/// A subcontractor invoice against a commitment.
struct PRequisition: Sendable {
    var id: Int64
    var commitment: Int32
    var number: Int32
    var status: UInt8
    var periodStartDay: Int64
    var periodEndDay: Int64
    var previousBP: Int32        // cumulative completion before this period, basis points
    var currentBP: Int32         // cumulative completion at the end of this period
    var createdAt: Int64
    var updatedAt: Int64
    var totals = PBillingTotals()
    var origin = POrigin()
}

struct PPrimeContract: Sendable {
    var id: Int64
    var project: Int32
    var number: Int32
    var status: UInt8
    var retainageBP: Int32
    var total: Int64
    var createdAt: Int64
    var updatedAt: Int64
    var contractDay: Int64
}

/// An owner payment application on the prime contract.
struct PPaymentApplication: Sendable {
    var id: Int64
    var prime: Int32
    var project: Int32
    var number: Int32
    var status: UInt8
    var periodStartDay: Int64
    var periodEndDay: Int64
    var previousBP: Int32
    var currentBP: Int32
    var createdAt: Int64
    var updatedAt: Int64
    var totals = PBillingTotals()
}

struct PContractPayment: Sendable {
    var id: Int64
    var project: Int32
    var commitment: Int32
    var requisition: Int32
    var paymentNumber: Int32
    var amount: Int64
    var day: Int64
    var checkNumber: Int32
    var createdAt: Int64
    var updatedAt: Int64
    /// Index into ``ProcoreDataset/paymentDetails`` for a payment created through the API, else -1.
    var detail: Int32 = -1
}

/// What a payment created through `POST /rest/v1.0/contract_payments` carries beyond the
/// generated ones: text fields as sent. `requisition` of its payment is -1 when none was named.
struct PPaymentDetails: Sendable {
    var checkNumber: String?
    var invoiceNumber: String?
    var notes: String?
    var paymentMethod: String?
    var drawRequestNumber: Int64?
    var paymentNumber: Int64?
    var originID: String?
    var originData: String?
}

struct PDirectCost: Sendable {
    var id: Int64
    var project: Int32
    var vendor: Int32
    var type: UInt8
    var status: UInt8
    var amount: Int64
    var day: Int64
    var invoice: Int32
    var description: Int32
    var createdAt: Int64
    var updatedAt: Int64
    var deleted: Bool
}
