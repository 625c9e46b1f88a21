/// What an inbox file name says about the file, and whether the name is safe to handle.
public enum InboxFileName {
    /// The kind of file a name announces.
    public enum Kind: String, Sendable, Codable, Equatable {
        /// `*.jsonl` / `*.json`: corrected staged records.
        case corrections
        /// `*.csv`: cost-code mapping rows.
        case mapping
        /// `approve-*` / `reject-*`: handled by ``Approvals``.
        case approval
        /// Hidden files, `README*`: left alone.
        case ignored
        /// Anything else: refused.
        case unknown
    }

    /// The kind announced by `name` (the name's safety is checked by ``problem(_:maxBytes:)``).
    public static func kind(of name: String) -> Kind {
        if Approvals.isApprovalFileName(name) { return .approval }
        if name.hasPrefix("."), !name.contains("..") { return .ignored }
        // A copy in progress (`fixes.csv.part`, `~$fixes.csv` while a spreadsheet holds it open).
        let lowered = name.lowercased()
        if lowered.hasSuffix(".part") || lowered.hasSuffix(".tmp") || lowered.hasSuffix(".crdownload") || name.hasPrefix("~$") {
            return .ignored
        }
        if name == "README" || name.hasPrefix("README.") { return .ignored }
        let lower = name.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") { return .corrections }
        if lower.hasSuffix(".csv") { return .mapping }
        return .unknown
    }

    /// Why `name` is not safe to handle (path separators, `..`, a leading `-`, control or
    /// invisible characters, over-long), or nil when it is fine.
    public static func problem(_ name: String, maxBytes: Int) -> String? {
        if name.isEmpty { return "the file name is empty" }
        if name.utf8.count > maxBytes {
            return "the file name is \(name.utf8.count) bytes long; at most \(maxBytes) are accepted"
        }
        if name.contains("/") || name.contains("\\") { return "the file name contains a path separator ('/' or '\\')" }
        if name.contains("..") { return "the file name contains '..' (it looks like a path to another folder)" }
        if name.hasPrefix("-") { return "the file name starts with '-' (command-line tools read it as an option)" }
        if name.unicodeScalars.contains(where: isControl) {
            return "the file name contains control characters (line breaks, tabs, escape codes)"
        }
        if name.unicodeScalars.contains(where: isInvisible) {
            return "the file name contains invisible or direction-changing characters"
        }
        if name.hasPrefix(" ") || name.hasSuffix(" ") { return "the file name starts or ends with a space" }
        return nil
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
    }

    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        // Zero-width characters, bidirectional overrides and isolates (they make a name read
        // differently from what it is: "invoice‮vsc.exe").
        [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF].contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// The name for messages: control and invisible characters shown as `?`, cut to 150 characters.
    public static func shown(_ name: String) -> String {
        let text = String(String.UnicodeScalarView(name.unicodeScalars.map { isControl($0) || isInvisible($0) ? "?" : $0 }))
        return text.count > 150 ? String(text.prefix(150)) + "…" : text
    }

    /// A name safe to create in `inbox/rejected/` or `inbox/processed/`: only `A-Z a-z 0-9 . _ -`,
    /// no `..`, no leading `.` or `-`, at most 120 bytes. Safe names are kept as they are.
    public static func safe(_ name: String) -> String {
        var out = String(String.UnicodeScalarView(name.unicodeScalars.map { s in
            let v = s.value
            let ok = (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 45 || v == 46 || v == 95
            return ok ? s : "_"
        }))
        while out.contains("..") { out = out.replacingOccurrences(of: "..", with: "_") }
        if out.hasPrefix(".") || out.hasPrefix("-") { out = "_" + out.dropFirst() }
        if out.utf8.count > 120 { out = String(out.prefix(120)) }
        return out.isEmpty ? "unnamed" : out
    }
}
