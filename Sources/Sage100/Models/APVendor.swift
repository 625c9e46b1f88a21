import Foundation

/// A Sage 100 vendor (`AP_Vendor`). Coded with Sage's field names.
public struct APVendor: SageRecord, Hashable {
    public static let kind = SageDocumentKind.vendors

    public var apDivisionNo: String
    public var vendorNo: String
    public var vendorName: String
    public var addressLine1: String
    public var addressLine2: String
    public var addressLine3: String
    public var city: String
    public var state: String
    public var zipCode: String
    public var countryCode: String
    public var telephoneNo: String
    public var telephoneExt: String
    public var emailAddress: String
    public var termsCode: String
    /// 1099 form: N none, M miscellaneous, I interest, D dividend, E non-employee comp., K.
    public var form1099: String
    public var box1099: String
    /// Maintained by Sage; read-only for imports.
    public var dateUpdated: SageDate?
    /// Decimal hours as text ("13.5" = 13:30); maintained by Sage.
    public var timeUpdated: String

    public init(apDivisionNo: String, vendorNo: String, vendorName: String,
                addressLine1: String = "", addressLine2: String = "", addressLine3: String = "",
                city: String = "", state: String = "", zipCode: String = "", countryCode: String = "",
                telephoneNo: String = "", telephoneExt: String = "", emailAddress: String = "",
                termsCode: String = "", form1099: String = "", box1099: String = "",
                dateUpdated: SageDate? = nil, timeUpdated: String = "") {
        self.apDivisionNo = apDivisionNo
        self.vendorNo = vendorNo
        self.vendorName = vendorName
        self.addressLine1 = addressLine1
        self.addressLine2 = addressLine2
        self.addressLine3 = addressLine3
        self.city = city
        self.state = state
        self.zipCode = zipCode
        self.countryCode = countryCode
        self.telephoneNo = telephoneNo
        self.telephoneExt = telephoneExt
        self.emailAddress = emailAddress
        self.termsCode = termsCode
        self.form1099 = form1099
        self.box1099 = box1099
        self.dateUpdated = dateUpdated
        self.timeUpdated = timeUpdated
    }

    public enum CodingKeys: String, CodingKey {
        case apDivisionNo = "APDivisionNo", vendorNo = "VendorNo", vendorName = "VendorName"
        case addressLine1 = "AddressLine1", addressLine2 = "AddressLine2", addressLine3 = "AddressLine3"
        case city = "City", state = "State", zipCode = "ZipCode", countryCode = "CountryCode"
        case telephoneNo = "TelephoneNo", telephoneExt = "TelephoneExt", emailAddress = "EmailAddress"
        case termsCode = "TermsCode", form1099 = "Form1099", box1099 = "Box1099"
        case dateUpdated = "DateUpdated", timeUpdated = "TimeUpdated"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apDivisionNo = try c.decode(String.self, forKey: .apDivisionNo)
        vendorNo = try c.decode(String.self, forKey: .vendorNo)
        vendorName = try c.decodeText(forKey: .vendorName)
        addressLine1 = try c.decodeText(forKey: .addressLine1)
        addressLine2 = try c.decodeText(forKey: .addressLine2)
        addressLine3 = try c.decodeText(forKey: .addressLine3)
        city = try c.decodeText(forKey: .city)
        state = try c.decodeText(forKey: .state)
        zipCode = try c.decodeText(forKey: .zipCode)
        countryCode = try c.decodeText(forKey: .countryCode)
        telephoneNo = try c.decodeText(forKey: .telephoneNo)
        telephoneExt = try c.decodeText(forKey: .telephoneExt)
        emailAddress = try c.decodeText(forKey: .emailAddress)
        termsCode = try c.decodeText(forKey: .termsCode)
        form1099 = try c.decodeText(forKey: .form1099)
        box1099 = try c.decodeText(forKey: .box1099)
        dateUpdated = try c.decodeSageDateIfPresent(forKey: .dateUpdated)
        timeUpdated = try c.decodeText(forKey: .timeUpdated)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(apDivisionNo, forKey: .apDivisionNo)
        try c.encode(vendorNo, forKey: .vendorNo)
        try c.encode(vendorName, forKey: .vendorName)
        try c.encode(addressLine1, forKey: .addressLine1)
        try c.encode(addressLine2, forKey: .addressLine2)
        try c.encode(addressLine3, forKey: .addressLine3)
        try c.encode(city, forKey: .city)
        try c.encode(state, forKey: .state)
        try c.encode(zipCode, forKey: .zipCode)
        try c.encode(countryCode, forKey: .countryCode)
        try c.encode(telephoneNo, forKey: .telephoneNo)
        try c.encode(telephoneExt, forKey: .telephoneExt)
        try c.encode(emailAddress, forKey: .emailAddress)
        try c.encode(termsCode, forKey: .termsCode)
        try c.encode(form1099, forKey: .form1099)
        try c.encode(box1099, forKey: .box1099)
        try c.encode(dateUpdated?.yyyymmdd ?? "", forKey: .dateUpdated)
        try c.encode(timeUpdated, forKey: .timeUpdated)
    }

    public var sageKey: String { SageDocumentKey.vendor(division: apDivisionNo, vendorNo: vendorNo) }

    public var recordLabel: String {
        SageRecordLabel.header(kind: .vendors, fields: ["APDivisionNo": apDivisionNo, "VendorNo": vendorNo])
    }

    public var rows: [SageRow] {
        [SageRow(level: .header, table: .apVendor, label: recordLabel, values: [
            "APDivisionNo": .text(apDivisionNo), "VendorNo": .text(vendorNo), "VendorName": .text(vendorName),
            "AddressLine1": .text(addressLine1), "AddressLine2": .text(addressLine2),
            "AddressLine3": .text(addressLine3), "City": .text(city), "State": .text(state),
            "ZipCode": .text(zipCode), "CountryCode": .text(countryCode), "TelephoneNo": .text(telephoneNo),
            "TelephoneExt": .text(telephoneExt), "EmailAddress": .text(emailAddress),
            "TermsCode": .text(termsCode), "Form1099": .text(form1099), "Box1099": .text(box1099),
            "DateUpdated": .date(dateUpdated), "TimeUpdated": .text(timeUpdated),
        ])]
    }

    /// Vendors carry no money: 0.
    public var controlAmount: Decimal { 0 }

    public func crossFieldViolations() -> [SageFieldViolation] { [] }
}
