import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

@Suite("Owner billing as sales orders: configuration and transform")
struct SalesOrderTransformTests {
    static let key = "ABC:sales-orders:payment_applications:7701"

    @Test("owner_billing: sales_order reads customers, AR division and the billing line")
    func configurationReads() throws {
        let world = try SalesOrderWorld(customers: "    table: { \"1001\": \"CITYBOISE\" }\n    terms_code: \"30\"\n")
        let mapping = world.world.mapping
        #expect(mapping.ownerBilling == .salesOrder)
        #expect(mapping.arDivision == "00")
        #expect(mapping.customers.table[1001] == "CITYBOISE")
        #expect(mapping.customers.createMissing == false)
        #expect(mapping.customers.termsCode == "30")
        #expect(mapping.salesOrders.itemCode == "/PROGRESS")
        #expect(mapping.salesOrders.itemType == "3")
    }

    @Test("sales_order without any customer mapping, or without the ebusiness: section, is refused naming the key and the fix")
    func configurationRefusals() throws {
        let base = TransformWorld.mappingYAML.replacingOccurrences(of: "CREATE", with: "true")
        #expect(throws: MappingConfigurationError.self) {
            _ = try MappingConfiguration.parse(yaml: base + "\n  owner_billing: sales_order\n", file: "connector.yml", baseDirectory: nil)
        }
        var mapping = try MappingConfiguration.parse(
            yaml: base + "\n  owner_billing: sales_order\n  customers: { table: { \"1001\": \"CITYBOISE\" } }\n",
            file: "connector.yml", baseDirectory: nil)
        var caught: MappingConfigurationError?
        do { try mapping.attachEBusiness(namespace: nil, username: nil) } catch { caught = error }
        let error = try #require(caught)
        #expect(error.field == "mapping.owner_billing")
        #expect(error.problem.contains("ebusiness"))
        #expect(error.fix?.contains("password_env") == true)
        #expect(error.fix?.contains("journal_entry") == true)

        var tooLong: MappingConfigurationError?
        do {
            _ = try MappingConfiguration.parse(
                yaml: base + "\n  customers: { create_missing: true, number_scheme: { prefix: \"OWNERS\", width: 15 } }\n",
                file: "connector.yml", baseDirectory: nil)
        } catch { tooLong = error }
        #expect(tooLong?.field == "mapping.customers.number_scheme")
        #expect(tooLong?.problem.contains("20") == true)

