/// Rules for vault entry names: 1 to 128 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit.
public enum VaultEntryName {
    /// The longest name accepted.
    public static let maxLength = 128

    /// Throws ``VaultError/invalidName(name:reason:)`` when `name` breaks the rules.
    public static func validate(_ name: String) throws(VaultError) {
        guard !name.isEmpty else { throw .invalidName(name: name, reason: "it is empty") }
        guard name.utf8.count <= maxLength else {
            throw .invalidName(name: String(name.prefix(40)) + "…", reason: "it is longer than \(maxLength) characters")
        }
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, isAlphanumeric(first) else {
            throw .invalidName(name: name, reason: "it must start with a letter or digit")
        }
        for scalar in scalars where !(isAlphanumeric(scalar) || scalar == "." || scalar == "_" || scalar == "-") {
            throw .invalidName(name: name, reason: "the character U+\(String(scalar.value, radix: 16, uppercase: true)) is not allowed")
        }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
