import GRDB

/// The seeded Sage 100 company: account structure `####-##-##`, ~60 GL accounts (some
/// inactive or deleted), AP divisions 00/01, terms codes 00/01/30, bank codes A/B, ~30
/// vendors, two AR customers and a sales order (for eBusiness).
enum SageSimSeed {
    static let mask = "####-##-##"
    static let seedDate = "20260105"
    static let seedTime = "8.25"

    /// (formatted account, description, type, status)
    static let accounts: [(String, String, String, String)] = [
        ("1000-00-00", "Cash - Operating", "1", "A"),
        ("1000-01-00", "Cash - Operating Sweep", "1", "D"),
        ("1010-00-00", "Cash - Payroll", "1", "A"),
        ("1020-00-00", "Cash - Money Market", "1", "A"),
        ("1200-00-00", "Accounts Receivable", "1", "A"),
        ("1210-00-00", "Retainage Receivable", "1", "A"),
        ("1300-00-00", "Costs in Excess of Billings", "1", "A"),
        ("1400-00-00", "Prepaid Insurance", "1", "A"),
        ("1500-00-00", "Equipment", "1", "A"),
        ("1510-00-00", "Accumulated Depreciation - Equipment", "1", "A"),
        ("1600-00-00", "Vehicles", "1", "A"),
        ("1610-00-00", "Accumulated Depreciation - Vehicles", "1", "A"),
        ("2000-00-00", "Accounts Payable", "2", "A"),
        ("2010-00-00", "Retainage Payable", "2", "A"),
        ("2020-00-00", "Accrued Expenses", "2", "A"),
        ("2100-00-00", "Billings in Excess of Costs", "2", "A"),
        ("2200-00-00", "Payroll Taxes Payable", "2", "A"),
        ("2300-00-00", "Sales Tax Payable", "2", "A"),
        ("2400-00-00", "Line of Credit", "2", "A"),
        ("2500-00-00", "Notes Payable - Equipment", "2", "A"),
        ("3000-00-00", "Common Stock", "3", "A"),
        ("3100-00-00", "Retained Earnings", "3", "A"),
        ("4000-00-00", "Contract Revenue", "4", "A"),
        ("4010-00-00", "Change Order Revenue", "4", "A"),
        ("4100-00-00", "Service Revenue", "4", "A"),
        ("4900-00-00", "Other Income", "4", "A"),
        ("5000-00-00", "Direct Labor", "5", "A"),
        ("5000-01-00", "Direct Labor - Field", "5", "A"),
        ("5000-02-00", "Direct Labor - Supervision", "5", "A"),
        ("5100-00-00", "Subcontract Costs", "5", "A"),
        ("5100-01-00", "Subcontract Costs - Sitework", "5", "A"),
        ("5100-02-00", "Subcontract Costs - Concrete", "5", "A"),
        ("5100-03-00", "Subcontract Costs - Steel", "5", "A"),
        ("5100-04-00", "Subcontract Costs - Electrical", "5", "I"),
        ("5100-05-00", "Subcontract Costs - Mechanical", "5", "A"),
        ("5100-06-00", "Subcontract Costs - Plumbing", "5", "A"),
        ("5100-07-00", "Subcontract Costs - Finishes", "5", "A"),
        ("5100-99-00", "Subcontract Costs - Old Jobs", "5", "D"),
        ("5200-00-00", "Material Costs", "5", "A"),
        ("5200-01-00", "Material Costs - Lumber", "5", "A"),
        ("5200-02-00", "Material Costs - Concrete", "5", "A"),
        ("5300-00-00", "Equipment Rental", "5", "A"),
        ("5400-00-00", "Permits and Fees", "5", "A"),
        ("5500-00-00", "Job Insurance", "5", "A"),
        ("5600-00-00", "Bonds", "5", "A"),
        ("5700-00-00", "Other Job Costs", "5", "A"),
        ("5800-00-00", "Change Order Costs", "5", "A"),
        ("5900-00-00", "Warranty Costs", "5", "I"),
        ("6000-00-00", "Office Salaries", "6", "A"),
        ("6100-00-00", "Rent", "6", "A"),
        ("6200-00-00", "Utilities", "6", "A"),
        ("6300-00-00", "Office Supplies", "6", "A"),
        ("6400-00-00", "Telephone", "6", "A"),
        ("6500-00-00", "Professional Fees", "6", "A"),
        ("6600-00-00", "Insurance - General Liability", "6", "A"),
        ("6700-00-00", "Vehicle Expense", "6", "A"),
        ("6800-00-00", "Depreciation Expense", "6", "A"),
        ("6900-00-00", "Travel", "6", "I"),
        ("7000-00-00", "Interest Expense", "7", "A"),
        ("7100-00-00", "Bank Charges", "7", "A"),
        ("7200-00-00", "Income Tax Expense", "7", "A"),
        ("8000-00-00", "Suspense", "8", "I"),
        ("9100-00-00", "Committed Costs (memo)", "8", "A"),
        ("9110-00-00", "Commitments Offset (memo)", "8", "A"),
    ]

