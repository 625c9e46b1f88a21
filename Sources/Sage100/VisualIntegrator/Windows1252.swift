/// The Windows-1252 code page (Sage 100's file encoding), implemented here so the bytes do
/// not depend on the platform's converters.
///
/// 0x00-0x7F and 0xA0-0xFF are Latin-1 (same code points as Unicode). 0x80-0x9F hold
/// the 27 characters below; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined and never written.
public enum Windows1252 {
    /// Unicode scalars for bytes 0x80-0x9F (nil where the code page has no character).
    public static let highControlBlock: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 80-87: € ‚ ƒ „ … † ‡
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,    // 88-8F: ˆ ‰ Š ‹ Œ Ž
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 90-97: ‘ ’ “ ” • – —
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178, // 98-9F: ˜ ™ š › œ ž Ÿ
    ]

    private static let reverseHigh: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (offset, scalar) in highControlBlock.enumerated() {
            if let scalar { map[scalar] = UInt8(0x80 + offset) }
        }
        return map
    }()

    /// The byte for `scalar`, or nil when Windows-1252 cannot hold it.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        switch value {
        case 0x00...0x7F, 0xA0...0xFF: return UInt8(value)
        case 0x80...0x9F: return nil // C1 controls: not characters in Windows-1252
        default: return reverseHigh[value]
        }
    }

    /// Whether every scalar of `text` can be written.
    public static func canEncode(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 } || text.unicodeScalars.allSatisfy { byte(for: $0) != nil }
    }

    /// The bytes of `text`, or nil if any character cannot be written.
    public static func encode(_ text: String) -> [UInt8]? {
        // ASCII is the same bytes in Windows-1252.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// Decodes Windows-1252 bytes; undefined bytes become U+FFFD.
    public static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            switch byte {
            case 0x80...0x9F:
                if let value = highControlBlock[Int(byte) - 0x80], let scalar = Unicode.Scalar(value) {
                    scalars.append(scalar)
                } else {
                    scalars.append("\u{FFFD}")
                }
            default:
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }
}
