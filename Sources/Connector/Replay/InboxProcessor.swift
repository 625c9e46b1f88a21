import Foundation
import Ledger
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The replay stage: reads the files dropped directly into `inbox/` (never its subfolders)
/// and applies what they say.
///
/// - `*.jsonl` / `*.json`: corrected staged records, same line shape as `staging/<run>/<resource>.jsonl`.
///   Every line is checked (well-formed JSON, shape, known resource, record id); a correction of a
///   record already posted to Sage 100 is refused (a posted record is never re-posted). Accepted
///   lines become source versions in the ledger (origin `inbox`), which the next transform takes
///   like pulled ones; `staging/<run-id>-replay/` gets a readable copy (an export, never read
///   back), and the audit trail links each correction to the failed record and the errors it fixes.
/// - `*.csv`: cost-code mapping rows, merged into the configured table (see ``MappingCorrection``).
///   The next transform sees that the mapping changed and checks every `invalid` record again.
/// - `approve-*` / `reject-*`: handed to ``Approvals``.
/// - anything else, hostile names, links, pipes, files over the size limit: refused.
///
/// A file is all or nothing. Accepted files move to `inbox/processed/<timestamp>-<name>`;
/// refused ones to `inbox/rejected/<name>` beside `<name>.error.txt` saying what is wrong and
/// what to do. Each file's content (sha256) is registered in the ledger: the same content is
/// never applied twice.
public struct InboxProcessor: Sendable {
    public let ledger: Ledger
    public let options: InboxOptions
    /// The `run` this replay is a stage of, if any.
    public var parentRun: RunID?

    public init(ledger: Ledger, options: InboxOptions, parentRun: RunID? = nil) {
        self.ledger = ledger
        self.options = options
        self.parentRun = parentRun
    }

    /// Processes the inbox once. Throws only when nothing trustworthy can happen (inbox not
    /// readable, staging not writable, ledger failure); bad files never throw.
    public func run(now: Date = Date()) throws -> ReplaySummary {
        let dir = options.inboxDirectory
        let lock = try InboxLock.acquire(dir)
        defer { withExtendedLifetime(lock) {} }
        let runID = try ledger.beginRun(kind: "replay", at: now, parent: parentRun)
        var summary = ReplaySummary(runID: runID, startedAt: Timestamp.string(from: now, milliseconds: true))
        do {
            try process(into: &summary, runID: runID, now: now)
            summary.finishedAt = Timestamp.string(from: Date(), milliseconds: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: (try? encoder.encode(summary)) ?? Data(), as: UTF8.self)
            try ledger.finishRun(runID, status: summary.needsAttention ? .partial : .completed, summaryJSON: json)
            return summary
        } catch {
            try? ledger.finishRun(runID, status: .failed, summaryJSON: nil)
            if let error = error as? ReplayError { throw error }
            if let error = error as? LedgerError { throw ReplayError.ledger(error.description) }
            throw error
        }
    }

    /// A correction file that passed every check, waiting for the staging folder to be written.
    struct PendingCorrections {
        var name: String
        var path: String
        var claim: InboxFileRow
        var lines: [CorrectionLine]
        var corrections: [ReplaySummary.Correction]
        /// `corrections`, or `fix_sheet` (whose mapping rows were applied already).
        var kind = "corrections"
        var mapping = MappingCorrection.Outcome()
    }

