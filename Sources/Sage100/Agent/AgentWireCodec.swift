import Foundation
import Money

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
        Money.plain(amount)
    }

    /// A decimal rendered with exactly `scale` decimals (rounded half away from zero).
    public static func decimalString(_ amount: Decimal, scale: Int) -> String {
        Money.text(amount, scale: scale)
    }

    /// Parses a contract decimal string ("1234.5", "-12.00", "0.125") exactly, without going
    /// through `Double`. Returns nil for anything else (exponents, commas, spaces, "NaN"),
    /// or when it has more than `maxScale` decimals.
    public static func parseDecimal(_ text: String, maxScale: Int = 2) -> Decimal? {
        Money.parse(text, maxScale: maxScale)
    }
}
