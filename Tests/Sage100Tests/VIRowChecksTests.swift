import Foundation
import Testing
@testable import Sage100

/// The writer checks each row through ``VIRowChecks`` (cells by limit, worked out once per
/// layout); its answers must be the validator's on the dictionary of what the row writes.
@Suite("VI row checks")
struct VIRowChecksTests {
    /// What the writer used to hand the validator: every cell under its column's field, then
    /// every row value no column wrote.
    static func written(cells: [String?], columns: [VIColumn], row: SageRow) -> [String: String] {
        var written: [String: String] = [:]
        for (index, cell) in cells.enumerated() { if let cell { written[columns[index].field] = cell } }
        for (field, value) in row.values where written[field] == nil { written[field] = value.text }
        return written
    }

    /// Rows of every kind and level: complete, empty, wrong values, unknown and user-defined
    /// fields, amending, and written to a table the layout was not made for.
    static var cases: [(kind: SageDocumentKind, level: SageRecordLevel, table: SageTable, values: [String: SageValue], amending: Bool)] {
        var all: [(SageDocumentKind, SageRecordLevel, SageTable, [String: SageValue], Bool)] = []
        for kind in SageDocumentKind.allCases {
            for level in kind.levels {
                guard let table = kind.table(for: level) else { continue }
                let fields = SageFieldLimits.fields(of: table)
                let full = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($0.element, SageValue.text("V\($0.offset)")) })
                let bad = Dictionary(uniqueKeysWithValues: fields.enumerated().map {
                    ($0.element, $0.offset % 3 == 0 ? SageValue.text(String(repeating: "x", count: 300)) : .text($0.offset % 3 == 1 ? "" : " -1.234 "))
                })
                var extra = full
                extra["Bogus"] = .text("1")
                extra["UDF_NOTE"] = .text("kept")
                extra["Another"] = .text("")
                for values in [full, bad, extra, [:]] {
                    for amending in [false, true] {
                        all.append((kind, level, table, values, amending))
                    }
                }
                // A row written to another table than its layout's.
                let other = SageTable.allCases.first { $0 != table }!
                all.append((kind, level, other, extra, false))
            }
        }
        return all
    }

    @Test("same violations, in the same order, as the validator on the written fields")
    func sameAsValidator() {
        var checked = 0
        for c in Self.cases {
            let columns = VIBatchWriter.columns[c.kind]?[c.level] ?? []
            let row = SageRow(level: c.level, table: c.table, label: "row", values: c.values, amendsExisting: c.amending)
            let cells: [String?] = columns.map { $0.number > 1 ? (c.values[$0.field]?.text ?? "") : nil }
            let found = VIRowChecks.checks(kind: c.kind, level: c.level, table: c.table, columns: columns)
                .violations(cells: cells, row: row)
            let expected = SageValidator.validate(table: c.table, fields: Self.written(cells: cells, columns: columns, row: row),
                                                  record: "row", amending: c.amending)
            #expect(found.map(\.message) == expected.map(\.message), "\(c.kind) \(c.level) \(c.table) amending \(c.amending)")
            checked += expected.count
        }
        #expect(checked > 100, "the cases hold violations to compare")
    }
}
