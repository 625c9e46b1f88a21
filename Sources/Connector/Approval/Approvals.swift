import Foundation
import Ledger

/// The approval gate: with `approval: required` the transform writes batches as
/// `pending_approval`, ``Poster`` leaves them alone, and a person approves (`ready`) or rejects
/// them (`rejected`, records back to `valid` with the reason, to be corrected and batched again).
///
/// People act from the command line (``approve(batch:by:note:)``, ``reject(batch:reason:by:)``)
/// or by dropping a file into `inbox/`: `approve-<batch-id>` (text optional, kept as a note) or
/// `reject-<batch-id>` (text = the reason), processed by ``processInbox(dir:)``.
public struct Approvals: Sendable {
    public let ledger: Ledger

    /// Longest reason or note kept.
    public static let maxReasonLength = 2000
    /// Largest approval file read.
    public static let maxFileBytes = 8192

    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// Batches waiting for a person, oldest first.
    public func pending() throws -> [PostingBatchRow] {
        try ledger.postingBatches(in: [.pendingApproval])
    }

    /// `pending_approval -> ready`, audited with `person`.
    @discardableResult
    public func approve(batch: String, by person: String, note: String? = nil) throws -> PostingBatchRow {
        let person = try Self.validPerson(person)
        try Self.validateBatchID(batch)
        let note = note.map(Self.cleanText).flatMap { $0.isEmpty ? nil : $0 }
        if let note, note.count > Self.maxReasonLength {
            throw ApprovalError.reasonTooLong(batchID: batch, length: note.count, limit: Self.maxReasonLength)
        }
        do {
            return try ledger.approveBatch(batch, by: person, note: note)
        } catch let error as PostingLedgerError {
            throw ApprovalError.ledger(error.description)
        }
    }

    /// Approves every batch of transform run `runID` that waits for approval (a big pay cycle
    /// has several batches per kind), oldest first. Throws when none waits.
    @discardableResult
    public func approve(run runID: String, by person: String, note: String? = nil) throws -> [PostingBatchRow] {
        let waiting = try pending().filter { $0.runID == runID }
        guard !waiting.isEmpty else { throw ApprovalError.noPendingBatches(runID: runID) }
        return try waiting.map { try approve(batch: $0.id, by: person, note: note) }
    }

    /// `pending_approval | ready -> rejected`; the batch's records go back to `valid` with the
    /// reason among their errors and in the audit trail. Returns the records moved.
    @discardableResult
    public func reject(batch: String, reason: String, by person: String) throws -> [LedgerRecord] {
        let person = try Self.validPerson(person)
        try Self.validateBatchID(batch)
        let reason = Self.cleanText(reason)
        guard !reason.isEmpty else { throw ApprovalError.missingReason(batchID: batch) }
        guard reason.count <= Self.maxReasonLength else {
            throw ApprovalError.reasonTooLong(batchID: batch, length: reason.count, limit: Self.maxReasonLength)
        }
        do {
            return try ledger.rejectBatch(batch, reason: reason, by: person)
        } catch let error as PostingLedgerError {
            throw ApprovalError.ledger(error.description)
        } catch let error as LedgerError {
            throw ApprovalError.ledger(error.description)
        }
    }

    // MARK: - Inbox files

    /// True for names ``processInbox(dir:)`` handles (`approve-…`, `reject-…`); other inbox
    /// files are left for the replay.
    public static func isApprovalFileName(_ name: String) -> Bool {
        name.hasPrefix("approve-") || name.hasPrefix("reject-")
    }

