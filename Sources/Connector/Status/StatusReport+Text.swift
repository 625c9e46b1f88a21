import Money
extension StatusReport {
    /// The report as plain text for a terminal.
    public var text: String {
        var out = "ml-connector status at \(generatedAt)\n"
        out += "\nRecent runs\n"
        if runs.isEmpty { out += "  (no runs yet)\n" }
        for run in runs {
            let finished = run.finishedAt.map { " -> \($0)" } ?? ""
            out += "  \(run.id)  \(run.kind.statusPadded(9))  \(run.status.statusPadded(11))  \(run.startedAt)\(finished)\n"
            if !run.headline.isEmpty { out += "      \(run.headline)\n" }
        }
        out += "\nBatches waiting for approval\n"
        if pendingApproval.isEmpty { out += "  (none)\n" }
        for batch in pendingApproval {
            out += "  \(batch.id)  \(batch.records) record(s)  control total \(batch.controlTotal ?? "-")  created \(batch.createdAt)\n"
        }
        if !pendingApproval.isEmpty {
            out += "  approve: ml-connector approve <batch> --by <name>, or drop inbox/approve-<batch>\n"
        }
        out += "\nRecords by state\n"
        if recordsByState.isEmpty { out += "  (no records yet)\n" }
        for (state, count) in recordsByState.sorted(by: { $0.key < $1.key }) {
            out += "  \(state.statusPadded(11)) \(count)\n"
        }
        out += "\nNeeds a person\n"
        if failures.isEmpty { out += "  nothing: no invalid, rejected, uncertain or drifted records\n" }
        for group in failures {
            out += "  \(group.reason): \(group.count) record(s); \(group.action)\n"
            for common in group.commonErrors {
                var facts: [String] = []
                if common.blocked > 0 { facts.append("+\(common.blocked) blocked by them") }
                if let held = common.heldAmount.flatMap({ Money.parse($0) }) { facts.append("holds back \(Money(held).currency("$"))") }
                if let since = common.since { facts.append("open since \(since.prefix(10))") }
                out += "    \(common.count) x \(common.error)" + (facts.isEmpty ? "" : " (\(facts.joined(separator: ", ")))") + "\n"
            }
            for example in group.examples {
                var line = "    e.g. record \(example.recordID) \(example.resource) \(example.sourceID) (\(example.idempotencyKey))"
                if let key = example.targetKey { line += " Sage \(key)" }
                out += line + "\n"
            }
        }
        if !rejectedInboxFiles.isEmpty {
            out += "\nInbox files refused (see inbox/rejected/*.error.txt)\n"
            for file in rejectedInboxFiles { out += "  \(file)\n" }
        }
        out += "\nDetails of one record or batch: ml-connector ledger show <record id | resource:procore-id | idempotency key | batch id>\n"
        return out
    }
}

extension String {
    /// Pads with spaces to `width` characters (longer text is kept whole).
    func statusPadded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
