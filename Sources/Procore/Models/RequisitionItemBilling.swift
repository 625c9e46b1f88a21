import Foundation
import JSON

/// What one requisition item (a `contract_items` or `change_order_items` child) bills this
/// period: the fields the AP invoice is built from, read in one pass over the item's JSON.
///
/// The transform reads one per billed line, and decoding the whole item model through
/// `Decodable` (26 fields, each looked up by its normalized name) cost more than the rest of
/// building the invoice. The fields read follow ``ProcoreJSONDecoder``'s rules exactly: names
/// match ignoring case and underscores, money is exact from a number or a decimal string,
/// integers may be written with a zero fraction, null reads as absent, and a bad value is an
/// error naming the field. The item's other fields are not read, so they cannot make it
/// invalid.
public struct RequisitionItemBilling: Sendable, Equatable {
    public var id: Int64
    public var costCodeID: Int64?
    public var lineItemID: Int64?
    /// Change order items: the commitment line item billed (preferred over `line_item_id`).
    public var commitmentLineItemID: Int64?
    public var workCompletedThisPeriod: Decimal?
    public var materialsPresentlyStored: Decimal?
    public var workCompletedRetainageRetainedThisPeriod: Decimal?
    public var workCompletedRetainageReleasedThisPeriod: Decimal?
    public var materialsStoredRetainageCurrentlyRetained: Decimal?
    public var materialsStoredRetainageReleasedThisPeriod: Decimal?

    private init(id: Int64) { self.id = id }

    public init(_ item: RequisitionContractItem) {
        self.init(item, commitmentLineItemID: nil)
    }

    public init(_ item: RequisitionChangeOrderItem) {
        self.init(item, commitmentLineItemID: item.commitmentLineItemID)
    }

    init(_ item: some RequisitionBilledFields, commitmentLineItemID: Int64?) {
        id = item.id
        costCodeID = item.costCodeID
        lineItemID = item.lineItemID
        self.commitmentLineItemID = commitmentLineItemID
        workCompletedThisPeriod = item.workCompletedThisPeriod
        materialsPresentlyStored = item.materialsPresentlyStored
        workCompletedRetainageRetainedThisPeriod = item.workCompletedRetainageRetainedThisPeriod
        workCompletedRetainageReleasedThisPeriod = item.workCompletedRetainageReleasedThisPeriod
        materialsStoredRetainageCurrentlyRetained = item.materialsStoredRetainageCurrentlyRetained
        materialsStoredRetainageReleasedThisPeriod = item.materialsStoredRetainageReleasedThisPeriod
    }

    enum Field: Int, CaseIterable {
        case id, costCodeID, lineItemID, commitmentLineItemID
        case workCompletedThisPeriod, materialsPresentlyStored
        case workCompletedRetainageRetainedThisPeriod, workCompletedRetainageReleasedThisPeriod
        case materialsStoredRetainageCurrentlyRetained, materialsStoredRetainageReleasedThisPeriod

        /// Procore's name for the field.
        var name: String {
            switch self {
            case .id: "id"
            case .costCodeID: "cost_code_id"
            case .lineItemID: "line_item_id"
            case .commitmentLineItemID: "commitment_line_item_id"
            case .workCompletedThisPeriod: "work_completed_this_period"
            case .materialsPresentlyStored: "materials_presently_stored"
            case .workCompletedRetainageRetainedThisPeriod: "work_completed_retainage_retained_this_period"
            case .workCompletedRetainageReleasedThisPeriod: "work_completed_retainage_released_this_period"
            case .materialsStoredRetainageCurrentlyRetained: "materials_stored_retainage_currently_retained"
            case .materialsStoredRetainageReleasedThisPeriod: "materials_stored_retainage_released_this_period"
            }
        }

        /// Fields by normalized name, as ``ProcoreJSONDecoder`` matches them.
        static let byName: [NormalizedKey: Field] = Dictionary(uniqueKeysWithValues: allCases.map { (NormalizedKey($0.name), $0) })