    /// Processes every `approve-<batch>` / `reject-<batch>` file directly in `dir` (an optional
    /// `.txt` suffix is allowed). Accepted files move to `dir/processed/<timestamp>-<name>`;
    /// refused ones to `dir/rejected/<name>` next to `<name>.error.txt` saying what is wrong
    /// and how to fix it. Refused: hostile names (`..`, control characters, characters a batch
    /// id never has), symbolic links, folders, files over ``maxFileBytes``, text that is not
    /// UTF-8, a reject without a reason, unknown batches and batches in the wrong state.
    public func processInbox(dir: String) throws -> ApprovalInboxSummary {
        var summary = ApprovalInboxSummary()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        } catch {
            throw ApprovalError.ledger("cannot list the inbox \(dir): \(error.localizedDescription); check inbox.dir in the configuration")
        }
        for name in names where Self.isApprovalFileName(name) {
            let item = process(name: name, dir: dir)
            summary.items.append(item)
            if item.result == "accepted" {
                if item.action == "approve" { summary.approved.append(item.batchID ?? "") }
                else { summary.rejected.append(item.batchID ?? "") }
            } else {
                summary.refused.append(item)
            }
        }
        return summary
    }

    /// One approval file: act on it, then move it.
    func process(name: String, dir: String) -> ApprovalInboxSummary.Item {
        let path = (dir as NSString).appendingPathComponent(name)
        let shown = Self.printable(name)
        let action = name.hasPrefix("approve-") ? "approve" : "reject"
        var item = ApprovalInboxSummary.Item(file: shown, action: action, batchID: nil, result: "rejected")
        do {
            let (batchID, text, owner) = try read(name: name, path: path, action: action)
            item.batchID = batchID
            let person = "inbox file \(Self.printable(name))" + (owner.map { " (owner \($0))" } ?? "")
            if action == "approve" {
                try approve(batch: batchID, by: person, note: text.isEmpty ? nil : text)
            } else {
                try reject(batch: batchID, reason: text, by: person)
            }
            let stamp = Timestamp.string(from: Date()).filter { $0 != "-" && $0 != ":" }
            item.movedTo = try move(path, into: (dir as NSString).appendingPathComponent("processed"), name: "\(stamp)-\(name)")
            _ = try? ledger.registerInboxFile(name: name, sha256: ContentHash.sha256(Data((name + "\n" + text).utf8)),
                                              kind: "approval")
            item.result = "accepted"
        } catch {
            item.error = "\(error)"
            let folder = (dir as NSString).appendingPathComponent("rejected")
            let safe = Self.safeFileName(name)
            if let moved = try? move(path, into: folder, name: safe) {
                item.movedTo = moved
                let text = "\(shown): \(error)\n"
                try? InboxFolder(path: dir).write(Data(text.utf8), named: (moved as NSString).lastPathComponent + ".error.txt",
                                                  in: "rejected")
            }
        }
        return item
    }

    /// The batch id, the file's text and its owner; throws naming what is wrong.
    func read(name: String, path: String, action: String) throws -> (String, String, String?) {
        var batchID = String(name.dropFirst(action == "approve" ? 8 : 7))
        if batchID.hasSuffix(".txt") { batchID = String(batchID.dropLast(4)) }
        try Self.validateBatchID(batchID)
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw ApprovalError.ledger("the file disappeared while it was being read")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ApprovalError.ledger("it is not a plain file (a link or a folder); drop a plain text file named \(action)-<batch id>")
        }
        guard Int(info.st_size) <= Self.maxFileBytes else {
            throw ApprovalError.ledger("it is \(info.st_size) bytes; an approval file holds at most \(Self.maxFileBytes) bytes of text")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ApprovalError.ledger("it cannot be read; check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ApprovalError.ledger("its text is not UTF-8; save it as UTF-8 plain text")
        }
        let owner = (try? FileManager.default.attributesOfItem(atPath: path))?[.ownerAccountName] as? String
        return (batchID, Self.cleanText(text), owner)
    }

    /// Moves `path` into `folder` as `name` (adding `-2`, `-3`, … when taken); returns the new path.
    /// Moves the inbox entry at `path` into the inbox subfolder `folder` (a path ending in
    /// `processed` or `rejected`), never through a link (``InboxFolder``).
    func move(_ path: String, into folder: String, name: String) throws -> String {
        let inbox = (path as NSString).deletingLastPathComponent
        return try InboxFolder(path: inbox).move((path as NSString).lastPathComponent,
                                                 into: (folder as NSString).lastPathComponent, as: name)
    }

    // MARK: - Validation

    /// Batch ids as the transform writes them: 1 to 64 of `A-Z a-z 0-9 . _ -`, no `..`, not
    /// starting with `.` or `-`.
    static func validateBatchID(_ id: String) throws {
        guard !id.isEmpty else { throw ApprovalError.invalidBatchID(id, problem: "it is empty") }
        guard id.utf8.count <= 64 else {
            throw ApprovalError.invalidBatchID(printable(String(id.prefix(70))), problem: "it is longer than 64 characters")
        }
        let allowed = id.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
        }
        guard allowed else {
            throw ApprovalError.invalidBatchID(printable(id), problem: "it has characters a batch id never has (path separators, spaces, control characters)")
        }
        guard !id.contains(".."), !id.hasPrefix("."), !id.hasPrefix("-") else {
            throw ApprovalError.invalidBatchID(printable(id), problem: "it looks like a path ('..' or a leading '.' or '-')")
        }
    }

    static func validPerson(_ person: String) throws -> String {
        let cleaned = cleanText(person)
        guard !cleaned.isEmpty else { throw ApprovalError.missingPerson }
        return String(cleaned.prefix(200))
    }

    /// `text` trimmed, control characters other than newline and tab removed.
    static func cleanText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" || !(scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)) {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A name for messages: control characters shown as `?`.
    static func printable(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) ? "?" : $0
        }))
    }

    /// A safe file name for `inbox/rejected/`: only `A-Z a-z 0-9 . _ -`, no leading dot, at most 120 bytes.
    static func safeFileName(_ name: String) -> String {
        var out = String(String.UnicodeScalarView(name.unicodeScalars.map { s in
            let v = s.value
            let ok = (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 45 || v == 46 || v == 95
            return ok ? s : "_"
        }))
        while out.contains("..") { out = out.replacingOccurrences(of: "..", with: "_") }
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        if out.utf8.count > 120 { out = String(out.prefix(120)) }
        return out.isEmpty ? "unnamed" : out
    }
}
