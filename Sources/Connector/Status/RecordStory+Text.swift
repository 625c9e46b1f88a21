import Money
extension RecordStory {
    /// The story as plain text for a terminal, oldest first in each section.
    public var text: String {
        var out = "\(resource) \(sourceID)"
        if let idempotencyKey { out += "  (\(idempotencyKey))" }
        out += "\n  now: \(currentState ?? "unknown")"
        if let targetKey { out += ", Sage key \(targetKey)" }
        var facts: [String] = []
        if let amount, let value = Money.parse(amount) { facts.append("amount \(Money(value).grouped)") }
        if let vendorName { facts.append("vendor \(vendorName)") }
        if let jobNo { facts.append("job \(jobNo)") }
        if !facts.isEmpty { out += "\n  " + facts.joined(separator: ", ") }
        if let stagedIn { out += "\n  received in \(stagedIn)" }
        out += "\n\nVersions\n"
        for version in versions {
            out += "  record \(version.recordID)  updated_at \(version.sourceUpdatedAt ?? "-")  sha256 \(version.contentSHA256.prefix(16))…  \(version.state)"
            if let batch = version.batchID { out += "  batch \(batch)" }
            if let key = version.targetKey { out += "  Sage \(key)" }
            out += "\n"
        }
        if versions.isEmpty { out += "  (no version in the ledger yet: a correction waits for the transform)\n" }
        out += "\nHistory\n"
        for event in events {
            let who = event.actor == "ml-connector" ? "" : "  by \(event.actor)"
            out += "  \(event.at)  \(event.recordID.map { "record \($0)" } ?? "source")  \(event.text)\(who)\n"
        }
        out += "\nAttempts to post\n"
        if attempts.isEmpty { out += "  (none)\n" }
        for attempt in attempts {
            out += "  \(attempt.startedAt)  record \(attempt.recordID)  \(attempt.outcome ?? "no answer recorded")"
            if let status = attempt.httpStatus { out += "  HTTP \(status)" }
            if let message = attempt.message { out += "  \(message)" }
            out += "\n"
        }
        out += "\nErrors\n"
        if errors.isEmpty { out += "  (none)\n" }
        for error in errors { out += "  record \(error.recordID): \(error.text)\n" }
        if let sourceLine { out += "\nAs received from Procore (newest version)\n  \(sourceLine)\n" }
        out += "\nCorrections\n"
        if corrections.isEmpty { out += "  (none)\n" }
        for correction in corrections {
            out += "  \(correction.at)  \(correction.result)  \(correction.inboxFile ?? "?") line \(correction.line.map(String.init) ?? "?")"
            if let id = correction.fixesRecordID { out += "  fixes record \(id)" }
            if let reason = correction.reason { out += ": \(reason)" }
            out += "\n"
            for error in correction.fixesErrors { out += "    was: \(error)\n" }
        }
        return out
    }
}

extension BatchStory {
    /// The batch story as plain text for a terminal.
    public var text: String {
        var out = "batch \(batch.id)  \(batch.kind)  company \(batch.companyCode)  \(batch.state.rawValue)\n"
        out += "  \(batch.recordCount) record(s), control total \(batch.controlTotal ?? "-"), created \(batch.createdAt)\n"
        if let path = batch.path { out += "  folder \(path)\n" }
        out += "\nHistory\n"
        for event in events {
            let who = event.actor == "ml-connector" ? "" : "  by \(event.actor)"
            out += "  \(event.at)  \(event.text)\(who)\n"
        }
        out += "\nRecords\n"
        for member in records {
            out += "  record \(member.recordID)  \(member.resource) \(member.sourceID)  \(member.state)"
            if let key = member.targetKey { out += "  Sage \(key)" }
            if let error = member.lastError { out += "  last error: \(error)" }
            out += "\n"
        }
        return out
    }
}
