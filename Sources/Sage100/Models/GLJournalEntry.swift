import Foundation

/// A Sage 100 general journal entry (header + lines). Accepted only when it balances.
public struct GLJournalEntry: SageRecord, Hashable {
    public static let kind = SageDocumentKind.glEntries

    /// Sage batch number when batch entry is on; nil lets Sage assign one.
    public var batchNo: String?
    /// Entry number (6); empty lets the agent allocate the next one.
    public var entryNo: String
    public var postingDate: SageDate
    /// Source journal code, "GJ" for general journal.
    public var sourceJournal: String
    public var journalComment: String
    public var lines: [GLJournalLine]

    public init(batchNo: String? = nil, entryNo: String, postingDate: SageDate, sourceJournal: String = "GJ",
                journalComment: String = "", lines: [GLJournalLine]) {
        self.batchNo = batchNo
        self.entryNo = entryNo
        self.postingDate = postingDate
        self.sourceJournal = sourceJournal
        self.journalComment = journalComment
        self.lines = lines
    }

    public enum CodingKeys: String, CodingKey {
        case batchNo = "BatchNo", entryNo = "EntryNo", postingDate = "PostingDate"
        case sourceJournal = "SourceJournal", journalComment = "JournalComment", lines = "lines"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        batchNo = try c.decodeNonEmptyIfPresent(forKey: .batchNo)
        entryNo = try c.decodeText(forKey: .entryNo)
        postingDate = try c.decodeSageDate(forKey: .postingDate)
        sourceJournal = try c.decodeIfPresent(String.self, forKey: .sourceJournal) ?? "GJ"
        journalComment = try c.decodeText(forKey: .journalComment)
        lines = try c.decodeIfPresent([GLJournalLine].self, forKey: .lines) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(batchNo, forKey: .batchNo)
        try c.encode(entryNo, forKey: .entryNo)
        try c.encode(postingDate, forKey: .postingDate)
        try c.encode(sourceJournal, forKey: .sourceJournal)
        try c.encode(journalComment, forKey: .journalComment)
        try c.encode(lines, forKey: .lines)
    }

    /// Sage's key: BatchNo + EntryNo.
    public var sageKey: String { SageDocumentKey.glEntry(entryNo: entryNo) }

    /// Nil without an entry number: Sage numbers the entry.
    public var uniqueKey: String? { entryNo.isEmpty ? nil : sageKey }

    public var recordLabel: String {
        SageRecordLabel.header(kind: .glEntries, fields: ["BatchNo": batchNo ?? "", "EntryNo": entryNo])
    }

    /// Sum of debit amounts.
    public var totalDebits: Decimal { lines.reduce(0) { $0 + $1.debitAmount } }
    /// Sum of credit amounts.
    public var totalCredits: Decimal { lines.reduce(0) { $0 + $1.creditAmount } }
    /// Debits equal credits, to the cent.
    public var isBalanced: Bool { totalDebits == totalCredits }

    public var rows: [SageRow] {
        let label = recordLabel
        var rows = [SageRow(level: .header, table: .glJournalHeader, label: label, values: [
            "BatchNo": .text(batchNo ?? ""), "EntryNo": .text(entryNo), "PostingDate": .date(postingDate),
            "SourceJournal": .text(sourceJournal), "JournalComment": .text(journalComment),
        ])]
        rows += SageRow.lines(lines.map(\.values), table: .glJournalDetail, header: label)
        return rows
    }

    /// Total debits.
    public var controlAmount: Decimal { totalDebits }

    public func crossFieldViolations() -> [SageFieldViolation] {
        var found: [SageFieldViolation] = []
        let label = recordLabel
        if lines.isEmpty {
            found.append(.noLines(record: label, table: .glJournalDetail, limit: "at least 2 lines",
                message: "the journal entry has no lines; add balancing debit and credit lines"))
        }
        for (index, line) in lines.enumerated() {
            let lineLabel = SageRecordLabel.line(label, index + 1)
            if line.debitAmount != 0 && line.creditAmount != 0 {
                found.append(SageFieldViolation(
                    record: lineLabel, table: .glJournalDetail, field: "DebitAmount", rule: .notAllowed,
                    limit: "either DebitAmount or CreditAmount", value: SageDecimal.moneyText(line.debitAmount),
                    message: "the line has both DebitAmount \(SageDecimal.moneyText(line.debitAmount)) and CreditAmount \(SageDecimal.moneyText(line.creditAmount)); split it into two lines"))
            } else if line.debitAmount == 0 && line.creditAmount == 0 {
                found.append(SageFieldViolation(
                    record: lineLabel, table: .glJournalDetail, field: "DebitAmount", rule: .required,
                    limit: "DebitAmount or CreditAmount", value: "0.00",
                    message: "the line has neither a DebitAmount nor a CreditAmount; remove it or enter an amount"))
            }
        }
        if !isBalanced {
            let diff = totalDebits - totalCredits
            found.append(SageFieldViolation(
                record: label, table: .glJournalDetail, field: "DebitAmount", rule: .outOfBalance,
                limit: "debits equal credits", value: SageDecimal.moneyText(diff),
                message: "Journal entry is out of balance by \(SageDecimal.moneyText(diff < 0 ? -diff : diff)) (debits \(SageDecimal.moneyText(totalDebits)), credits \(SageDecimal.moneyText(totalCredits)))"))
        }
        return found
    }
}

/// One line of a general journal entry. Exactly one of the two amounts is non-zero.
public struct GLJournalLine: Codable, Sendable, Hashable {
    public var accountKey: String
    public var debitAmount: Decimal
    public var creditAmount: Decimal
    public var comment: String

    public init(accountKey: String, debitAmount: Decimal = 0, creditAmount: Decimal = 0, comment: String = "") {
        self.accountKey = accountKey
        self.debitAmount = debitAmount
        self.creditAmount = creditAmount
        self.comment = comment
    }

    public enum CodingKeys: String, CodingKey {
        case accountKey = "AccountKey", debitAmount = "DebitAmount", creditAmount = "CreditAmount", comment = "Comment"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountKey = try c.decodeText(forKey: .accountKey)
        debitAmount = try c.decodeSageDecimal(forKey: .debitAmount, default: 0)
        creditAmount = try c.decodeSageDecimal(forKey: .creditAmount, default: 0)
        comment = try c.decodeText(forKey: .comment)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountKey, forKey: .accountKey)
        try c.encodeMoney(debitAmount, forKey: .debitAmount)
        try c.encodeMoney(creditAmount, forKey: .creditAmount)
        try c.encode(comment, forKey: .comment)
    }

    var values: [String: SageValue] {
        ["AccountKey": .text(accountKey), "DebitAmount": .number(debitAmount),
         "CreditAmount": .number(creditAmount), "Comment": .text(comment)]
    }
}
