import Crypto

/// SHA-256 fingerprints of batch files (swift-crypto underneath), as lowercase hex.
public struct SHA256Digest {
    private var hasher = SHA256()

    public init() {}

    /// Adds bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        hasher.update(data: Array(bytes))
    }

    /// Adds the bytes in `raw`, without copying them.
    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: raw)
    }

    /// The digest of everything added.
    public mutating func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var digest = SHA256Digest()
        digest.update(bytes)
        return hex(digest: digest.finalize())
    }

    /// `digest` as lowercase hex.
    public static func hex(digest: [UInt8]) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