        var badType: MappingConfigurationError?
        do {
            _ = try MappingConfiguration.parse(yaml: base + "\n  sales_orders: { item_type: \"9\" }\n", file: "connector.yml", baseDirectory: nil)
        } catch { badType = error }
        #expect(badType?.field == "mapping.sales_orders.item_type")
    }

    @Test("an approved pay app becomes a sales order batch of redacted envelopes with a manifest of sha256s")
    func transformWritesEnvelopes() throws {
        let so = try SalesOrderWorld()
        let summary = try so.transform([PayAppJournalEntryTests.payApp(7701)])
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(summary.counts("sales-orders").valid == 1)
        let batch = try #require(summary.batches.first)
        #expect(batch.kind == "sales-orders")
        #expect(batch.controlTotal == "47500.10")

        let manifest = try so.world.manifest(batch)
        #expect(manifest.records.first?.sageKey == "P0005XX")
        #expect(Set(manifest.files.map(\.name)) == ["0001-P0005XX.xml", "0001-P0005XX-customer.xml", "sales-orders.json", "sales-orders.csv"])
        for file in manifest.files {
            let data = try Data(contentsOf: URL(fileURLWithPath: batch.path + "/" + file.name))
            #expect(ContentHash.sha256(data) == file.sha256, "\(file.name)")
            #expect(data.count == file.bytes)
        }
        let order = try String(contentsOfFile: batch.path + "/0001-P0005XX.xml", encoding: .utf8)
        #expect(order.contains("<eb:Password>********</eb:Password>"))
        #expect(order.contains("CreateSalesOrder"))
        #expect(order.contains("<eb:CustomerNo>OWN001001</eb:CustomerNo>"))
        #expect(order.contains("<eb:ExtensionAmt>47500.10</eb:ExtensionAmt>"))
        #expect(order.contains("<eb:ItemCode>/PROGRESS</eb:ItemCode>"))
        let customer = try String(contentsOfFile: batch.path + "/0001-P0005XX-customer.xml", encoding: .utf8)
        #expect(customer.contains("<eb:CustomerName>City of Boise</eb:CustomerName>"))

        let record = try so.record(Self.key)
        #expect(record.state == .batched)
        #expect(record.targetKey == "P0005XX")
        #expect(try so.world.ledger.sageKey(company: "ABC", resource: "sales-orders", procoreID: 7701) == "P0005XX")
        #expect(try so.world.ledger.sageKey(company: "ABC", resource: "customers", procoreID: 1001) == "00-OWN001001")
        let amounts = try so.world.ledger.recordAmounts(recordID: record.id)
        #expect(amounts.map(\.amount) == [Decimal(string: "47500.10")!])
        #expect(amounts.first?.jobNo == "2501")
    }

    @Test("a second pay app of the same project reuses the project's customer; numbers are stable across runs")
    func numbersAreDeterministic() throws {
        let so = try SalesOrderWorld()
        let first = try so.transform([PayAppJournalEntryTests.payApp(7701), PayAppJournalEntryTests.payApp(7702, invoice: "OI-8")])
        #expect(first.invalid.isEmpty, "\(first.invalid)")
        let manifest = try so.world.manifest(try #require(first.batches.first))
        #expect(manifest.records.map(\.sageKey) == ["P0005XX", "P0005XY"])
        let index = try JSONDecoder().decode(EnvelopeBatchIndex.self, from: Data(contentsOf: URL(fileURLWithPath: try #require(first.batches.first).path + "/sales-orders.json")))
        #expect(index.entries.map(\.document.order.customerNo) == ["OWN001001", "OWN001001"])
        // A changed version of 7701 after it was batched keeps its number.
        let second = try so.transform([PayAppJournalEntryTests.payApp(7701, due: "47600.10", updated: "2026-11-21")], run: SalesOrderWorld.run2)
        let batch = try #require(second.batches.first)
        #expect(try so.world.manifest(batch).records.first?.sageKey == "P0005XX")
        #expect(batch.controlTotal == "47600.10")
    }

    @Test("a credit billing, a missing ebusiness: section or a project without customer make the pay app invalid, naming the fix")
    func invalidPayApps() throws {
        let so = try SalesOrderWorld()
        let credit = try so.transform([PayAppJournalEntryTests.payApp(7705, due: "-1200.35")])
        let reason = try #require(credit.invalid.first?.reasons.first)
        #expect(reason.contains("payment application 7705"))
        #expect(reason.contains("journal_entry"))
        #expect(credit.batches.isEmpty)

        let noEBusiness = try SalesOrderWorld(ebusiness: false)
        let missing = try noEBusiness.transform([PayAppJournalEntryTests.payApp(7706)])
        #expect(missing.invalid.first?.reasons.contains { $0.contains("ebusiness:") } == true)
        #expect(missing.invalid.first?.kind == "sales-orders")

        let tableOnly = try SalesOrderWorld(customers: "    table: { \"2002\": \"OTHER\" }\n")
        let noCustomer = try tableOnly.transform([PayAppJournalEntryTests.payApp(7707)])
        #expect(noCustomer.invalid.first?.reasons.contains { $0.contains("project 1001") && $0.contains("mapping.customers.table") } == true)
    }
}

@Suite("Owner billing as sales orders: posting through eBusiness and reconciling", .serialized)
struct SalesOrderPostTests {
    static let key = SalesOrderTransformTests.key

    @Test("post creates the missing customer and the sales order, total = current_payment_due to the cent; a second post sends nothing")
    func postCreatesCustomerAndOrder() async throws {
        let so = try SalesOrderWorld()
        _ = try await so.startSage()
        do {
            _ = try so.transform([PayAppJournalEntryTests.payApp(7701)])
            #expect(try await so.relay.customer("OWN001001", division: "00") == nil)
            let summary = try await so.poster().run()
            #expect(summary.stopped == nil, "\(summary.stopped ?? "")")
            #expect(summary.rejected.isEmpty, "\(summary.rejected)")
            #expect(summary.kinds.first { $0.kind == "sales-orders" }?.posted == 1)
            let record = try so.record(Self.key)
            #expect(record.state == .posted)
            #expect(record.targetKey == "P0005XX")

            let order = try #require(try await so.relay.salesOrder("P0005XX"))
            #expect(order.total == Decimal(string: "47500.10"))
            #expect(order.customerNo == "OWN001001")
            #expect(order.otherFields.contains(EBusinessField(masFieldName: "UDF_PROCORE_ID", value: "7701")))
            let customer = try #require(try await so.relay.customer("OWN001001", division: "00"))
            #expect(customer.customerName == "City of Boise")

            let again = try await so.poster().run()
            #expect(again.postedCount == 0)
            #expect(again.batches.isEmpty)
            #expect(try so.record(Self.key).state == .posted)
        } catch {
            await so.shutdown()
            throw error
        }
        await so.shutdown()
    }

    @Test("an order already in Sage under its number is found by GetSalesOrder and recorded posted without a CreateSalesOrder")
    func existingOrderIsNotResent() async throws {
        let so = try SalesOrderWorld()
        _ = try await so.startSage()
        do {
            let summary = try so.transform([PayAppJournalEntryTests.payApp(7701)])
            let batch = try #require(summary.batches.first)
            // Sage got the order earlier (e.g. the ledger was restored from a backup): send the
            // stored envelopes by hand.
            let relay = try so.relay
            for name in ["0001-P0005XX-customer.xml", "0001-P0005XX.xml"] {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: batch.path + "/" + name)))
                _ = try await relay.call(try EBusinessEnvelope(bytes: bytes, namespaceURI: EBusinessConfiguration.sandboxNamespaceURI))
            }
            let posted = try await so.poster().run()
            let counts = try #require(posted.kinds.first { $0.kind == "sales-orders" })
            #expect(counts.duplicate == 1)
            #expect(counts.posted == 0)
            #expect(try so.record(Self.key).state == .posted)
        } catch {
            await so.shutdown()
            throw error
        }
        await so.shutdown()
    }

    @Test("a connection dropped after Sage committed the order leaves it uncertain; the next post settles it by GetSalesOrder, no resend")
    func droppedConnectionSettles() async throws {
        let so = try SalesOrderWorld(customers: "    table: { \"1001\": \"CITYBOISE\" }\n")
        let h = try await so.startSage()
        do {
            // The customer exists in Sage already (table-mapped, not created by the connector).
            _ = try await so.relay.call(try so.relay.builder.createCustomer(
                EBusinessCustomer(arDivisionNo: "00", customerNo: "CITYBOISE", customerName: "City of Boise")))
            _ = try so.transform([PayAppJournalEntryTests.payApp(7701)])
            h.simulator.dropConnectionAfterCommit(count: 1)
            let first = try await so.poster().run()
            #expect(first.stopped != nil)
            #expect(first.uncertain.count == 1)
            #expect(try so.record(Self.key).state == .uncertain)
            #expect(try await so.relay.salesOrder("P0005XX") != nil)

            let second = try await so.poster().run()
            #expect(second.stopped == nil, "\(second.stopped ?? "")")
            #expect(second.settledFound == 1)
            #expect(second.batches.first?.sent == 0)
            #expect(second.kinds.first { $0.kind == "sales-orders" }.map { $0.posted + $0.duplicate } == 0)
            let record = try so.record(Self.key)
            #expect(record.state == .posted)
            #expect(record.targetKey == "P0005XX")
            #expect(try await so.relay.salesOrder("P0005XX")?.total == Decimal(string: "47500.10"))
        } catch {
            await so.shutdown()
            throw error
        }
        await so.shutdown()
    }

    @Test("a post killed after Sage answered, before the ledger recorded it, is settled by GetSalesOrder")
    func crashAfterAnswerSettles() async throws {
        struct Killed: Error {}
        let so = try SalesOrderWorld()
        _ = try await so.startSage()
        do {
            _ = try so.transform([PayAppJournalEntryTests.payApp(7701)])
            let first = try await so.poster(checkpoint: { point in
                if case .answered = point { throw Killed() }
            }).run()
            #expect(first.stopped != nil)
            #expect(try so.record(Self.key).state == .posting)
            let second = try await so.poster().run()
            #expect(second.recovered == 1)
            #expect(second.settledFound == 1)
            #expect(try so.record(Self.key).state == .posted)
        } catch {
            await so.shutdown()
            throw error
        }
        await so.shutdown()
    }

    @Test("the password never reaches the outbox or the ledger: stored envelopes hold ********")
    func passwordNeverStored() async throws {
        let so = try SalesOrderWorld()
        _ = try await so.startSage()
        do {
            _ = try so.transform([PayAppJournalEntryTests.payApp(7701)])
            _ = try await so.poster().run()
            #expect(try so.record(Self.key).state == .posted)
            let secret = Data(SalesOrderWorld.password.utf8)
            let files = try so.outboxFiles()
            #expect(files.keys.contains { $0.hasSuffix(".xml") })
            for (name, data) in files {
                #expect(data.range(of: secret) == nil, "\(name) holds the password")
                if name.hasSuffix(".xml") { #expect(String(decoding: data, as: UTF8.self).contains("********")) }
            }
            for suffix in ["", "-wal"] {
                let path = so.world.ledger.path + suffix
                if let data = FileManager.default.contents(atPath: path) {
                    #expect(data.range(of: secret) == nil, "the ledger\(suffix) holds the password")
                }
            }
            #expect(!"\(try so.access)".contains(SalesOrderWorld.password))
        } catch {
            await so.shutdown()
            throw error
        }
        await so.shutdown()
    }

    @Test("a SOAP fault is a rejected record with Sage's message, naming the record and the customer")
    func faultIsRejected() async throws {
        let so = try SalesOrderWorld(customers: "    table: { \"1001\": \"NOSUCH\" }\n")
        _ = try await so.startSage()
        do {
            _ = try so.transform([PayAppJournalEntryTests.payApp(7701)])
            let summary = try await so.poster().run()
            #expect(summary.stopped == nil)
            let issue = try #require(summary.rejected.first)
            #expect(issue.kind == "sales-orders")
            let reason = try #require(issue.reasons.first)
            #expect(reason.contains("00-NOSUCH is not on file"), "\(reason)")
            #expect(reason.contains("P0005XX"))
            #expect(reason.contains("CreateSalesOrder"))
            #expect(reason.contains("mapping.customers.create_missing"))
            let record = try so.record(Self.key)
            #expect(record.state == .rejected)
            #expect(record.errors.last?.contains("NOSUCH") == true)
            #expect(try await so.relay.salesOrder("P0005XX") == nil)
        } catch {
            await so.shutdown()
            throw error
        }
        await so.shutdown()
    }

    @Test("reconcile reads the run's sales orders back with GetSalesOrder and matches them to the cent")
    func reconcileMatches() async throws {
        let so = try SalesOrderWorld()
        let h = try await so.startSage()
        do {
            let summary = try so.transform([PayAppJournalEntryTests.payApp(7701), PayAppJournalEntryTests.payApp(7702, due: "1234.56", invoice: "OI-8")])
            _ = try await so.poster().run()
            let source = EBusinessReconciliationSource(base: AgentReconciliationSource(agent: h.agent), agent: h.agent, access: try so.access)
            let report = try await Reconciler(ledger: so.world.ledger, source: source,
                                              options: ReconcileOptions(company: "ABC")).reconcile(runID: summary.runID)
            #expect(report.exceptions.isEmpty, "\(report.exceptions)")
            let kind = try #require(report.summary.first { $0.kind == "sales-orders" })
            #expect(kind.sourceDocuments == 2)
            #expect(kind.postedDocuments == 2)
            #expect(kind.sourceTotal.value == Decimal(string: "48734.66"))
            #expect(kind.postedTotal.value == Decimal(string: "48734.66"))
            #expect(kind.difference.isZero)

            // Without eBusiness access the read-back fails with what to configure.
            await #expect(throws: ReconcileError.self) {
                _ = try await Reconciler(ledger: so.world.ledger, source: AgentReconciliationSource(agent: h.agent),
                                         options: ReconcileOptions(company: "ABC")).reconcile(runID: summary.runID)
            }
        } catch {
            await so.shutdown()
            throw error
        }
        await so.shutdown()
    }
}
