/// Seeded mutations of byte strings: bit flips, interesting bytes, deletions, duplications,
/// dictionary splices, truncation, splicing two seeds, and deep nesting. The same seed gives the
/// same inputs, so a finding can be replayed with `--seed`.
public struct FuzzMutator: Sendable {
    /// SplitMix64: small, fast, and good enough to drive mutations.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    }

    static let interesting: [UInt8] = [0x00, 0xFF, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x0A, 0x0D, 0x3C, 0x3E,
                                       0x26, 0x3D, 0x2D, 0x30, 0x39, 0x80, 0xC3, 0xEF, 0x20, 0x09, 0x27, 0x23, 0x2A]
    static let common: [[UInt8]] = [
        "\\u0000", "\\ud800", "1e999", "-0", "99999999999999999999999999999", "0.0000000000000000000001", "null", "true",
        "\"\"", "{}", "[]", "\u{FEFF}", "=cmd|' /C calc'!A0", "\r\n", "\"\\\"", "😀", "%00", "\u{202E}",
    ].map { Array($0.utf8) }

    var random: Random
    let seeds: [[UInt8]]
    let dictionary: [[UInt8]]

    public init(seed: UInt64, seeds: [[UInt8]], dictionary: [[UInt8]]) {
        random = Random(state: seed)
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.dictionary = FuzzMutator.common + dictionary
    }

    /// The next input: a seed with one to four mutations stacked.
    public mutating func next() -> [UInt8] {
        var bytes = seeds[random.below(seeds.count)]
        for _ in 0...random.below(4) { mutate(&bytes) }
        return bytes
    }

    mutating func mutate(_ bytes: inout [UInt8]) {
        let position = random.below(bytes.count + 1)
        switch random.below(10) {
        case 0 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] = Self.interesting[random.below(Self.interesting.count)]
        case 2 where !bytes.isEmpty:
            let length = 1 + random.below(16)
            bytes.removeSubrange(min(position, bytes.count)..<min(position + length, bytes.count))
        case 3 where !bytes.isEmpty:
            let start = min(position, bytes.count - 1)
            let end = min(bytes.count, start + 1 + random.below(64))
            bytes.insert(contentsOf: bytes[start..<end], at: random.below(bytes.count + 1))
        case 4, 5:
            bytes.insert(contentsOf: dictionary[random.below(dictionary.count)], at: position)
        case 6:
            bytes.removeSubrange(position..<bytes.count)
        case 7:
            let other = seeds[random.below(seeds.count)]
            let cut = random.below(other.count + 1)
            bytes = Array(bytes[..<position]) + Array(other[cut...])
        case 8 where random.below(8) == 0:
            // Deep nesting: thousands of openers of whatever the input opens with.
            let opener = bytes.first(where: { $0 == 0x5B || $0 == 0x7B || $0 == 0x3C }) ?? 0x5B
            let depth = 1_000 + random.below(20_000)
            let unit: [UInt8] = opener == 0x3C ? Array("<a>".utf8) : opener == 0x7B ? Array("{\"a\":".utf8) : [0x5B]
            var deep: [UInt8] = []
            deep.reserveCapacity(unit.count * depth)
            for _ in 0..<depth { deep += unit }
            bytes.insert(contentsOf: deep, at: position)
        default:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        }
    }
}
