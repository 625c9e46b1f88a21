import Foundation

/// Shared conventions of the agent contract (`docs/agent-api.yaml`): JSON coders, money and
/// Sage date/time text. Both the agent client and the agent simulator use these so the two
/// sides cannot drift apart.
public enum AgentWire {
    /// The contract version prefix of every path.
    public static let version = "v1"

    /// Largest number of records one import request may carry.
    public static let maxRecordsPerImport = 1000
    /// Default and largest page size of reference and read-back reads.
    public static let defaultPageLimit = 100
    public static let maxPageLimit = 500

    /// A JSON encoder with sorted keys (deterministic bytes).
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A JSON decoder for contract bodies.
    public static func makeDecoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// Money as the contract writes it: a decimal string with exactly two decimals, "1234.50",
    /// "-12.00". Rounds half away from zero to the cent.
    public static func money(_ amount: Decimal) -> String {
        decimalString(amount, scale: 2)
    }

    /// A decimal rendered with exactly `scale` decimals (rounded half away from zero).
    public static func decimalString(_ amount: Decimal, scale: Int) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, scale, .plain)
        let negative = rounded < 0
        var magnitude = negative ? -rounded : rounded
        var text = NSDecimalString(&magnitude, Locale(identifier: "en_US_POSIX"))
        var (whole, fraction) = (text, "")
        if let dot = text.firstIndex(of: ".") {
            whole = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        if fraction.count < scale { fraction += String(repeating: "0", count: scale - fraction.count) }
        text = scale > 0 ? "\(whole).\(fraction)" : whole
        return negative && rounded != 0 ? "-" + text : text
    }

    /// Parses a contract decimal string ("1234.5", "-12.00", "0.125") exactly, without going
    /// through `Double`. Returns nil for anything else (exponents, commas, spaces, "NaN"),
    /// or when it has more than `maxScale` decimals.
    public static func parseDecimal(_ text: String, maxScale: Int = 2) -> Decimal? {
        var digitsBefore = 0, digitsAfter = 0, seenDot = false
        for (i, ch) in text.enumerated() {
            switch ch {
            case "-" where i == 0: continue
            case ".":
                if seenDot { return nil }
                seenDot = true
            case "0"..."9":
                if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
            default: return nil
            }
        }
        guard digitsBefore > 0, !seenDot || digitsAfter > 0, digitsAfter <= maxScale,
              digitsBefore + digitsAfter <= 38 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
