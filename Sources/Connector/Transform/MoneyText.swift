import Foundation
import Sage100

/// Money as people read it in messages: two decimals with thousands separators, "12,340.00",
/// "-1,250.50". Exact: rounds half away from zero to the cent, never through `Double`.
enum MoneyText {
    static func format(_ amount: Decimal) -> String {
        let plain = AgentWire.money(amount)
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let parts = digits.split(separator: ".", maxSplits: 1)
        let whole = Array(parts[0])
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        let fraction = parts.count > 1 ? String(parts[1]) : "00"
        return (negative ? "-" : "") + grouped + "." + fraction
    }
}
