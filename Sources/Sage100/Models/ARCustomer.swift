import Foundation

/// A Sage 100 customer (`AR_Customer`), as eBusiness Web Services carries it.
public struct ARCustomer: Codable, Sendable, Hashable {
    public var arDivisionNo: String
    public var customerNo: String
    public var customerName: String
    public var addressLine1: String
    public var addressLine2: String
    public var addressLine3: String
    public var city: String
    public var state: String
    public var zipCode: String
    public var telephoneNo: String
    public var emailAddress: String
    public var termsCode: String
    public var dateUpdated: SageDate?
    public var timeUpdated: String

    public init(arDivisionNo: String, customerNo: String, customerName: String, addressLine1: String = "",
                addressLine2: String = "", addressLine3: String = "", city: String = "", state: String = "",
                zipCode: String = "", telephoneNo: String = "", emailAddress: String = "", termsCode: String = "",
                dateUpdated: SageDate? = nil, timeUpdated: String = "") {
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
        self.dateUpdated = dateUpdated
        self.timeUpdated = timeUpdated
    }

    public enum CodingKeys: String, CodingKey {
        case arDivisionNo = "ARDivisionNo", customerNo = "CustomerNo", customerName = "CustomerName"
        case addressLine1 = "AddressLine1", addressLine2 = "AddressLine2", addressLine3 = "AddressLine3"
        case city = "City", state = "State", zipCode = "ZipCode", telephoneNo = "TelephoneNo"
        case emailAddress = "EmailAddress", termsCode = "TermsCode", dateUpdated = "DateUpdated"
        case timeUpdated = "TimeUpdated"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        arDivisionNo = try c.decode(String.self, forKey: .arDivisionNo)
        customerNo = try c.decode(String.self, forKey: .customerNo)
        customerName = try c.decodeText(forKey: .customerName)
        addressLine1 = try c.decodeText(forKey: .addressLine1)
        addressLine2 = try c.decodeText(forKey: .addressLine2)
        addressLine3 = try c.decodeText(forKey: .addressLine3)
        city = try c.decodeText(forKey: .city)
        state = try c.decodeText(forKey: .state)
        zipCode = try c.decodeText(forKey: .zipCode)
        telephoneNo = try c.decodeText(forKey: .telephoneNo)
        emailAddress = try c.decodeText(forKey: .emailAddress)
        termsCode = try c.decodeText(forKey: .termsCode)
        dateUpdated = try c.decodeSageDateIfPresent(forKey: .dateUpdated)
        timeUpdated = try c.decodeText(forKey: .timeUpdated)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (key, value) in zip(Self.textKeys, textValues) { try c.encode(value, forKey: key) }
        try c.encode(dateUpdated?.yyyymmdd ?? "", forKey: .dateUpdated)
        try c.encode(timeUpdated, forKey: .timeUpdated)
    }

    private static let textKeys: [CodingKeys] = [
        .arDivisionNo, .customerNo, .customerName, .addressLine1, .addressLine2, .addressLine3,
        .city, .state, .zipCode, .telephoneNo, .emailAddress, .termsCode]

    private var textValues: [String] {
        [arDivisionNo, customerNo, customerName, addressLine1, addressLine2, addressLine3,
         city, state, zipCode, telephoneNo, emailAddress, termsCode]
    }

    /// Sage's key: ARDivisionNo + CustomerNo.
    public var sageKey: String { SageDocumentKey.customer(division: arDivisionNo, customerNo: customerNo) }

    /// "customer 00-ACME".
    public var recordLabel: String { "customer " + SageText.shown(SageRecordLabel.vendor(arDivisionNo, customerNo)) }

    /// Field values by Sage name, as text (for `SageValidator.validate(table:fields:)`).
    public var sageFields: [String: String] {
        var fields = Dictionary(uniqueKeysWithValues: zip(Self.textKeys.map(\.rawValue), textValues))
        fields["DateUpdated"] = dateUpdated?.yyyymmdd ?? ""
        fields["TimeUpdated"] = timeUpdated
        return fields
    }
}
