import Foundation

/// A typed field value of a Sage record, before it is turned into text for a file or a check.
public enum SageValue: Sendable, Hashable {
    /// Text or a code.
    case text(String)
    /// A date; nil means Sage's empty date.
    case date(SageDate?)
    /// A number (money, quantity or unit cost); its format comes from the field's limits.
    case number(Decimal)
    /// A Y/N flag.
    case flag(Bool)

    /// Canonical text: text as is, dates `YYYYMMDD` (empty when nil), numbers in their exact
    /// plain form, flags `Y`/`N`.
    public var text: String {
        switch self {
        case .text(let s): return s
        case .date(let d): return d?.yyyymmdd ?? ""
        case .number(let n): return SageDecimal.plain(n)
        case .flag(let b): return b ? "Y" : "N"
        }
    }
}

/// One row of a record as Sage sees it: a header, a line or a sub-line, with its fields.
public struct SageRow: Sendable, Hashable {
    /// Header, line or sub-line (VI record type H, L, LL).
    public let level: SageRecordLevel
    /// The Sage table the row is written to.
    public let table: SageTable
    /// Plain-English name of the row, e.g. "AP invoice 00-0001234/INV-10 line 2".
    public let label: String
    /// Field values by Sage field name.
    public let values: [String: SageValue]
    /// True when the row changes a record Sage already holds (BOI's `nSetKey` answers 1,
    /// "existing"): the fields it leaves out keep Sage's values, so a required field may be
    /// absent; the fields it gives are checked as usual.
    public let amendsExisting: Bool

    public init(level: SageRecordLevel, table: SageTable, label: String, values: [String: SageValue],
                amendsExisting: Bool = false) {
        self.level = level
        self.table = table
        self.label = label
        self.values = values
        self.amendsExisting = amendsExisting
    }

    /// The field values as canonical text (what `SageValidator.validate(table:fields:)` takes).
    public var textFields: [String: String] { values.mapValues(\.text) }

    /// The line rows of the record labelled `header`, one for each line's field values,
    /// labelled "<header> line N" from 1.
    static func lines(_ lines: [[String: SageValue]], table: SageTable, header: String) -> [SageRow] {
        lines.enumerated().map { index, values in
            SageRow(level: .line, table: table, label: SageRecordLabel.line(header, index + 1), values: values)
        }
    }
}

/// A Sage 100 document the connector writes: a vendor, AP invoice, purchase order,
/// GL journal entry or manual check.
public protocol SageRecord: Codable, Sendable, Equatable {
    /// Which kind of import this record belongs to.
    static var kind: SageDocumentKind { get }
    /// Plain-English name for messages, e.g. "AP invoice 00-0001234/INV-10".
    var recordLabel: String { get }
    /// The record's Sage key (the table's primary key fields concatenated as Sage does).
    var sageKey: String { get }
    /// The rows in file order: the header, then each line followed by its sub-lines.
    var rows: [SageRow] { get }
    /// The key no other document of its kind may share in a batch or a transform: the Sage key,
    /// or nil when Sage gives it (a journal entry without an entry number) or when many
    /// documents share it by design (the changes of one purchase order).
    var uniqueKey: String? { get }
    /// The amount this record adds to a batch's control total.
    var controlAmount: Decimal { get }
    /// Rules that span fields or rows (a journal entry balances, lines add up to the header).
    func crossFieldViolations() -> [SageFieldViolation]
}

extension SageRecord {
    /// The record's kind (instance shortcut).
    public var kind: SageDocumentKind { Self.kind }

    public var uniqueKey: String? { sageKey.isEmpty ? nil : sageKey }
}

/// Builds the plain-English names used in messages.
public enum SageRecordLabel {
    /// Label of a header from its fields, e.g. "AP invoice 00-0001234/INV-10".
    public static func header(kind: SageDocumentKind, fields: [String: String]) -> String {
        func f(_ name: String) -> String { fields[name] ?? "" }
        let key: String
        switch kind {
        case .vendors: key = vendor(f("APDivisionNo"), f("VendorNo"))
        case .apInvoices: key = vendor(f("APDivisionNo"), f("VendorNo")) + "/" + f("InvoiceNo")
        case .purchaseOrders, .purchaseOrderChanges: key = f("PurchaseOrderNo")
        case .glEntries: key = f("BatchNo").isEmpty ? f("EntryNo") : f("BatchNo") + "/" + f("EntryNo")
        case .manualChecks: key = f("BankCode") + "/" + f("CheckNo")
        case .salesOrders: key = f("SalesOrderNo")
        }
        let shownKey = SageText.shown(key.trimmingCharacters(in: .whitespaces))
        return shownKey.isEmpty || shownKey == "/" ? "\(kind.displayName) (no key)" : "\(kind.displayName) \(shownKey)"
    }

    /// A vendor as Sage shows it: "00-0001234" (division, dash, vendor number).
    public static func vendor(_ division: String, _ vendorNo: String) -> String {
        division.isEmpty ? vendorNo : division + "-" + vendorNo
    }

    /// "<header> line N" (1-based).
    public static func line(_ header: String, _ number: Int) -> String { "\(header) line \(number)" }

    /// "<header> line N distribution M" (1-based).
    public static func subLine(_ header: String, line: Int, _ number: Int) -> String {
        "\(header) line \(line) distribution \(number)"
    }
}
