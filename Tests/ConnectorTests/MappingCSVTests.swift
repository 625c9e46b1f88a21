import Testing
@testable import Connector

@Suite("Mapping CSV reader and writer")
struct MappingCSVTests {
    @Test func parsesQuotedFieldsEmbeddedLineBreaksAndDoubledQuotes() throws {
        let text = "a,b,c\r\n1,\"two, too\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x,\r\n"
        let records = try CSVParser.parse(text, file: "t.csv")
        #expect(records.count == 3)
        #expect(records[1].fields == ["1", "two, too", "say \"hi\""])
        #expect(records[2].fields == ["multi\nline", "x", ""])
        #expect(records[2].line == 3)
    }

    @Test func tracksLinesAcrossQuotedLineBreaksAndSkipsBlankLines() throws {
        let text = "\u{FEFF}h1,h2\n\n\"x\r\ny\",1\nlast,2"
        let records = try CSVParser.parse(text, file: "t.csv")
        #expect(records.map(\.line) == [1, 3, 5])
        #expect(records[0].fields == ["h1", "h2"])
        #expect(records[1].fields == ["x\r\ny", "1"])
        #expect(records[2].fields == ["last", "2"])
    }

    @Test func acceptsLoneCarriageReturnLineEnds() throws {
        let records = try CSVParser.parse("a,b\rc,d\r", file: "t.csv")
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(records.map(\.line) == [1, 2])
    }

    @Test func keepsAnEmptyQuotedLastField() throws {
        let records = try CSVParser.parse("a,\"\"", file: "t.csv")
        #expect(records.map(\.fields) == [["a", ""]])
        // A record holding nothing but one empty field is a blank line, quoted or not.
        let single = try CSVParser.parse("\"\"\nx", file: "t.csv")
        #expect(single.map(\.fields) == [["x"]])
    }

    @Test func unterminatedQuoteNamesTheLineAndColumnWhereItStarted() {
        #expect(throws: CSVError(file: "c.csv", line: 2, column: 2,
                                 problem: "a quoted field is never closed; add the missing closing quote (\")")) {
            try CSVParser.parse("a,b\nx,\"open\nmore", file: "c.csv")
        }
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        do {
            _ = try CSVParser.parse("a,b\n\"x\"y,2", file: "c.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 1)
            #expect(error.description.hasPrefix("c.csv line 2, column 1: unexpected text 'y' after the closing quote"))
        }
    }

    @Test func aQuoteInsideAnUnquotedFieldIsAnError() throws {
        do {
            _ = try CSVParser.parse("a,b\n1,x\"y", file: "c.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 2)
            #expect(error.problem.contains("put the whole field in quotes"))
        }
    }

    @Test func nulCharactersAreRejected() throws {
        do {
            _ = try CSVParser.parse("a,b\n1,x\u{0}y", file: "c.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "c.csv line 2, column 2: contains a NUL character; save the file as plain UTF-8 text")
        }
    }

    @Test func writerQuotesWhatNeedsQuotingAndGuardsFormulas() {
        #expect(CSVWriter.cell("plain") == "plain")
        #expect(CSVWriter.cell("a,b") == "\"a,b\"")
        #expect(CSVWriter.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.cell("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.cell(" padded") == "\" padded\"")
        #expect(CSVWriter.cell("=SUM(A1:A2)") == "'=SUM(A1:A2)")
        #expect(CSVWriter.cell("+1") == "'+1")
        #expect(CSVWriter.cell("-5") == "'-5")
        #expect(CSVWriter.cell("@cmd") == "'@cmd")
        #expect(CSVWriter.cell("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")
        #expect(CSVWriter.line(["a", "b"]) == "a,b\r\n")
    }

    @Test func writtenCellsReadBackToTheSameValues() throws {
        let values = ["=1+2", "a,b", "q\"uote", "line\r\nbreak", "-7", "'kept", "@x", ""]
        let text = CSVWriter.document(header: values.indices.map { "c\($0)" }, rows: [values])
        let records = try CSVParser.parse(text, file: "round.csv")
        #expect(records.count == 2)
        #expect(records[1].fields.map(CSVWriter.unguard) == values)
    }
}
