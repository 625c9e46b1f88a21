import Foundation

/// A replacement made so text fits Windows-1252, reported so nothing changes silently.
public struct VITransliteration: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The record (and line), e.g. "vendor 00ŁÓDŹ".
    public let record: String
    /// Sage field name.
    public let field: String
    /// The value as given.
    public let original: String
    /// The value as written.
    public let replacement: String

    public var description: String {
        "\(record): \(field) '\(SageText.shown(original))' written as '\(SageText.shown(replacement))'"
    }
}

/// A batch as rendered in memory (what `VIBatchWriter.render` returns).
public struct VIRenderedBatch: Sendable, Equatable {
    public let kind: SageDocumentKind
    /// The file's bytes: Windows-1252, CRLF line endings.
    public let bytes: [UInt8]
    /// Documents in the batch.
    public let recordCount: Int
    /// Rows (header + lines + sub-lines).
    public let lineCount: Int
    /// Sum of the records' control amounts (see `SageRecord.controlAmount`).
    public let controlTotal: Decimal
    /// Lower-case hex SHA-256 of `bytes`.
    public let sha256: String
    /// Every replacement made to fit Windows-1252.
    public let transliterations: [VITransliteration]
}

/// What a batch of documents rendered earlier adds up to, once they passed the check across
/// documents (`VIBatchWriter.check`).
public struct VIBatchTotals: Sendable, Equatable {
    /// Rows (header + lines + sub-lines).
    public let lineCount: Int
    /// Sum of the documents' control amounts.
    public let controlTotal: Decimal
    /// Every replacement made to fit Windows-1252.
    public let transliterations: [VITransliteration]
}

/// One document rendered and checked on its own: its rows as they go into the file.
public struct VIRenderedDocument: Sendable, Equatable {
    public let kind: SageDocumentKind
    /// The record's label, for messages.
    public let label: String
    /// The Sage key no other document of a batch may have (nil when Sage assigns it).
    public let key: String?
    /// Its rows: Windows-1252, CRLF line endings.
    public let bytes: [UInt8]
    public let lineCount: Int
    /// The record's control amount (see `SageRecord.controlAmount`).
    public let controlAmount: Decimal
    public let transliterations: [VITransliteration]
}

/// A Visual Integrator batch file written to disk.
public struct VIBatchFile: Sendable, Equatable, Codable {
    /// Where the file is.
    public let path: URL
    public let kind: SageDocumentKind
    /// Documents in the file.
    public let recordCount: Int
    /// Rows in the file (header + lines + sub-lines).
    public let lineCount: Int
    /// Bytes in the file.
    public let byteCount: Int
    /// Sum of the records' control amounts: InvoiceAmt (AP invoices), ExtensionAmt (purchase
    /// orders), debits (GL entries), CheckAmt (manual checks), 0 (vendors).
    public let controlTotal: Decimal
    /// Lower-case hex SHA-256 of the file.
    public let sha256: String
    /// Every replacement made to fit Windows-1252.
    public let transliterations: [VITransliteration]

    public init(path: URL, kind: SageDocumentKind, recordCount: Int, lineCount: Int, byteCount: Int,
                controlTotal: Decimal, sha256: String, transliterations: [VITransliteration]) {
        self.path = path
        self.kind = kind
        self.recordCount = recordCount
        self.lineCount = lineCount
        self.byteCount = byteCount
        self.controlTotal = controlTotal
        self.sha256 = sha256
        self.transliterations = transliterations
    }

    public enum CodingKeys: String, CodingKey {
        case path, kind, recordCount = "record_count", lineCount = "line_count", byteCount = "byte_count"
        case controlTotal = "control_total", sha256, transliterations
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = URL(fileURLWithPath: try c.decode(String.self, forKey: .path))
        kind = try c.decode(SageDocumentKind.self, forKey: .kind)
        recordCount = try c.decode(Int.self, forKey: .recordCount)
        lineCount = try c.decode(Int.self, forKey: .lineCount)
        byteCount = try c.decode(Int.self, forKey: .byteCount)
        controlTotal = try c.decodeSageDecimal(forKey: .controlTotal)
        sha256 = try c.decode(String.self, forKey: .sha256)
        transliterations = try c.decodeIfPresent([VITransliteration].self, forKey: .transliterations) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path.path, forKey: .path)
        try c.encode(kind, forKey: .kind)
        try c.encode(recordCount, forKey: .recordCount)
        try c.encode(lineCount, forKey: .lineCount)
        try c.encode(byteCount, forKey: .byteCount)
        try c.encodeMoney(controlTotal, forKey: .controlTotal)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(transliterations, forKey: .transliterations)
    }
}