    /// AccountKey for a formatted account: the raw account right-padded with "0" to 9
    /// characters ("5100-04-00" -> "510004000").
    static func accountKey(_ formatted: String) -> String {
        let raw = formatted.filter { $0 != "-" }
        return raw.count >= 9 ? String(raw.prefix(9)) : raw + String(repeating: "0", count: 9 - raw.count)
    }

    /// (division, vendor no, name, city, state, terms)
    static let vendors: [(String, String, String, String, String, String)] = [
        ("00", "0001000", "Acme Steel Erectors", "Portland", "OR", "30"),
        ("00", "0001001", "Bayside Concrete Inc", "Oakland", "CA", "30"),
        ("00", "0001002", "Cascade Electric Co", "Seattle", "WA", "30"),
        ("00", "0001003", "Delta Mechanical LLC", "Sacramento", "CA", "01"),
        ("00", "0001004", "Evergreen Plumbing", "Tacoma", "WA", "30"),
        ("00", "0001005", "Frontier Excavating", "Boise", "ID", "30"),
        ("00", "0001006", "Granite Masonry Works", "Reno", "NV", "30"),
        ("00", "0001007", "Harbor Crane Rental", "Long Beach", "CA", "00"),
        ("00", "0001008", "Ironwood Framing", "Eugene", "OR", "30"),
        ("00", "0001009", "Juniper Roofing Inc", "Bend", "OR", "30"),
        ("00", "0001010", "Keystone Drywall", "Spokane", "WA", "01"),
        ("00", "0001011", "Lakeside Glass & Glazing", "Salem", "OR", "30"),
        ("00", "0001012", "Mesa Painting Co", "Phoenix", "AZ", "30"),
        ("00", "0001013", "Northgate Fire Protection", "Everett", "WA", "30"),
        ("00", "0001014", "Olympic Landscaping", "Olympia", "WA", "30"),
        ("00", "0001015", "Pioneer Lumber Supply", "Medford", "OR", "00"),
        ("00", "0001016", "Quarry Rock Aggregates", "Yakima", "WA", "30"),
        ("00", "0001017", "Redline Surveying", "Vancouver", "WA", "01"),
        ("00", "0001018", "Summit Elevator Co", "Denver", "CO", "30"),
        ("00", "0001019", "Titan Rebar Supply", "Fresno", "CA", "30"),
        ("00", "0001020", "Union Insulation", "Stockton", "CA", "30"),
        ("00", "0001021", "Valley Paving Corp", "Modesto", "CA", "30"),
        ("00", "0001022", "Westside Waterproofing", "San Jose", "CA", "30"),
        ("00", "PERMITS", "City of Portland Permits", "Portland", "OR", "00"),
        ("00", "SAFETY", "SafeSite Supply Co", "Portland", "OR", "01"),
        ("01", "0002000", "Alder Cabinetry", "Hillsboro", "OR", "30"),
        ("01", "0002001", "Birch Flooring Inc", "Beaverton", "OR", "30"),
        ("01", "0002002", "Cedar Home Builders Supply", "Gresham", "OR", "00"),
        ("01", "0002003", "Douglas Fir Trusses", "Albany", "OR", "30"),
        ("01", "0002004", "Elmwood Appliance", "Corvallis", "OR", "01"),
    ]

