import Foundation
import Procore
import Testing
@testable import Connector

@Suite("Pull staging files and progress")
struct PullStagingTests {
    @Test("a staged line keeps the record's bytes exactly and escapes only what it adds")
    func stagedLineBytes() throws {
        let raw = Data(#"{"id":5000000001,"name":"Müller & Söhne <Drywall> \"quoted\"","grand_total":"15000.10","x":1.10}"#.utf8)
        let child = Data(#"{"id":7,"amount":-0.01}"#.utf8)
        let line = StagedLine.make(resource: "requisitions", companyID: 42, projectID: 5_000_000_009,
                                   fetchedAt: "2026-11-29T00:40:00.123Z",
                                   record: ProcoreRecord(id: 5_000_000_001, updatedAt: nil, raw: raw),
                                   children: [("contract_items", [ProcoreRecord(id: 7, updatedAt: nil, raw: child)]),
                                              ("change_order_items", [])])
        let expected = #"{"resource":"requisitions","company_id":42,"project_id":5000000009,"fetched_at":"2026-11-29T00:40:00.123Z","record":"#
            + String(decoding: raw, as: UTF8.self)
            + #","children":{"contract_items":[{"id":7,"amount":-0.01}],"change_order_items":[]}}"# + "\n"
        #expect(line == Data(expected.utf8))
        #expect(line.stagedRecordBytes == raw)
        // The line is valid JSON and the decimal text survives untouched in the bytes.
        _ = try JSONSerialization.jsonObject(with: line)
        #expect(line.range(of: Data(#""x":1.10"#.utf8)) != nil)
    }

    @Test("company records carry project_id null; raw line breaks become spaces so a line stays one line")
    func companyScopeAndLineBreaks() throws {
        let raw = Data("{\"id\":1,\r\n  \"name\":\"a\\nb\"\n}".utf8)
        let line = StagedLine.make(resource: "vendors", companyID: 1, projectID: nil, fetchedAt: "t",
                                   record: ProcoreRecord(id: 1, updatedAt: nil, raw: raw), children: [])
        #expect(line.filter { $0 == 0x0A }.count == 1 && line.last == 0x0A)
        let object = try JSONSerialization.jsonObject(with: line) as! [String: Any]
        #expect(object["project_id"] is NSNull)
        #expect((object["record"] as! [String: Any])["name"] as? String == "a\nb")
    }

    @Test("the staged record built with its line is the one the line reads back as, and so is its ledger version",
          arguments: [0, 1, 2])
    func stagedRecordMatchesParse(shape: Int) throws {
        let raw = Data("{\"id\":77,\r\n \"updated_at\":\"2026-11-29T00:40:00Z\",\"name\":\"a\\nb\"\n}".utf8)
        let children: [(name: String, records: [ProcoreRecord])] = [
            [],
            [("contract_items", [ProcoreRecord(id: 7, updatedAt: nil, raw: Data(#"{"id":7,"amount":-0.01}"#.utf8)),
                                 ProcoreRecord(id: 8, updatedAt: nil, raw: Data("{\"id\":8,\n\"amount\":\"1.10\"}".utf8))]),
             ("change_order_items", [])],
            [("line_items", [ProcoreRecord(id: 9, updatedAt: "2026-01-02T03:04:05Z",
                                          raw: Data(#"{"id":9,"updated_at":"2026-01-02T03:04:05Z","cost_code":{"full_code":"09-300"}}"#.utf8))])],
        ][shape]
        let record = ProcoreRecord(id: 77, updatedAt: "2026-11-29T00:40:00Z", raw: raw)
        let (line, built) = StagedLine.staged(resource: "work_order_contracts", companyID: 42,
                                              projectID: shape == 1 ? nil : 5_000_000_009, fetchedAt: "2026-11-29T00:41:00.000Z",
                                              record: record, children: children, file: "work_order_contracts.jsonl", number: 1)
        let parsed = try StagedRecordReader.parse(line.subdata(in: 0..<(line.count - 1)), file: "work_order_contracts.jsonl", line: 1).get()
        #expect(built.resource == parsed.resource && built.companyID == parsed.companyID && built.projectID == parsed.projectID)
        #expect(built.fetchedAt == parsed.fetchedAt)
        #expect(built.record == parsed.record)
        #expect(built.children == parsed.children)
        #expect(built.contentSHA256 == parsed.contentSHA256)
        let body = line.subdata(in: 0..<(line.count - 1))
        #expect(SourceVersionBuilder.version(of: built, line: body) == (try SourceVersionBuilder.version(ofLine: line).get()))
    }

    @Test("a writer's file has a hidden temporary name until finished, then its final name and a digest")
    func writerLifecycle() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("staging-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try StagingWriter(resource: "vendors", folder: folder.path)
        try await writer.append(Data("{\"a\":1}\n".utf8), count: 1)
        try await writer.append(Data("{\"a\":2}\n".utf8), count: 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [".vendors.jsonl.tmp"])
        let summary = try await writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["vendors.jsonl"])
        #expect(summary.records == 2 && summary.bytes == 16)
        #expect(summary.sha256 == ContentHash.sha256(Data("{\"a\":1}\n{\"a\":2}\n".utf8)))
        #expect(try await writer.finish() == summary, "finish is idempotent")
        await #expect(throws: StagingError.closed(path: folder.path + "/.vendors.jsonl.tmp")) {
            try await writer.append(Data("x\n".utf8), count: 1)
        }

        let abandoned = try StagingWriter(resource: "requisitions", folder: folder.path)
        try await abandoned.append(Data("{}\n".utf8), count: 1)
        await abandoned.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["vendors.jsonl"])
    }

    @Test("a run folder appears only whole: files, then manifest, then one rename")
    func runCommit() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("staging-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try StagingRun(root: root, runID: "20261129T004000Z-ab12", resources: ["vendors", "requisitions"])
        try await run.writers["vendors"]!.append(Data("{}\n".utf8), count: 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == [".20261129T004000Z-ab12.partial"])
        let (directory, manifest) = try await run.commit { files in
            StagingManifest(runID: "20261129T004000Z-ab12", companyID: 1, startedAt: "a", finishedAt: "b", durationSeconds: 1,
                            full: false, files: files, scopes: [], forbidden: [], failed: [], requests: 3, rateLimited: 0,
                            unavailable: 0, retries: 0, tokens: 1, pacingWaits: 0, pacingWaitSeconds: 0)
        }
        #expect(directory == root + "/20261129T004000Z-ab12")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["20261129T004000Z-ab12"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["manifest.json", "requisitions.jsonl", "vendors.jsonl"])
        #expect(manifest.files.map(\.file) == ["requisitions.jsonl", "vendors.jsonl"])
        let stored = try JSONDecoder().decode(StagingManifest.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json")))
        #expect(stored == manifest)
        let text = try String(contentsOfFile: directory + "/manifest.json", encoding: .utf8)
        #expect(text.contains("\"run_id\"") && text.contains("\"rate_limited\""))
    }

    @Test("the progress display redraws in place, at most ~10 times a second, and shows the counts")
    func progressThrottle() {
        final class Sink: @unchecked Sendable {
            let lock = NSLock()
            var chunks: [String] = []
            func add(_ text: String) { lock.withLock { chunks.append(text) } }
        }
        let sink = Sink()
        let progress = PullProgress(interval: .milliseconds(100)) { sink.add($0) }
        progress.handle(.started(runID: "r", scopes: ["requisitions": 3, "vendors": 1]))
        for page in 1...2000 {
            progress.handle(.page(resource: "requisitions", scope: "project:1", page: page, received: 10, staged: 9, total: nil))
        }
        progress.handle(.procore(.waiting(seconds: 1.5, reason: .rateLimited, endpoint: "/rest/v1.1/requisitions")))
        progress.handle(.scopeFinished(resource: "vendors", scope: "company:1", status: .forbidden))
        #expect(progress.redraws <= 3, "redrew \(progress.redraws) times within a burst")
        let frame = progress.frame()
        #expect(frame.count == 3)
        // Lines follow the catalogue's order: vendors before requisitions.
        #expect(frame[0].hasPrefix("vendors") && frame[0].contains("1/1 scopes") && frame[0].contains("1 forbidden"))
        #expect(frame[1].hasPrefix("requisitions") && frame[1].contains("2000 pages") && frame[1].contains("20000 received")
            && frame[1].contains("18000 staged") && frame[1].contains("0/3 scopes"))
        #expect(frame[2].contains("waits 1 (1.5 s, 1 after 429)"))
        let summary = PullSummary(runID: "r", stagedDirectory: "/s", status: "complete", full: false, records: [:], received: [:],
                                  requests: 0, rateLimited: 0, retries: 0, tokens: 0, forbidden: [], failed: [], durationSeconds: 0)
        progress.handle(.finished(summary))
        let output = sink.lock.withLock { sink.chunks }
        #expect(output.count == progress.redraws)
        #expect(output.last?.hasPrefix("\u{1B}[3A") == true, "later frames move the cursor back up over the previous one")
        #expect(!PullProgress.isWanted(json: true))
        #expect(!PullProgress.isWanted(json: false, environment: ["CI": "true"]))
    }
}