    func process(into summary: inout ReplaySummary, runID: RunID, now: Date) throws {
        let dir = options.inboxDirectory
        // Nothing is read, moved or written while a subfolder would lead outside the inbox.
        do {
            try InboxFolder.check(inbox: dir)
        } catch {
            throw ReplayError.unsafeInbox(error.description)
        }
        var names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        } catch {
            throw ReplayError.inboxUnreadable(path: dir, reason: error.localizedDescription)
        }
        if options.processApprovals, names.contains(where: { InboxFileName.kind(of: $0) == .approval }) {
            do {
                summary.approvals = try Approvals(ledger: ledger).processInbox(dir: dir)
            } catch {
                throw ReplayError.ledger("\(error)")
            }
            names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        }
        let stamp = Timestamp.string(from: now).filter { $0 != "-" && $0 != ":" }
        var pending: [PendingCorrections] = []
        for name in names {
            let path = (dir as NSString).appendingPathComponent(name)
            let kind = InboxFileName.kind(of: name)
            let shown = InboxFileName.shown(name)
            let entry = InboxFileReader.entryType(path)
            if case .directory = entry { continue }
            if case .missing = entry { continue }
            switch kind {
            case .approval:
                continue
            case .ignored:
                if name != InboxLock.fileName { summary.ignored.append(shown) }
                continue
            default:
                break
            }
            if let problem = InboxFileName.problem(name, maxBytes: options.maxNameBytes) {
                summary.files.append(reject(name, kind: kind, claim: nil, runID: runID, problem: InboxFileProblem(
                    file: shown, problem: problem,
                    fix: "rename the file to plain letters, digits, '.', '_' and '-' (e.g. requisition-1280646.jsonl) and drop it again")))
                continue
            }
            switch entry {
            case .symlink:
                summary.files.append(reject(name, kind: kind, claim: nil, runID: runID, problem: InboxFileProblem(
                    file: shown, problem: "it is a symbolic link; the inbox reads plain files only (a link can point anywhere)",
                    fix: "copy the file itself into the inbox")))
                continue
            case .other(let what):
                summary.files.append(reject(name, kind: kind, claim: nil, runID: runID, problem: InboxFileProblem(
                    file: shown, problem: "it is \(what), not a plain file", fix: "drop a plain file into the inbox")))
                continue
            case .regular(let size) where size > options.maxFileBytes:
                summary.files.append(reject(name, kind: kind, claim: nil, runID: runID,
                                            problem: InboxFileReader.tooLarge(shown, size: size, limit: options.maxFileBytes)))
                continue
            default:
                break
            }
            guard kind == .corrections || kind == .mapping else {
                summary.files.append(reject(name, kind: kind, claim: nil, runID: runID, problem: InboxFileProblem(
                    file: shown, problem: "its name does not say what it holds",
                    fix: "name corrected records <something>.jsonl (or .json), mapping rows <something>.csv, approvals approve-<batch id> or reject-<batch id>")))
                continue
            }
            // Whole files only: one still being copied is left for the next run, with a note.
            if let why = InboxFileReader.recentlyChanged(path, within: options.settleSeconds, now: now) {
                summary.waiting.append("\(shown): \(why); it is left for the next run")
                continue
            }
            let data: Data
            do {
                data = try InboxFileReader.read(path, limit: options.maxFileBytes, shown: shown)
            } catch {
                summary.files.append(reject(name, kind: kind, claim: nil, runID: runID, problem: error))
                continue
            }
            if let last = data.last, last != 0x0A, name.lowercased().hasSuffix(".jsonl") || kind == .mapping {
                summary.waiting.append("\(shown): its last line has no line end, so it may still be being copied; it is left for the next run. If the file is complete, end its last line with a line break (save it again) and run again")
                continue
            }
            let sha = ContentHash.sha256(data)
            let claim: InboxFileRow
            switch try ledger.claimInboxFile(name: name, sha256: sha, kind: kind.rawValue) {
            case .alreadyApplied(let earlier):
                var outcome = reject(name, kind: kind, claim: nil, runID: runID, problem: InboxFileProblem(
                    file: shown,
                    problem: "the same content was applied on \(earlier.receivedAt) (as \(InboxFileName.shown(earlier.name))); it is not applied twice",
                    fix: "nothing to do if that was intended: delete this copy. To change something, edit the file and drop it again"))
                outcome.result = "duplicate"
                summary.files.append(outcome)
                continue
            case .new(let row), .retry(let row):
                claim = row
            }
            if kind == .mapping, let text = String(data: data, encoding: .utf8), FixSheet.isFixSheet(text) {
                switch try applyFixSheet(name: name, path: path, text: text, claim: claim, runID: runID, stamp: stamp,
                                         summary: &summary) {
                case .done(let outcome): summary.files.append(outcome)
                case .pending(let corrections): pending.append(corrections)
                }
                continue
            }
            if kind == .mapping {
                summary.files.append(try applyMapping(name: name, path: path, data: data, claim: claim, runID: runID, stamp: stamp))
                continue
            }
            do {
                let lines = try CorrectionParser.parse(data, name: name, shown: shown, companyID: options.companyID)
                let corrections = try checkAgainstLedger(lines, name: name, shown: shown, claim: claim, runID: runID)
                pending.append(PendingCorrections(name: name, path: path, claim: claim, lines: lines, corrections: corrections))
            } catch let problem as InboxFileProblem {
                summary.files.append(reject(name, kind: kind, claim: claim, runID: runID, problem: problem))
            }
        }
        // Records that failed on the mapping are checked again by the next transform (it sees
        // that the mapping changed); say which.
        if summary.files.contains(where: { $0.result == "applied" && $0.mappingAdded + $0.mappingReplaced > 0 })
            || pending.contains(where: { $0.mapping.added + $0.mapping.replaced > 0 }) {
            let corrected = Set(pending.flatMap { $0.lines.map { "\($0.staged.resource):\($0.staged.record.id)" } })
            for record in try ledger.records(in: .invalid, limit: 100_000)
            where !corrected.contains("\(record.resource):\(record.sourceID)") {
                summary.restaged.append(.init(recordID: record.id, resource: record.resource, sourceID: record.sourceID))
            }
        }
        guard !pending.isEmpty else { return }
        // The corrections are source versions: the ledger is what the transform reads.
        let versions = pending.flatMap { file in
            file.lines.map { line in
                // The version is what its stored line says (the same hash the transform sees).
                (try? SourceVersionBuilder.version(ofLine: line.line).get())
                    ?? SourceVersionBuilder.version(of: line.staged, line: Self.trimmed(line.line))
            }
        }
        try ledger.insertSourceVersions(versions, origin: "inbox", runID: runID)
        let folderName = runID + "-replay"
        let folder = (options.stagingDirectory as NSString).appendingPathComponent(folderName)
        try writeStaging(pending, folder: folderName, runID: runID, now: now)
        summary.stagingDirectory = folder
        for file in pending {
            var corrections: [ReplaySummary.Correction] = []
            for correction in file.corrections {
                let staging = folder + "/" + correction.resource + ".jsonl"
                try auditCorrection(correction, file: file.claim, staging: staging, runID: runID)
                corrections.append(correction)
            }
            try ledger.settleInboxFile(id: file.claim.id, state: "applied",
                                       message: "\(corrections.count) corrected record(s) received for the next transform (copy in staging/\(folderName))"
                                           + (file.kind == "fix_sheet" ? "; \(file.mapping.added) mapping row(s) added, \(file.mapping.replaced) replaced" : ""),
                                       runID: runID)
            let moved = try? move(file.path, into: "processed", as: "\(stamp)-\(file.name)")
            summary.files.append(.init(file: InboxFileName.shown(file.name), kind: file.kind, result: "applied",
                                       movedTo: moved, records: corrections.count, mappingAdded: file.mapping.added,
                                       mappingReplaced: file.mapping.replaced, mappingUnchanged: file.mapping.unchanged))
            summary.corrections += corrections
        }
    }

    // MARK: - Corrections

    /// Refuses corrections of posted records, records being posted and unchanged copies; links
    /// every other one to the failed version it fixes.
    func checkAgainstLedger(_ lines: [CorrectionLine], name: String, shown: String, claim: InboxFileRow,
                            runID: RunID) throws -> [ReplaySummary.Correction] {
        var problems: [String] = []
        var corrections: [ReplaySummary.Correction] = []
        for line in lines {
            let staged = line.staged
            let label = "line \(line.number): \(staged.resource) \(staged.record.id)"
            let versions = try ledger.records(resource: staged.resource, sourceID: staged.record.id)
            if let posted = try postedVersion(versions) {
                let key = posted.targetKey ?? "(Sage key not recorded; see ml-connector ledger show record:\(posted.id))"
                let reason = "already posted as \(key); a posted record is never re-posted; correct it in Sage 100"
                problems.append("\(label) is \(reason)")
                try ledger.appendAudit(action: "record.correction_refused", subject: "record:\(posted.id)",
                                       detailJSON: Self.json(["inbox_file": .int(claim.id), "name": .text(name), "line": .int(Int64(line.number)),
                                                              "reason": .text(reason)]),
                                       runID: runID)
                continue
            }
            let live = versions.last { $0.state != .superseded }
            if let live, live.state == .posting || live.state == .uncertain {
                problems.append("\(label) is being posted right now (record \(live.id) is \(live.state.rawValue)); run ml-connector post to settle it, then drop the file again")
                continue
            }
            if let same = versions.first(where: { $0.contentSHA256 == staged.contentSHA256 && $0.sourceUpdatedAt == staged.record.updatedAt }) {
                problems.append("\(label) is identical to the version the ledger already has (record \(same.id), \(same.state.rawValue)); change the fields its errors name (ml-connector ledger show \(same.id)) and drop it again")
                continue
            }
            let fixes = versions.last { $0.state == .invalid || $0.state == .rejected } ?? live
            corrections.append(ReplaySummary.Correction(
                resource: staged.resource, sourceID: staged.record.id, file: InboxFileName.shown(name), line: line.number,
                contentSHA256: staged.contentSHA256, fixesRecordID: fixes?.id, fixesState: fixes?.state.rawValue,
                fixesErrors: fixes?.errors ?? []))
        }
        if !problems.isEmpty {
            throw InboxFileProblem(file: shown, problems: problems,
                                   fix: "remove the lines named from the file and drop the rest again; posted documents are corrected in Sage 100 itself")
        }
        return corrections
    }

    /// The version of a source record that reached Sage 100, if any.
    func postedVersion(_ versions: [LedgerRecord]) throws -> LedgerRecord? {
        if let record = versions.last(where: { $0.state == .posted || $0.state == .drift }) { return record }
        for record in versions.reversed() where record.state == .superseded && record.targetKey != nil {
            let attempts = try ledger.postingAttempts(recordID: record.id)
            if attempts.contains(where: { ["posted", "duplicate", "settled_posted"].contains($0.outcome ?? "") }) {
                return record
            }
        }
        return nil
    }

    func auditCorrection(_ correction: ReplaySummary.Correction, file: InboxFileRow, staging: String, runID: RunID) throws {
        var fields: [(String, JSONField)] = [
            ("inbox_file", .int(file.id)), ("name", .text(file.name)), ("sha256", .text(file.sha256)),
            ("line", .int(Int64(correction.line))), ("resource", .text(correction.resource)),
            ("source_id", .int(correction.sourceID)), ("content_sha256", .text(correction.contentSHA256)),
            ("staging", .text(staging)),
        ]
        if let id = correction.fixesRecordID {
            fields.append(("fixes_record_id", .int(id)))
            fields.append(("fixes_state", .text(correction.fixesState ?? "")))
            fields.append(("fixes_errors", .list(correction.fixesErrors)))
        }
        let subject = correction.fixesRecordID.map { "record:\($0)" } ?? "source:\(correction.resource):\(correction.sourceID)"
        try ledger.appendAudit(action: "record.correction", subject: subject, detailJSON: Self.json(fields), runID: runID)
    }

    /// A line without its final line break.
    static func trimmed(_ line: Data) -> Data {
        var bytes = line
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return bytes
    }

    /// Writes `staging/<run-id>-replay/` (one file per resource, a manifest and `replay.json`)
    /// under a hidden partial name, then renames it into place in one step: the readable copy
    /// of what the ledger received. Nothing reads it back.
    func writeStaging(_ pending: [PendingCorrections], folder name: String, runID: RunID, now: Date) throws {
        let root = options.stagingDirectory
        let partial = (root as NSString).appendingPathComponent("." + name + ".partial")
        let final = (root as NSString).appendingPathComponent(name)
        do {
            try FileSystem.makeDirectories(root)
            try? FileManager.default.removeItem(atPath: partial)
            try FileSystem.makeDirectory(partial)
            var byResource: [String: Data] = [:]
            var counts: [String: Int] = [:]
            for file in pending {
                for line in file.lines {
                    byResource[line.staged.resource, default: Data()].append(line.line)
                    counts[line.staged.resource, default: 0] += 1
                }
            }
            var files: [StagedFileSummary] = []
            for resource in byResource.keys.sorted() {
                let data = byResource[resource]!
                let fileName = resource + ".jsonl"
                try FileSystem.writeAtomically(data, to: partial + "/" + fileName)
                files.append(StagedFileSummary(file: fileName, records: counts[resource] ?? 0, bytes: data.count,
                                               sha256: ContentHash.sha256(data)))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let corrections = pending.flatMap(\.corrections)
            let replayData = (try? encoder.encode(corrections)) ?? Data("[]".utf8)
            try FileSystem.writeAtomically(replayData + Data("\n".utf8), to: partial + "/replay.json")
            let stampText = Timestamp.string(from: now, milliseconds: true)
            let manifest = StagingManifest(
                runID: name, companyID: pending.first?.lines.first?.staged.companyID ?? (options.companyID ?? 0),
                startedAt: stampText, finishedAt: Timestamp.string(from: Date(), milliseconds: true), durationSeconds: 0,
                full: false, files: files, scopes: [], forbidden: [], failed: [], requests: 0, rateLimited: 0,
                unavailable: 0, retries: 0, tokens: 0, pacingWaits: 0, pacingWaitSeconds: 0)
            let manifestData = (try? encoder.encode(manifest)) ?? Data()
            try FileSystem.writeAtomically(manifestData + Data("\n".utf8), to: partial + "/manifest.json")
            try FileSystem.syncDirectory(partial)
            try FileSystem.rename(partial, final)
            try FileSystem.syncDirectory(root)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw ReplayError.writeFailed(path: final, reason: error.description)
        }
    }

    // MARK: - Mapping rows

    func applyMapping(name: String, path: String, data: Data, claim: InboxFileRow, runID: RunID,
                      stamp: String) throws -> ReplaySummary.FileOutcome {
        let shown = InboxFileName.shown(name)
        guard let table = options.mappingTablePath else {
            return reject(name, kind: .mapping, claim: claim, runID: runID, problem: InboxFileProblem(
                file: shown, problem: "no cost-code table is configured, so mapping rows have nowhere to go",
                fix: "set mapping.cost_code_table in the configuration, then drop the file again"))
        }
        let outcome: MappingCorrection.Outcome
        do {
            outcome = try MappingCorrection.merge(data, shown: shown, tablePath: table)
        } catch {
            return reject(name, kind: .mapping, claim: claim, runID: runID, problem: error)
        }
        try writeMapping(outcome, table: table, name: name, claim: claim, runID: runID)
        let tableName = (table as NSString).lastPathComponent
        try ledger.settleInboxFile(id: claim.id, state: "applied",
                                   message: "\(outcome.added) row(s) added, \(outcome.replaced) replaced, \(outcome.unchanged) already present in \(tableName)",
                                   runID: runID)
        let moved = try? move(path, into: "processed", as: "\(stamp)-\(name)")
        return .init(file: shown, kind: "mapping", result: "applied", movedTo: moved, mappingAdded: outcome.added,
                     mappingReplaced: outcome.replaced, mappingUnchanged: outcome.unchanged)
    }

    /// Writes merged mapping rows into the cost-code table and audits each change.
    func writeMapping(_ outcome: MappingCorrection.Outcome, table: String, name: String, claim: InboxFileRow, runID: RunID) throws {
        if let text = outcome.text {
            do {
                try FileSystem.writeAtomically(Data(text.utf8), to: table)
            } catch {
                throw ReplayError.writeFailed(path: table, reason: error.description)
            }
        }
        let tableName = (table as NSString).lastPathComponent
        for change in outcome.changes {
            var fields: [(String, JSONField)] = [
                ("table", .text(tableName)), ("inbox_file", .int(claim.id)), ("name", .text(name)),
                ("line", .int(Int64(change.line))), ("cost_code", .text(change.costCode)),
                ("cost_type", .text(change.costType ?? "")), ("account", .text(change.newAccount)),
            ]
            if let old = change.oldAccount { fields.append(("old_account", .text(old))) }
            try ledger.appendAudit(action: "mapping.row.\(change.action)",
                                   subject: "mapping:\(change.costCode):\(change.costType ?? "*")",
                                   detailJSON: Self.json(fields), runID: runID)
        }
    }

    // MARK: - Moving files

    /// Moves a refused file to `inbox/rejected/` beside its `.error.txt`, and records why.
    func reject(_ name: String, kind: InboxFileName.Kind, claim: InboxFileRow?, runID: RunID,
                problem: InboxFileProblem) -> ReplaySummary.FileOutcome {
        let path = (options.inboxDirectory as NSString).appendingPathComponent(name)
        let target = InboxFileName.problem(name, maxBytes: options.maxNameBytes) == nil ? name : InboxFileName.safe(name)
        let moved = try? move(path, into: "rejected", as: target)
        if let moved {
            var text = problem.description
            if target != name { text += "(The file was renamed to \(target) because its name was unsafe.)\n" }
            try? InboxFolder(path: options.inboxDirectory).write(Data(text.utf8), named: (moved as NSString).lastPathComponent + ".error.txt",
                                                                in: "rejected")
        }
        let message = problem.problems.joined(separator: "; ")
        if let claim {
            try? ledger.settleInboxFile(id: claim.id, state: "rejected", message: String(message.prefix(4000)), runID: runID)
        } else {
            _ = try? ledger.appendAudit(action: "inbox.rejected", subject: "inbox-name:\(InboxFileName.shown(name))",
                                        detailJSON: Self.json([("message", .text(String(message.prefix(4000))))]), runID: runID)
        }
        return .init(file: InboxFileName.shown(name), kind: kind.rawValue, result: "rejected", movedTo: moved,
                     error: problem.description)
    }

    /// Renames `path` (a file or a link, never followed) into `inbox/<folder>/<name>`, adding
    /// `-2`, `-3`, … when the name is taken. Returns the new path.
    func move(_ path: String, into folder: String, as name: String) throws -> String {
        try InboxFolder(path: options.inboxDirectory).move((path as NSString).lastPathComponent, into: folder, as: name)
    }

    // MARK: - JSON detail

    enum JSONField {
        case text(String)
        case int(Int64)
        case list([String])
    }

    static func json(_ fields: [(String, JSONField)]) -> String {
        var out = "{"
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out += "," }
            out += quoted(key) + ":"
            switch value {
            case .text(let text): out += quoted(text)
            case .int(let number): out += String(number)
            case .list(let items): out += "[" + items.map(quoted).joined(separator: ",") + "]"
            }
        }
        return out + "}"
    }

    static func json(_ fields: KeyValuePairs<String, JSONField>) -> String {
        json(fields.map { ($0.key, $0.value) })
    }

    static func quoted(_ text: String) -> String {
        var line = Data()
        StagedLine.appendString(text, to: &line)
        return String(decoding: line, as: UTF8.self)
    }
}
