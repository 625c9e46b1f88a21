import Foundation
import Testing
@testable import Sage100

/// Batch files are written to disk document by document; the files must be the very bytes
/// the in-memory path gives, with the same size and SHA-256, and nothing half-written may
/// ever carry the file's name.
@Suite("Files written in pieces")
struct AtomicFileStreamTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ml-connector-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("pieces smaller and larger than the buffer make the file, its size and its digest")
    func piecesMakeTheFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var pieces: [[UInt8]] = [[], Array("héllo,".utf8)]
        pieces.append((0..<(AtomicFileStream.bufferSize + 17)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        pieces += (0..<300).map { index in Array(repeating: UInt8(truncatingIfNeeded: index), count: 1 + index * 7) }
        pieces.append((0..<(AtomicFileStream.bufferSize - 1)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let url = folder.appendingPathComponent("batch.json")
        let stream = try AtomicFileStream(url: url)
        for piece in pieces { try stream.append(piece) }
        #expect(!FileManager.default.fileExists(atPath: url.path), "the name appears only on commit")
        let (count, sha256) = try stream.commit()
        let whole = pieces.flatMap { $0 }
        #expect(try [UInt8](Data(contentsOf: url)) == whole)
        #expect(count == whole.count)
        #expect(sha256 == SHA256Digest.hex(whole))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["batch.json"])
    }

    @Test("a stream dropped before its commit leaves no file behind")
    func droppedStreamLeavesNothing() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let stream = try AtomicFileStream(url: folder.appendingPathComponent("ap_invoices.csv"))
            try stream.append(Array(repeating: 65, count: AtomicFileStream.bufferSize * 2))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a hidden or empty name is refused before anything is written")
    func badNames() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: VIWriteError.self) { try AtomicFileStream(url: folder.appendingPathComponent(".hidden")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a batch streamed to disk is the assembled batch, byte for byte, with the same totals")
    func streamedBatchIsTheAssembledOne() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = VIBatchWriter()
        for (kind, records) in [(SageDocumentKind.apInvoices, VIFixtures.apInvoices as [any SageRecord]),
                                (.manualChecks, VIFixtures.manualChecks), (.purchaseOrders, VIFixtures.purchaseOrders)] {
            let documents = try records.map { try writer.renderDocument($0) }
            let assembled = try writer.assemble(kind, documents: documents)
            let url = folder.appendingPathComponent(kind.rawValue + ".csv")
            let file = try writer.write(kind, documents: documents, to: url)
            #expect(try [UInt8](Data(contentsOf: url)) == assembled.bytes)
            #expect(file.sha256 == assembled.sha256)
            #expect(file.byteCount == assembled.bytes.count)
            #expect(file.lineCount == assembled.lineCount)
            #expect(file.controlTotal == assembled.controlTotal)
            #expect(file.recordCount == documents.count)
        }
    }

    @Test("a repeated Sage key refuses the streamed batch before any file is made")
    func repeatedKeyRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = VIBatchWriter()
        let document = try writer.renderDocument(VIFixtures.apInvoices[0])
        #expect(throws: VIWriteError.self) {
            try writer.write(.apInvoices, documents: [document, document], to: folder.appendingPathComponent("ap_invoices.csv"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an import request handed out in pieces is the request built whole")
    func importRequestPieces() throws {
        let records = try AgentJSONWritableTests.invoices().enumerated().map {
            try ImportRecord.json(idempotencyKey: "ABC:ap_invoices:requisitions:\($0.offset)", encoding: $0.element)
        }
        for count in [0, 1, records.count] {
            var pieces: [[UInt8]] = []
            ImportRequest.write(batchID: "run-\"7\"-ap_invoices", records: Array(records.prefix(count))) { pieces.append($0) }
            let whole = ImportRequest.json(batchID: "run-\"7\"-ap_invoices", records: Array(records.prefix(count)))
            #expect(pieces.flatMap { $0 } == whole)
            let decoded = try JSONDecoder().decode(ImportRequest.self, from: Data(whole))
            #expect(decoded.batchID == "run-\"7\"-ap_invoices")
            #expect(decoded.records.count == count)
        }
    }
}
