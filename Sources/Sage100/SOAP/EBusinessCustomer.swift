/// An AR customer as eBusiness Web Services carries it (`CreateCustomer`, `GetCustomerResult`).
/// Optional fields are omitted from the envelope when `nil`. Field lengths are Sage's to
/// enforce (see `SageFieldLimits`); the envelope only refuses what XML cannot carry.
public struct EBusinessCustomer: Sendable, Equatable, Codable {
    public var arDivisionNo: String
    public var customerNo: String
    public var customerName: String
    public var addressLine1: String?
    public var addressLine2: String?
    public var addressLine3: String?
    public var city: String?
    public var state: String?
    public var zipCode: String?
    public var telephoneNo: String?
    public var emailAddress: String?
    public var termsCode: String?
    /// User-defined and other fields (`OtherFields/Field`).
    public var otherFields: [EBusinessField]

    public init(
        arDivisionNo: String, customerNo: String, customerName: String,
        addressLine1: String? = nil, addressLine2: String? = nil, addressLine3: String? = nil,
        city: String? = nil, state: String? = nil, zipCode: String? = nil,
        telephoneNo: String? = nil, emailAddress: String? = nil, termsCode: String? = nil,
        otherFields: [EBusinessField] = []
    ) {
        self.arDivisionNo = arDivisionNo
        self.customerNo = customerNo
        self.customerName = customerName
        self.addressLine1 = addressLine1
        self.addressLine2 = addressLine2
        self.addressLine3 = addressLine3
        self.city = city
        self.state = state
        self.zipCode = zipCode
        self.telephoneNo = telephoneNo
        self.emailAddress = emailAddress
        self.termsCode = termsCode
        self.otherFields = otherFields
    }

    /// "customer 01-ABCCONS", for messages.
    public var recordName: String { "customer \(arDivisionNo)-\(customerNo)" }
}