        /// Bit n set when a field's name has n characters besides underscores: a member whose
        /// name has another count is none of these fields, whatever its case (most of an
        /// item's members are skipped by this count alone, without hashing their names).
        static let lengths: UInt64 = allCases.reduce(0) { $0 | (1 << UInt64($1.name.utf8.count { $0 != 0x5F })) }

        /// The field `name` names, if any.
        static func named(_ name: String) -> Field? {
            var name = name
            guard name.withUTF8({ mayBeNamed(UnsafeRawBufferPointer($0)) }) else { return nil }
            return byName[NormalizedKey(name)]
        }
    }

    /// Reads an item as the pull staged it.
    /// - Parameter resource: named in errors, e.g. `requisitions.contract_items`.
    /// - Parameter changeOrderItem: reads `commitment_line_item_id` too (change order items only).
    /// - Throws: ``ProcoreError/invalidRecord(resource:recordID:field:reason:)`` naming the field.
    public init(record: ProcoreRecord, resource: String, changeOrderItem: Bool) throws(ProcoreError) {
        let found: [(name: String, value: JSONValue)?]
        do throws(ScanFailure) {
            found = try Self.scanFields(record.raw, changeOrderItem: changeOrderItem)
        } catch {
            switch error {
            case .syntax(let error):
                throw .invalidRecord(resource: resource, recordID: record.id, field: "", reason: error.description)
            case .notAnObject(let reason):
                throw .invalidRecord(resource: resource, recordID: record.id, field: "", reason: reason)
            }
        }
        var id: Int64?
        self.init(id: 0)
        for field in Field.allCases {
            guard let member = found[field.rawValue] else { continue }
            let reader = ValueDecoder(member.value, path: [])
            // The optional fields read null as absent, as `decodeIfPresent` does.
            func integer() throws -> Int64? { reader.decodeNil() ? nil : try reader.integer(Int64.self) }
            func decimal() throws -> Decimal? { reader.decodeNil() ? nil : try reader.decimal() }
            do {
                switch field {
                case .id: id = try reader.integer(Int64.self)
                case .costCodeID: costCodeID = try integer()
                case .lineItemID: lineItemID = try integer()
                case .commitmentLineItemID: commitmentLineItemID = try integer()
                case .workCompletedThisPeriod: workCompletedThisPeriod = try decimal()
                case .materialsPresentlyStored: materialsPresentlyStored = try decimal()
                case .workCompletedRetainageRetainedThisPeriod: workCompletedRetainageRetainedThisPeriod = try decimal()
                case .workCompletedRetainageReleasedThisPeriod: workCompletedRetainageReleasedThisPeriod = try decimal()
                case .materialsStoredRetainageCurrentlyRetained: materialsStoredRetainageCurrentlyRetained = try decimal()
                case .materialsStoredRetainageReleasedThisPeriod: materialsStoredRetainageReleasedThisPeriod = try decimal()
                }
            } catch let error as ProcoreDecodingError {
                throw .invalidRecord(resource: resource, recordID: record.id, field: member.name, reason: error.reason)
            } catch {
                throw .invalidRecord(resource: resource, recordID: record.id, field: member.name, reason: "\(error)")
            }
        }
        guard let id else {
            throw .invalidRecord(resource: resource, recordID: record.id, field: "id", reason: "is missing")
        }
        self.id = id
    }
}

extension RequisitionItemBilling {
    enum ScanFailure: Error {
        case syntax(JSONSyntaxError)
        case notAnObject(reason: String)
    }

