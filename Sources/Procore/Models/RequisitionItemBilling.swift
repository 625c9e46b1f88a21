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
            var length = 0
            var ascii = true
            for byte in name.utf8 where byte != 0x5F {
                length += 1
                ascii = ascii && byte < 0x80
            }
            // Names outside ASCII are compared by Unicode lower-casing: leave them to the table.
            if ascii, length < 64, Self.lengths & (1 << UInt64(length)) == 0 { return nil }
            return byName[NormalizedKey(name)]
        }
    }

    /// Reads an item as the pull staged it.
    /// - Parameter resource: named in errors, e.g. `requisitions.contract_items`.
    /// - Parameter changeOrderItem: reads `commitment_line_item_id` too (change order items only).
    /// - Throws: ``ProcoreError/invalidRecord(resource:recordID:field:reason:)`` naming the field.
    public init(record: ProcoreRecord, resource: String, changeOrderItem: Bool) throws(ProcoreError) {
        let value: JSONValue
        do { value = try JSONValue.parse(record.raw) } catch {
            throw .invalidRecord(resource: resource, recordID: record.id, field: "", reason: error.description)
        }
        guard case .object(let object) = value else {
            throw .invalidRecord(resource: resource, recordID: record.id, field: "",
                                 reason: "expected an object, found \(value.typeName)")
        }
        // The last member of each field wins, as in ``ProcoreJSONDecoder``.
        var found = [(name: String, value: JSONValue)?](repeating: nil, count: Field.allCases.count)
        for (name, member) in object.members {
            guard let field = Field.named(name) else { continue }
            if field == .commitmentLineItemID && !changeOrderItem { continue }
            found[field.rawValue] = (name, member)
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
