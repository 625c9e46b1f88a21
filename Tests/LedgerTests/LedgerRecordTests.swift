import Foundation
import Testing
@testable import Ledger

@Suite("Ledger records, audit and identity map")
struct LedgerRecordTests {
    func newRecord(_ id: Int64 = 42, sha: String = "abcdef0123456789abcdef") -> NewLedgerRecord {
        NewLedgerRecord(resource: "requisitions", companyID: 1, projectID: 7, sourceID: id,
                        sourceUpdatedAt: "2026-11-29T00:40:00.000Z", contentSHA256: sha)
    }

    @Test("every legal move is accepted and every other move refused, from every state", arguments: LedgerEngine.available)
    func stateMachine(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        // Walk each state's allowed moves by building records along legal paths.
        let pathTo: [RecordState: [RecordState]] = [
            .staged: [], .valid: [.valid], .invalid: [.invalid], .batched: [.valid, .batched],
            .posting: [.valid, .batched, .posting], .posted: [.valid, .batched, .posting, .posted],
            .rejected: [.valid, .batched, .posting, .rejected], .uncertain: [.valid, .batched, .posting, .uncertain],
            .drift: [.valid, .batched, .posting, .posted, .drift], .superseded: [.superseded],
        ]
        #expect(Set(pathTo.keys) == Set(RecordState.allCases))
        var sourceID: Int64 = 1
        for from in RecordState.allCases {
            for to in RecordState.allCases {
                sourceID += 1
                let record = try temp.ledger.insertRecord(newRecord(sourceID))
                for step in pathTo[from]! { try temp.ledger.transition(recordID: record.id, to: step) }
                #expect(try temp.ledger.record(id: record.id)?.state == from)
                if from.canMove(to: to) {
                    let moved = try temp.ledger.transition(recordID: record.id, to: to)
                    #expect(moved.state == to)
                    #expect(try temp.ledger.record(id: record.id)?.state == to)
                } else {
                    #expect(throws: LedgerError.illegalTransition(recordID: record.id, from: from, to: to)) {
                        try temp.ledger.transition(recordID: record.id, to: to)
                    }
                    #expect(try temp.ledger.record(id: record.id)?.state == from)
                }
            }
        }
    }

    @Test("the documented life of a record is legal and terminal states stay terminal")
    func documentedRules() {
        #expect(RecordState.staged.canMove(to: .valid) && RecordState.staged.canMove(to: .invalid))
        #expect(RecordState.posting.canMove(to: .uncertain) && RecordState.uncertain.canMove(to: .posted))
        #expect(RecordState.posted.canMove(to: .drift))
        #expect(!RecordState.posted.canMove(to: .posting), "a posted record is never re-posted")
        #expect(!RecordState.staged.canMove(to: .posted))
        #expect(!RecordState.drift.canMove(to: .posting), "drift is never silently re-posted")
        #expect(RecordState.superseded.isTerminal)
        #expect(RecordState.allCases.filter(\.isTerminal) == [.superseded])
    }

    @Test("an illegal move names the record, both states and the allowed moves", arguments: LedgerEngine.available)
    func illegalMoveMessage(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let record = try temp.ledger.insertRecord(newRecord())
        do {
            try temp.ledger.transition(recordID: record.id, to: .posted)
            Issue.record("staged -> posted was accepted")
        } catch let error as LedgerError {
            let text = "\(error)"
            #expect(text.contains("record \(record.id)") && text.contains("'staged'") && text.contains("'posted'"))
            #expect(text.contains("invalid, superseded, valid"))
        }
    }

    @Test("transitions keep errors, target key and audit rows", arguments: LedgerEngine.available)
    func transitionData(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let record = try temp.ledger.insertRecord(newRecord())
        #expect(record.state == .staged)
        #expect(record.idempotencyKey == "requisitions:42:abcdef0123456789")
        try temp.ledger.transition(recordID: record.id, to: .invalid, error: "vendor 'Müller & Söhne' has no Sage vendor number")
        try temp.ledger.transition(recordID: record.id, to: .valid)
        try temp.ledger.transition(recordID: record.id, to: .batched, batchID: nil)
        try temp.ledger.transition(recordID: record.id, to: .posting)
        try temp.ledger.transition(recordID: record.id, to: .posted, targetKey: "0000123")
        let stored = try #require(try temp.ledger.record(id: record.id))
        #expect(stored.errors == ["vendor 'Müller & Söhne' has no Sage vendor number"])
        #expect(stored.targetKey == "0000123")
        let trail = try temp.ledger.audit(subject: "record:\(record.id)")
        #expect(trail.map(\.action) == ["record.staged"] + Array(repeating: "record.state", count: 5))
        #expect(trail.last?.detailJSON?.contains("\"to\":\"posted\"") == true)
        #expect(throws: LedgerError.duplicateIdempotencyKey(record.idempotencyKey)) {
            try temp.ledger.insertRecord(newRecord())
        }
        #expect(throws: LedgerError.recordNotFound(recordID: 999_999)) {
            try temp.ledger.transition(recordID: 999_999, to: .valid)
        }
    }

    @Test("the database itself refuses to update or delete audit rows", arguments: LedgerEngine.available)
    func auditAppendOnly(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let id = try temp.ledger.appendAudit(action: "test.note", subject: "subject:1", detailJSON: #"{"n":1}"#)
        // The refusal comes from the database itself (a trigger on both engines), not the code.
        let refused: (any Error) -> Bool = { ($0 as? SQLFailure)?.kind == .appendOnly }
        #expect(performing: { try temp.ledger.executeRaw("UPDATE audit SET action = 'forged' WHERE id = ?", arguments: [id]) },
                throws: refused)
        #expect(performing: { try temp.ledger.executeRaw("DELETE FROM audit WHERE id = ?", arguments: [id]) }, throws: refused)
        #expect(performing: { try temp.ledger.executeRaw("DELETE FROM audit") }, throws: refused)
        if engine == .postgres {
            #expect(performing: { try temp.ledger.executeRaw("TRUNCATE audit CASCADE") }, throws: refused)
        }
        let rows = try temp.ledger.audit(subject: "subject:1")
        #expect(rows.count == 1)
        #expect(rows.first?.action == "test.note")
        // Appending still works.
        try temp.ledger.appendAudit(action: "test.note", subject: "subject:1")
        #expect(try temp.ledger.audit(subject: "subject:1").count == 2)
    }

    @Test("the identity map is unique both ways per company and resource", arguments: LedgerEngine.available)
    func identityMap(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        try temp.ledger.putIdentity(company: "ABC", resource: "vendors", procoreID: 5_000_000_001, sageKey: "01-MULLER")
        try temp.ledger.putIdentity(company: "ABC", resource: "vendors", procoreID: 5_000_000_001, sageKey: "01-MULLER")
        #expect(try temp.ledger.sageKey(company: "ABC", resource: "vendors", procoreID: 5_000_000_001) == "01-MULLER")
        #expect(try temp.ledger.procoreID(company: "ABC", resource: "vendors", sageKey: "01-MULLER") == 5_000_000_001)
        #expect(throws: LedgerError.self) {
            try temp.ledger.putIdentity(company: "ABC", resource: "vendors", procoreID: 5_000_000_001, sageKey: "01-OTHER")
        }
        #expect(throws: LedgerError.self) {
            try temp.ledger.putIdentity(company: "ABC", resource: "vendors", procoreID: 77, sageKey: "01-MULLER")
        }
        // Another company may use the same pair.
        try temp.ledger.putIdentity(company: "XYZ", resource: "vendors", procoreID: 77, sageKey: "01-MULLER")
        #expect(try temp.ledger.procoreID(company: "XYZ", resource: "vendors", sageKey: "01-MULLER") == 77)
        #expect(try temp.ledger.sageKey(company: "ABC", resource: "vendors", procoreID: 77) == nil)
    }

    @Test("webhook events dedupe on ulid; inbox files on content; reference cache replaces", arguments: LedgerEngine.available)
    func eventsInboxReference(engine: LedgerEngine) throws {
        let temp = try TemporaryLedger(engine)
        let event = WebhookEventRow(ulid: "01JABCDEFGHJKMNPQRSTVWXYZ0", companyID: 1, projectID: 7,
                                    resourceName: "Requisitions", resourceID: 54321, eventType: "update", payload: "{}")
        #expect(try temp.ledger.recordWebhookEvent(event))
        #expect(try !temp.ledger.recordWebhookEvent(event))
        #expect(try temp.ledger.unprocessedWebhookEvents().map(\.ulid) == [event.ulid])
        try temp.ledger.markWebhookEventProcessed(ulid: event.ulid)
        #expect(try temp.ledger.unprocessedWebhookEvents().isEmpty)

        #expect(try temp.ledger.registerInboxFile(name: "fix.json", sha256: "aa", kind: "record"))
        #expect(try !temp.ledger.registerInboxFile(name: "fix-copy.json", sha256: "aa", kind: "record"))

        try temp.ledger.putReference(company: "ABC", kind: "vendors", json: "[1]", fetchedAt: "2026-11-29T00:00:00Z")
        try temp.ledger.putReference(company: "ABC", kind: "vendors", json: "[1,2]", fetchedAt: "2026-11-29T01:00:00Z")
        #expect(try temp.ledger.reference(company: "ABC", kind: "vendors")?.json == "[1,2]")
        #expect(try temp.ledger.reference(company: "ABC", kind: "gl-accounts") == nil)
    }

    @Test("timestamps format and parse exactly, including offsets and bare dates")
    func timestamps() throws {
        let date = Date(timeIntervalSince1970: 1_795_000_000.25)
        #expect(Timestamp.string(from: date) == "2026-11-18T11:06:40Z")
        #expect(Timestamp.string(from: date, milliseconds: true) == "2026-11-18T11:06:40.250Z")
        #expect(Timestamp.date(from: "2026-11-18T11:06:40.250Z")?.timeIntervalSince1970 == 1_795_000_000.25)
        #expect(Timestamp.date(from: "2026-11-18T12:06:40+01:00")?.timeIntervalSince1970 == 1_795_000_000)
        #expect(Timestamp.date(from: "2000-01-01")?.timeIntervalSince1970 == 946_684_800)
        #expect(Timestamp.date(from: "2026-13-01T00:00:00Z") == nil)
        #expect(Timestamp.date(from: "yesterday") == nil)
        #expect(Timestamp.date(from: "2026-11-18T07:06:40") == nil)
    }
}
