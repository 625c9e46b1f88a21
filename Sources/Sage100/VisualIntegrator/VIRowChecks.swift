import Foundation
import Synchronization

/// How one row layout (a kind's columns for one record type) is checked against one Sage
/// table, worked out once: which of the table's limits each column's cell is checked against,
/// the limits no column writes, and every field name the row may carry without being unknown.
///
/// ``VIBatchWriter/renderDocument(_:)`` checks every row of every document; with this it hands
/// the validator the cells by limit instead of building a dictionary of written cells per row.
/// The answers are ``SageValidator/validate(table:fields:record:rejectUnknownFields:amending:)``'s
/// on that dictionary.
struct VIRowChecks: Sendable {
    let table: SageTable
    /// The table's limits, in the validator's order.
    let limits: [SageFieldLimit]
    /// By column index (of the layout's columns): the limit its cell is checked against.
    let columnLimit: [Int?]
    /// By column index: the field the column writes.
    let columnFields: [String]
    /// Limits no column writes: checked against the row's own value, if any.
    let uncovered: [Int]
    /// Fields the columns write and fields the table has: a row value named otherwise is unknown.
    let known: Set<String>

    init(table: SageTable, columns: [VIColumn]) {
        self.table = table
        let limits = SageFieldLimits.limits(for: table)
        self.limits = limits
        var indexByField: [String: Int] = [:]
        for (index, limit) in limits.enumerated() { indexByField[limit.field] = index }
        columnLimit = columns.map { $0.number > 1 ? indexByField[$0.field] : nil }
        columnFields = columns.map(\.field)
        let written = Set(columns.filter { $0.number > 1 }.map(\.field))
        uncovered = limits.indices.filter { !written.contains(limits[$0].field) }
        known = written.union(limits.map(\.field))
    }

    private struct Key: Hashable {
        var kind: SageDocumentKind
        var level: SageRecordLevel
        var table: SageTable
    }

    private static let cache = Mutex<[Key: VIRowChecks]>([:])

    /// The checks of `kind`'s `level` rows written to `table`.
    static func checks(kind: SageDocumentKind, level: SageRecordLevel, table: SageTable, columns: [VIColumn]) -> VIRowChecks {
        let key = Key(kind: kind, level: level, table: table)
        return cache.withLock { cache in
            if let known = cache[key] { return known }
            let made = VIRowChecks(table: table, columns: columns)
            cache[key] = made
            return made
        }
    }

    /// The violations of one row whose layout columns wrote `cells` (by column index; nil
    /// for the record-type column).
    func violations(cells: [String?], row: SageRow) -> [SageFieldViolation] {
        var byLimit = [String?](repeating: nil, count: limits.count)
        // Columns the table has no field for (a layout naming a field the table lacks): unknown,
        // the last cell of a field standing for it.
        var unknownCells: [String: String] = [:]
        for (index, cell) in cells.enumerated() {
            guard let cell else { continue }
            if let limit = columnLimit[index] {
                byLimit[limit] = cell
            } else if !columnFields[index].hasPrefix("UDF_") {
                unknownCells[columnFields[index]] = cell
            }
        }
        for index in uncovered { byLimit[index] = row.values[limits[index].field]?.text }
        var unknown = unknownCells.map { (field: $0.key, value: $0.value) }
        for (field, value) in row.values where !known.contains(field) && !field.hasPrefix("UDF_") {
            unknown.append((field, value.text))
        }
        return SageValidator.validate(table: table, limits: limits, value: { byLimit[$0] ?? "" }, unknown: unknown,
                                      record: row.label, amending: row.amendsExisting)
    }
}
