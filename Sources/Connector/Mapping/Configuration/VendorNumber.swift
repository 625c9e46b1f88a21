/// Sage 100 `VendorNo` rules: 1-7 characters, upper-case letters, digits and `-`.
enum VendorNumber {
    static func problem(_ value: String) -> String? {
        if value.isEmpty { return "is empty" }
        if value.count > VendorNumberScheme.maxLength {
            return "'\(SafeText.shown(value))' is \(value.count) characters; Sage 100 VendorNo holds \(VendorNumberScheme.maxLength)"
        }
        if !value.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            return "'\(SafeText.shown(value))' may hold only upper-case letters, digits and - (Sage 100 vendor numbers are upper case)"
        }
        return nil
    }
}
