import Foundation

/// A customer's GL account structure (mask), e.g. `####-##-##` or `###-AA-##`.
///
/// Rules (Sage 100): `#` numeric, `A` alphanumeric; separators `-`, `.` or space; 1 to 10
/// segments; the main (first) segment 3-15 characters, others 1-15; at most 32 characters
/// raw and 41 with separators. Numeric segments are zero-filled on the left when formatting
/// ("4" -> "04"); alphanumeric segments are upper-cased and must be full length.
/// Codable as its mask string.
public struct AccountStructure: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Allowed separators.
    public static let separators: Set<Character> = ["-", ".", " "]
    /// Most segments Sage allows.
    public static let maxSegments = 10
    /// Longest raw account (no separators).
    public static let maxRawLength = 32
    /// Longest formatted account.
    public static let maxFormattedLength = 41

    /// The mask as given.
    public let mask: String
    /// The segments, main segment first.
    public let segments: [AccountSegment]

    /// Parses a mask, throwing `AccountStructureError.invalidMask` with the rule it breaks.
    public init(mask: String) throws {
        func fail(_ reason: String) -> AccountStructureError { .invalidMask(mask: mask, reason: reason) }
        guard !mask.isEmpty else { throw fail("it is empty; write one like ####-##-##") }
        var segments: [AccountSegment] = []
        var current: [Character] = []
        func closeSegment(separator: Character?) throws {
            let number = segments.count + 1
            guard let first = current.first else {
                throw fail(separator == nil ? "it ends with a separator" : "segment \(number) is empty (two separators in a row or a leading separator)")
            }
            guard current.allSatisfy({ $0 == first }) else {
                throw fail("segment \(number) '\(String(current))' mixes # and A; a segment is all # (numeric) or all A (alphanumeric)")
            }
            let length = current.count
            if number == 1 {
                guard (3...15).contains(length) else {
                    throw fail("the main segment is \(length) characters; it must be 3-15")
                }
            } else {
                guard (1...15).contains(length) else {
                    throw fail("segment \(number) is \(length) characters; it must be 1-15")
                }
            }
            segments.append(AccountSegment(length: length, kind: first == "#" ? .numeric : .alphanumeric,
                                           separator: separator))
            current = []
        }
        for character in mask {
            switch character {
            case "#", "A":
                current.append(character)
            case let c where AccountStructure.separators.contains(c):
                try closeSegment(separator: c)
            default:
                throw fail("'\(character)' is not allowed; use # (digit), A (letter or digit) and separators - . or space")
            }
        }
        try closeSegment(separator: nil)
        guard segments.count <= AccountStructure.maxSegments else {
            throw fail("it has \(segments.count) segments; Sage 100 allows \(AccountStructure.maxSegments)")
        }
        let raw = segments.reduce(0) { $0 + $1.length }
        guard raw <= AccountStructure.maxRawLength else {
            throw fail("accounts would be \(raw) characters without separators; Sage 100 allows \(AccountStructure.maxRawLength)")
        }
        let formatted = raw + segments.count - 1
        guard formatted <= AccountStructure.maxFormattedLength else {
            throw fail("accounts would be \(formatted) characters with separators; Sage 100 allows \(AccountStructure.maxFormattedLength)")
        }
        self.mask = mask
        self.segments = segments
    }

    /// Characters in a raw account (no separators).
    public var rawLength: Int { segments.reduce(0) { $0 + $1.length } }
    /// Characters in a formatted account.
    public var formattedLength: Int { rawLength + segments.count - 1 }

    public var description: String { mask }

    /// Normalizes segment values: numeric ones zero-filled, alphanumeric ones upper-cased, each
    /// checked for length and characters.
    public func normalize(segments values: [String], account: String? = nil, zeroFill: Bool = true) throws -> [String] {
        let shownAccount = account ?? values.joined(separator: "-")
        guard values.count == segments.count else {
            throw AccountStructureError.segmentCount(account: shownAccount, found: values.count,
                                                     expected: segments.count, mask: mask)
        }
        return try zip(values, segments).enumerated().map { index, pair in
            let (value, segment) = pair
            func fail(_ reason: String) -> AccountStructureError {
                .invalidSegment(account: shownAccount, segment: index + 1, value: value, reason: reason)
            }
            switch segment.kind {
            case .numeric:
                guard !value.isEmpty, value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                    throw fail("must be \(segment.length) digit\(segment.length == 1 ? "" : "s")")
                }
                guard value.count <= segment.length else {
                    throw fail("must be \(segment.length) digit\(segment.length == 1 ? "" : "s")")
                }
                if value.count < segment.length {
                    guard zeroFill else { throw fail("must be \(segment.length) digit\(segment.length == 1 ? "" : "s")") }
                    return String(repeating: "0", count: segment.length - value.count) + value
                }
                return value
            case .alphanumeric:
                let upper = value.uppercased()
                guard !upper.isEmpty, upper.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("A"..."Z").contains($0) }) else {
                    throw fail("must be \(segment.length) letter\(segment.length == 1 ? "" : "s") or digit\(segment.length == 1 ? "" : "s")")
                }
                guard upper.count == segment.length else {
                    throw fail("must be \(segment.length) character\(segment.length == 1 ? "" : "s")")
                }
                return upper
            }
        }
    }

    /// The formatted account ("5100-04-00") from segment values (zero-filling numeric ones).
    public func format(_ values: [String]) throws -> String {
        let normalized = try normalize(segments: values)
        var text = ""
        for (value, segment) in zip(normalized, segments) {
            text += value
            if let separator = segment.separator { text.append(separator) }
        }
        return text
    }

    /// Splits an account into normalized segments. Accepts the formatted form (any of the
    /// allowed separators) or, when it has no separators, the raw form of exactly `rawLength`
    /// characters. With `zeroFill` (default) short numeric segments are padded: "5100-4-0" ->
    /// ["5100", "04", "00"]; without it they are an error ("segment 2 '4' must be 2 digits").
    public func parse(_ account: String, zeroFill: Bool = true) throws -> [String] {
        let trimmed = account.trimmingCharacters(in: [" "])
        let hasSeparators = trimmed.contains { AccountStructure.separators.contains($0) }
        if !hasSeparators && segments.count > 1 {
            guard trimmed.count == rawLength else {
                throw AccountStructureError.segmentCount(account: account, found: 1, expected: segments.count, mask: mask)
            }
            var values: [String] = []
            var rest = Substring(trimmed)
            for segment in segments {
                values.append(String(rest.prefix(segment.length)))
                rest = rest.dropFirst(segment.length)
            }
            return try normalize(segments: values, account: account, zeroFill: false)
        }
        let values = trimmed.split(omittingEmptySubsequences: false) { AccountStructure.separators.contains($0) }
            .map(String.init)
        return try normalize(segments: values, account: account, zeroFill: zeroFill)
    }

    /// The canonical formatted account, e.g. "5100-4-0" -> "5100-04-00".
    public func formatted(_ account: String) throws -> String {
        try format(parse(account))
    }

    /// The raw account (segments without separators), e.g. "5100-04-00" -> "51000400".
    public func raw(_ account: String) throws -> String {
        try parse(account).joined()
    }

    /// The main account code (first segment), e.g. "5100-04-00" -> "5100".
    public func mainAccountCode(_ account: String) throws -> String {
        try parse(account)[0]
    }

    /// Whether `account` fits the structure.
    public func isValid(_ account: String, zeroFill: Bool = false) -> Bool {
        (try? parse(account, zeroFill: zeroFill)) != nil
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let mask = try container.decode(String.self)
        do {
            try self.init(mask: mask)
        } catch let error as AccountStructureError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(mask)
    }
}