    /// The members of an item's JSON object that are fields read here, by ``Field`` (the last
    /// member of each field wins, as in ``ProcoreJSONDecoder``), with the name each was
    /// written under. One pass over the bytes: every member is validated, but only the
    /// fields read become values (an item has about 26 members and 10 are read), and a name
    /// written exactly as Procore spells it is matched without making a `String`.
    static func scanFields(_ raw: Data, changeOrderItem: Bool) throws(ScanFailure) -> [(name: String, value: JSONValue)?] {
        var found = [(name: String, value: JSONValue)?](repeating: nil, count: Field.allCases.count)
        let isObject: Bool
        do {
            isObject = try raw.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> Bool in
                var scanner = JSONScanner(buffer)
                scanner.skipWhitespace()
                guard scanner.peek() == 0x7B else { return false }
                try JSONScanner.members(of: &scanner) { (s: inout JSONScanner, range, escaped) throws(JSONSyntaxError) in
                    var name: String?
                    var field: Field?
                    if !escaped, let exact = Field.spelled(UnsafeRawBufferPointer(rebasing: buffer[range])) {
                        field = exact
                    } else if escaped || Field.mayBeNamed(UnsafeRawBufferPointer(rebasing: buffer[range])) {
                        let text = try s.stringValue(range, escaped: escaped)
                        name = text
                        field = Field.named(text)
                    }
                    if let field, field != .commitmentLineItemID || changeOrderItem {
                        found[field.rawValue] = (name ?? field.name, try s.parseValue(depth: 1))
                    } else {
                        try s.skipValue(depth: 1)
                    }
                }
                scanner.skipWhitespace()
                guard scanner.atEnd else { throw scanner.fail("unexpected data after the JSON value") }
                return true
            }
        } catch let error as JSONSyntaxError {
            throw .syntax(error)
        } catch {
            throw .syntax(JSONSyntaxError(offset: 0, reason: "\(error)"))
        }
        guard isObject else {
            // Not an object: the whole value is parsed for its syntax error or its type.
            do {
                // The model's words: null is a missing value, anything else the wrong type.
                let value = try JSONValue.parse(raw)
                throw ScanFailure.notAnObject(reason: value == .null ? "is null but a value is required"
                                              : ValueDecoder(value, path: []).mismatch("an object").reason)
            } catch let error as JSONSyntaxError {
                throw .syntax(error)
            } catch let error as ScanFailure {
                throw error
            } catch {
                throw .syntax(JSONSyntaxError(offset: 0, reason: "\(error)"))
            }
        }
        return found
    }
}

extension RequisitionItemBilling.Field {
    /// Procore's names as bytes, by field.
    static let spellings: [[UInt8]] = allCases.map { Array($0.name.utf8) }

    /// The field whose name is exactly `bytes` (Procore's own spelling), if any.
    static func spelled(_ bytes: UnsafeRawBufferPointer) -> Self? {
        for field in allCases {
            let spelling = spellings[field.rawValue]
            guard spelling.count == bytes.count else { continue }
            if spelling.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return field }
        }
        return nil
    }

    /// False when the name `bytes` (UTF-8) cannot be any field's whatever its case or
    /// underscores: ASCII whose length without underscores no field has. Names outside ASCII
    /// are compared by Unicode lower-casing, so they may be one.
    static func mayBeNamed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var length = 0
        for byte in bytes where byte != 0x5F {
            if byte >= 0x80 { return true }
            length += 1
        }
        return length < 64 && lengths & (1 << UInt64(length)) != 0
    }
}

/// The fields a requisition's contract and change order items share that say what they bill.
protocol RequisitionBilledFields {
    var id: Int64 { get }
    var costCodeID: Int64? { get }
    var lineItemID: Int64? { get }
    var workCompletedThisPeriod: Decimal? { get }
    var materialsPresentlyStored: Decimal? { get }
    var workCompletedRetainageRetainedThisPeriod: Decimal? { get }
    var workCompletedRetainageReleasedThisPeriod: Decimal? { get }
    var materialsStoredRetainageCurrentlyRetained: Decimal? { get }
    var materialsStoredRetainageReleasedThisPeriod: Decimal? { get }
}

extension RequisitionContractItem: RequisitionBilledFields {}
extension RequisitionChangeOrderItem: RequisitionBilledFields {}