    static func load(_ db: Database) throws {
        let stamp = ["DateCreated": seedDate, "TimeCreated": seedTime, "DateUpdated": seedDate, "TimeUpdated": seedTime]
        for (account, desc, type, status) in accounts {
            let raw = account.filter { $0 != "-" }
            try SageSimSchema.insert(SageSimSchema.glAccount, [
                "AccountKey": accountKey(account), "Account": account, "RawAccount": raw,
                "MainAccountCode": String(account.prefix(4)), "AccountDesc": desc, "AccountType": type, "Status": status,
            ].merging(stamp) { a, _ in a }, in: db)
        }
        for (division, desc) in [("00", "Main Division"), ("01", "Residential Division")] {
            try SageSimSchema.insert(SageSimSchema.apDivision, ["APDivisionNo": division, "DivisionDesc": desc], in: db)
        }
        for (code, desc, days) in [("00", "Due on Receipt", "0"), ("01", "Net 10", "10"), ("30", "Net 30", "30")] {
            try SageSimSchema.insert(SageSimSchema.termsCode, ["TermsCode": code, "TermsCodeDesc": desc, "DaysBeforeDue": days], in: db)
        }
        for (code, name, account) in [("A", "Operating - First National", "1000-00-00"), ("B", "Payroll - First National", "1010-00-00")] {
            try SageSimSchema.insert(SageSimSchema.bankCode, ["BankCode": code, "BankName": name,
                                                              "AccountKey": accountKey(account), "NextCheckNo": "10001"], in: db)
        }
        for (i, (division, number, name, city, state, terms)) in vendors.enumerated() {
            let slug = name.lowercased().filter { $0.isLetter }
            try SageSimSchema.insert(SageSimSchema.vendor, [
                "APDivisionNo": division, "VendorNo": number, "VendorName": name,
                "AddressLine1": "\(100 + i * 17) Industrial Way", "City": city, "State": state,
                "ZipCode": String(97000 + i * 11), "TelephoneNo": "(503) 555-\(String(1000 + i))",
                "EmailAddress": "ap@\(slug.prefix(20)).example", "TermsCode": terms,
                "Form1099": i % 3 == 0 ? "K" : "N", "Box1099": i % 3 == 0 ? "1" : "",
            ].merging(stamp) { a, _ in a }, in: db)
        }
        for (number, name, city) in [("CITYPARKS", "City Parks Department", "Portland"),
                                     ("HARBORDEV", "Harbor Development LLC", "Seattle")] {
            try SageSimSchema.insert(SageSimSchema.customer, [
                "ARDivisionNo": "00", "CustomerNo": number, "CustomerName": name, "AddressLine1": "1 Main Street",
                "City": city, "State": city == "Seattle" ? "WA" : "OR", "ZipCode": "97201", "TermsCode": "30",
            ].merging(stamp) { a, _ in a }, in: db)
        }
        try SageSimSchema.insert(SageSimSchema.salesOrderHeader, [
            "SalesOrderNo": "0000100", "OrderDate": seedDate, "ARDivisionNo": "00", "CustomerNo": "HARBORDEV",
            "CustomerPONo": "PA-001", "Comment": "Pay application 1",
        ].merging(stamp) { a, _ in a }, in: db)
        try SageSimSchema.insert(SageSimSchema.salesOrderDetail, [
            "SalesOrderNo": "0000100", "LineKey": "000001", "ItemCode": "/CONTRACT", "ItemType": "5",
            "QuantityOrdered": "1.000000", "UnitPrice": "125000.000000", "ExtensionAmt": "125000.00",
            "CommentText": "Work completed this period",
        ], in: db)
        try db.execute(sql: """
            INSERT INTO SY_NextNumber (Name, NextValue) VALUES
              ('PurchaseOrderNo', 1000), ('EntryNo', 1), ('SalesOrderNo', 101), ('CustomerNo', 1)
            """)
    }
}
