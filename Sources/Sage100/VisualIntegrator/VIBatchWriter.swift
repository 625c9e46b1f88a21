import Foundation

/// Writes Visual Integrator import files: one file per kind, rows `H`/`L`/`LL` in the
/// `VILayout` column order, comma-delimited with RFC 4180 quoting, CRLF line endings,
/// Windows-1252, dates `YYYYMMDD`, amounts with exactly 2 decimals, quantities with up to 6.
///
/// The same records always give the same bytes. Nothing is written unless every record is
/// valid; all problems are reported together (`VIWriteError.invalidRecords`).
///
/// Text is data: a name such as `+1 Plumbing & Heating` or `=Summit Steel` is written as it is
/// (quoted by the RFC 4180 rules when it needs it), because this file is for Sage's import, not
/// for a spreadsheet. Files meant for spreadsheets (the reconciliation CSV, fix sheets)
/// neutralise such cells themselves.
public struct VIBatchWriter: Sendable {
    /// Characters that make a spreadsheet treat a cell as a formula (for ``looksLikeFormula(_:)``).
    public static let formulaPrefixes: Set<Unicode.Scalar> = ["=", "+", "@", "\t", "\r"]

    public var configuration: VIWriterConfiguration

    public init(configuration: VIWriterConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Writes `records` of `kind` to `url` (temporary name, fsync, rename) and describes the file.
    public func write(_ kind: SageDocumentKind, records: [any SageRecord], to url: URL) throws -> VIBatchFile {
        try write(try render(kind, records: records), to: url)
    }

    /// Writes a batch rendered earlier (``render(_:records:)``) to `url` (temporary name, fsync,
    /// rename): the only failures left are the file system's (`VIWriteError.io`).
    public func write(_ batch: VIRenderedBatch, to url: URL) throws -> VIBatchFile {
        let kind = batch.kind
        try AtomicFileWriter.write(batch.bytes, to: url)
        return VIBatchFile(path: url, kind: kind, recordCount: batch.recordCount, lineCount: batch.lineCount,
                           byteCount: batch.bytes.count, controlTotal: batch.controlTotal, sha256: batch.sha256,
                           transliterations: batch.transliterations)
    }

    /// Typed convenience for `write(_:records:to:)`.
    public func write<R: SageRecord>(_ records: [R], to url: URL) throws -> VIBatchFile {
        try write(R.kind, records: records.map { $0 as any SageRecord }, to: url)
    }

    /// Typed convenience for `render(_:records:)`.
    public func render<R: SageRecord>(_ records: [R]) throws -> VIRenderedBatch {
        try render(R.kind, records: records.map { $0 as any SageRecord })
    }

    /// Renders the file in memory without touching the disk.
    public func render(_ kind: SageDocumentKind, records: [any SageRecord]) throws -> VIRenderedBatch {
        guard !records.isEmpty else { throw VIWriteError.emptyBatch(kind: kind) }
        var documents: [VIRenderedDocument] = []
        documents.reserveCapacity(records.count)
        var problems: [VIProblem] = []
        for record in records {
            guard record.kind == kind else {
                throw VIWriteError.kindMismatch(expected: kind, found: record.kind, record: record.recordLabel)
            }
            do {
                documents.append(try renderDocument(record))
            } catch VIWriteError.invalidRecords(_, let found) {
                problems += found
            }
        }
        var batch: VIRenderedBatch?
        if !documents.isEmpty {
            do {
                batch = try assemble(kind, documents: documents)
            } catch VIWriteError.invalidRecords(_, let repeats) {
                problems += repeats
            }
        }
        guard problems.isEmpty, let batch else { throw VIWriteError.invalidRecords(kind: kind, problems: problems) }
        return batch
    }

    /// Renders and checks one document on its own (its rows, Sage's field limits and its
    /// cross-field rules), so a batch can be assembled later from documents rendered once.
    /// Throws `VIWriteError.invalidRecords` with every problem of the document.
    public func renderDocument(_ record: any SageRecord) throws -> VIRenderedDocument {
        let kind = record.kind
        var problems: [VIProblem] = []
        var transliterations: [VITransliteration] = []
        var text = ""
        var lineCount = 0
        for row in record.rows {
            // What Sage will read: the cells as written, plus any field the layout has no
            // column for (the validator names it).
            let columns = Self.columns[kind]?[row.level] ?? []
            var cells: [String] = [row.level.recordType]
            var written = [String?](repeating: nil, count: configuration.validate ? columns.count : 0)
            for (index, column) in columns.enumerated() where column.number > 1 {
                let value = row.values[column.field]
                let cell = renderCell(value, column: column, row: row, problems: &problems,
                                      transliterations: &transliterations)
                if configuration.validate { written[index] = cell }
                cells.append(cell)
            }
            if configuration.validate {
                problems += VIRowChecks.checks(kind: kind, level: row.level, table: row.table, columns: columns)
                    .violations(cells: written, row: row)
                    .map(VIProblem.init)
            }
            text += VICSV.row(cells)
            lineCount += 1
        }
        if configuration.validate {
            problems += record.crossFieldViolations().map(VIProblem.init)
        }
        guard problems.isEmpty else { throw VIWriteError.invalidRecords(kind: kind, problems: problems) }
        guard let bytes = Windows1252.encode(text) else {
            // Unreachable: every cell was checked above. Kept as a guard, never a silent loss.
            throw VIWriteError.invalidRecords(kind: kind, problems: [VIProblem(
                record: record.recordLabel, field: "", kind: .unmappableCharacter, value: "",
                message: "the document holds a character Windows-1252 cannot encode")])
        }
        return VIRenderedDocument(kind: kind, label: record.recordLabel, key: duplicateCheckKey(record), bytes: bytes,
                                  lineCount: lineCount, controlAmount: record.controlAmount,
                                  transliterations: transliterations)
    }

    /// The file of documents rendered earlier (``renderDocument(_:)``), in their order. The
    /// only check left is across documents: one document per Sage key
    /// (`VIWriteError.invalidRecords` names each repeat).
    public func assemble(_ kind: SageDocumentKind, documents: [VIRenderedDocument]) throws -> VIRenderedBatch {
        let totals = try check(kind, documents: documents)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(documents.reduce(0) { $0 + $1.bytes.count })
        for document in documents { bytes += document.bytes }
        return VIRenderedBatch(kind: kind, bytes: bytes, recordCount: documents.count, lineCount: totals.lineCount,
                               controlTotal: totals.controlTotal, sha256: SHA256Digest.hex(bytes),
                               transliterations: totals.transliterations)
    }

    /// Writes the file of documents rendered earlier (``renderDocument(_:)``), in their order,
    /// straight to `url` (temporary name, fsync, rename) without assembling it in memory: the
    /// same bytes as ``assemble(_:documents:)`` then ``write(_:to:)``, after the same check.
    public func write(_ kind: SageDocumentKind, documents: [VIRenderedDocument], to url: URL) throws -> VIBatchFile {
        try write(kind, documents: documents, checked: try check(kind, documents: documents), to: url)
    }

    /// ``write(_:documents:to:)`` for documents whose ``check(_:documents:)`` gave `totals`
    /// (a caller that checks before making the file's folder does not check twice).
    public func write(_ kind: SageDocumentKind, documents: [VIRenderedDocument], checked totals: VIBatchTotals,
                      to url: URL) throws -> VIBatchFile {
        let stream = try AtomicFileStream(url: url)
        for document in documents { try stream.append(document.bytes) }
        let (byteCount, sha256) = try stream.commit()
        return VIBatchFile(path: url, kind: kind, recordCount: documents.count, lineCount: totals.lineCount,
                           byteCount: byteCount, controlTotal: totals.controlTotal, sha256: sha256,
                           transliterations: totals.transliterations)
    }

    /// The check across documents rendered earlier (their kind, one document per Sage key:
    /// `VIWriteError.invalidRecords` names each repeat) and the batch's totals.
    public func check(_ kind: SageDocumentKind, documents: [VIRenderedDocument]) throws -> VIBatchTotals {
        guard !documents.isEmpty else { throw VIWriteError.emptyBatch(kind: kind) }
        var problems: [VIProblem] = []
        var seenKeys: [String: String] = [:]
        var lineCount = 0
        var controlTotal = Decimal(0)
        var transliterations: [VITransliteration] = []
        for document in documents {
            guard document.kind == kind else {
                throw VIWriteError.kindMismatch(expected: kind, found: document.kind, record: document.label)
            }
            if let key = document.key {
                if let first = seenKeys[key] {
                    problems.append(VIProblem(
                        record: document.label, field: "key", kind: .fieldLimit(.notAllowed), value: key,
                        message: "appears twice in the batch (also \(first)); Sage keeps one document per key, so remove or renumber the duplicate"))
                } else {
                    seenKeys[key] = document.label
                }
            }
            lineCount += document.lineCount
            controlTotal += document.controlAmount
            transliterations += document.transliterations
        }
        guard problems.isEmpty else { throw VIWriteError.invalidRecords(kind: kind, problems: problems) }
        return VIBatchTotals(lineCount: lineCount, controlTotal: controlTotal, transliterations: transliterations)
    }

    /// Every layout's columns by kind and record type, built once.
    static let columns: [SageDocumentKind: [SageRecordLevel: [VIColumn]]] = Dictionary(
        uniqueKeysWithValues: SageDocumentKind.allCases.map { kind in
            let layout = VILayout.layout(for: kind)
            return (kind, Dictionary(uniqueKeysWithValues: layout.levels.map { ($0, layout.columns(for: $0)) }))
        })

    // MARK: - Cells

    private func renderCell(_ value: SageValue?, column: VIColumn, row: SageRow, problems: inout [VIProblem],
                            transliterations: inout [VITransliteration]) -> String {
        let field = column.field
        switch column.format {
        case .amount, .quantity:
            let number: Decimal
            switch value {
            case .number(let n)?: number = n
            case .text(let s)? where !s.isEmpty:
                guard let parsed = SageDecimal.parse(s) else { return s } // the validator names it
                number = parsed
            default: return column.format == .amount ? "0.00" : "0"
            }
            let scale = column.format == .amount ? 2 : 6
            let text = column.format == .amount ? SageDecimal.fixed(number, scale: scale)
                : (SageDecimal.scale(of: number) <= scale ? SageDecimal.plain(number) : nil)
            guard let text else {
                problems.append(VIProblem(
                    record: row.label, field: field, kind: .notRepresentable, value: SageDecimal.plain(number),
                    message: "\(field) \(SageDecimal.plain(number)) has \(SageDecimal.scale(of: number)) decimals; the file holds \(scale), round it to \(SageDecimal.fixed(SageDecimal.rounded(number, scale: scale), scale: scale) ?? "") first"))
                return SageDecimal.plain(number)
            }
            return text
        case .date, .flag:
            return value?.text ?? ""
        case .text:
            return renderText(value?.text ?? "", field: field, row: row, problems: &problems,
                              transliterations: &transliterations)
        }
    }

    private func renderText(_ raw: String, field: String, row: SageRow, problems: inout [VIProblem],
                            transliterations: inout [VITransliteration]) -> String {
        if let control = raw.unicodeScalars.first(where: isForbiddenControl) {
            problems.append(VIProblem(
                record: row.label, field: field, kind: .controlCharacter, value: raw,
                message: "\(field) contains the control character U+\(hex(control)); remove it"))
            return raw
        }
        let result = Windows1252Transliterator.transliterate(raw)
        if !result.changed && result.unmappable.isEmpty { return result.text }
        switch configuration.unmappable {
        case .reject:
            let composed = raw.precomposedStringWithCanonicalMapping
            let bad = composed.unicodeScalars.filter { Windows1252.byte(for: $0) == nil }
            if !bad.isEmpty {
                let list = bad.prefix(5).map { "'\(String($0))' (U+\(hex($0)))" }.joined(separator: ", ")
                problems.append(VIProblem(
                    record: row.label, field: field, kind: .unmappableCharacter, value: raw,
                    message: "\(field) '\(SageText.shown(raw))' contains \(list), which Windows-1252 cannot hold; edit the value or set unmappable characters to transliterate"))
                return raw
            }
            return composed
        case .transliterate:
            if !result.unmappable.isEmpty {
                let list = result.unmappable.prefix(5).map { c in
                    "'\(c)' (" + c.unicodeScalars.map { "U+" + hex($0) }.joined(separator: " ") + ")"
                }.joined(separator: ", ")
                problems.append(VIProblem(
                    record: row.label, field: field, kind: .unmappableCharacter, value: raw,
                    message: "\(field) '\(SageText.shown(raw))' contains \(list), which Windows-1252 cannot hold and has no transliteration; edit the value in the source record"))
                return raw
            }
            if result.changed {
                transliterations.append(VITransliteration(record: row.label, field: field, original: raw,
                                                          replacement: result.text))
            }
            return result.text
        }
    }

    /// Whether a text cell would be run as a formula by a spreadsheet: it starts with `=`, `@`,
    /// tab or CR, or with `+` unless the rest is only digits and phone punctuation
    /// (`+49 711 555-0100`, `+1 (512) 555.0199`), which carries no formula.
    public static func looksLikeFormula(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, formulaPrefixes.contains(first) else { return false }
        if first == "+" {
            let rest = text.unicodeScalars.dropFirst()
            let phoneLike = !rest.isEmpty && rest.allSatisfy { scalar in
                ("0"..."9").contains(scalar) || [" ", "-", ".", "(", ")", "/"].contains(scalar)
            }
            return !phoneLike
        }
        return true
    }

    private func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return true
        default: return false
        }
    }

    private func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func duplicateCheckKey(_ record: any SageRecord) -> String? {
        record.uniqueKey
    }
}
