import Foundation

/// Lines added to a purchase order Sage already holds (`PO_PurchaseOrder_bus`: `nSetKey` on the
/// existing number, `oLines.nAddLine` per line, `nWrite`): how an approved commitment change
/// order reaches Sage 100. Job Cost reads committed cost from PO lines, so the commitment in
/// Sage follows Procore's revised commitment, and no GL account is touched.
///
/// The header names the purchase order and nothing else (its date, vendor and terms stay as
/// Sage holds them); the lines are miscellaneous items with ``itemCode`` so that finance, and
/// the reconciliation, tell them from the commitment's own lines. A deductive change order adds
/// lines with negative amounts.
public struct PurchaseOrderChange: SageRecord, Hashable {
    public static let kind = SageDocumentKind.purchaseOrderChanges
    /// Item code of the lines a change order adds (a miscellaneous item, ItemType 5).
    public static let itemCode = "/CHANGEORDER"

    public var purchaseOrderNo: String
    public var lines: [PurchaseOrderLine]

    public init(purchaseOrderNo: String, lines: [PurchaseOrderLine]) {
        self.purchaseOrderNo = purchaseOrderNo
        self.lines = lines
    }

    public enum CodingKeys: String, CodingKey {
        case purchaseOrderNo = "PurchaseOrderNo", lines = "lines"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        purchaseOrderNo = try c.decodeText(forKey: .purchaseOrderNo)
        lines = try c.decodeIfPresent([PurchaseOrderLine].self, forKey: .lines) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(purchaseOrderNo, forKey: .purchaseOrderNo)
        try c.encode(lines, forKey: .lines)
    }

    /// The purchase order's number: the lines' LineKeys are Sage's to give.
    public var sageKey: String { purchaseOrderNo }

    /// Nil: a purchase order takes any number of changes, in one batch too.
    public var uniqueKey: String? { nil }

    public var recordLabel: String {
        SageRecordLabel.header(kind: .purchaseOrderChanges, fields: ["PurchaseOrderNo": purchaseOrderNo])
    }

    public var rows: [SageRow] {
        let label = recordLabel
        return [SageRow(level: .header, table: .poPurchaseOrderHeader, label: label,
                        values: ["PurchaseOrderNo": .text(purchaseOrderNo)], amendsExisting: true)]
            + SageRow.lines(lines.map(\.values), table: .poPurchaseOrderDetail, header: label)
    }

    /// Sum of the added lines' ExtensionAmt: how much the commitment changes.
    public var controlAmount: Decimal { lines.reduce(0) { $0 + $1.extensionAmt } }

    public func crossFieldViolations() -> [SageFieldViolation] {
        var found: [SageFieldViolation] = []
        let label = recordLabel
        if purchaseOrderNo.isEmpty {
            found.append(SageFieldViolation(
                record: label, table: .poPurchaseOrderHeader, field: "PurchaseOrderNo", rule: .required,
                limit: "the number of a purchase order in Sage", value: "",
                message: "PurchaseOrderNo is required: a change adds lines to a purchase order Sage already holds"))
        }
        if lines.isEmpty {
            found.append(.noLines(record: label, table: .poPurchaseOrderDetail,
                message: "the purchase order change has no lines; add at least one line"))
        }
        return found + PurchaseOrderLine.extensionViolations(lines, record: label)
    }
}
