import Crypto
import Foundation

/// sha256 of raw record bytes, as lowercase hex: the content half of a record's source version.
public enum ContentHash {
    /// The hex sha256 of `data`.
    public static func sha256(_ data: Data) -> String {
        let digest = SHA256.hash(data: data)
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return text
    }

    private static let hexDigits: [Character] = Array("0123456789abcdef")
}
