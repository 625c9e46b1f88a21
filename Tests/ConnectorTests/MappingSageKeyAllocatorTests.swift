import Foundation
import Testing
import Ledger
@testable import Connector

@Suite("Mapping Sage key allocator")
struct MappingSageKeyAllocatorTests {
    @Test func commitmentNumbersThatFitAreUsed() throws {
        var allocator = SageKeyAllocator(identities: IdentitySnapshot())
        let key = try allocator.purchaseOrderNumber(commitmentID: 501, commitmentNumber: "sc-001").get()
        #expect(key.value == "SC-001")
        #expect(key.source == .procoreNumber)
        #expect(allocator.allocations == [IdentityAllocation(resource: "purchase-orders", procoreID: 501, sageKey: "SC-001",
                                                             reason: "Procore commitment number 'SC-001'")])
    }

    @Test func allDigitCommitmentNumbersAreZeroFilledAsSageDoes() throws {
        var allocator = SageKeyAllocator(identities: IdentitySnapshot())
        #expect(try allocator.purchaseOrderNumber(commitmentID: 1, commitmentNumber: "12").get().value == "0000012")
    }

    @Test func commitmentNumbersThatDoNotFitUseTheScheme() throws {
        var allocator = SageKeyAllocator(identities: IdentitySnapshot())
        let long = try allocator.purchaseOrderNumber(commitmentID: 562_949_953, commitmentNumber: "PO-2026-0001").get()
        // 562949953 is below 36^6, so its base 36 form "9B5YYP" is used as is.
        #expect(long.value == "C9B5YYP")
        #expect(long.value.count == 7)
        #expect(long.source == .scheme)
        #expect(long.reason.contains("does not fit PurchaseOrderNo"))
        let symbols = try allocator.purchaseOrderNumber(commitmentID: 36, commitmentNumber: "=1+1").get()
        #expect(symbols.value == "C000010")
        let none = try allocator.purchaseOrderNumber(commitmentID: 37, commitmentNumber: nil).get()
        #expect(none.value == "C000011")
        #expect(none.reason.hasSuffix("because it has no number"))
    }

    @Test func aTakenCommitmentNumberFallsBackToTheScheme() throws {
        let identities = IdentitySnapshot(["purchase-orders": [900: "0000001"]])
        var allocator = SageKeyAllocator(identities: identities, sagePurchaseOrders: ["0000002"])
        let first = try allocator.purchaseOrderNumber(commitmentID: 1, commitmentNumber: "1").get()
        #expect(first.value == "C000001")
        #expect(first.reason.contains("is already used by another purchase order"))
        let inSage = try allocator.purchaseOrderNumber(commitmentID: 2, commitmentNumber: "2").get()
        #expect(inSage.value == "C000002")
        let fine = try allocator.purchaseOrderNumber(commitmentID: 3, commitmentNumber: "3").get()
        #expect(fine.value == "0000003")
        // Same number, same run, another project's commitment.
        let again = try allocator.purchaseOrderNumber(commitmentID: 4, commitmentNumber: "3").get()
        #expect(again.value == "C000004")
    }

    @Test func schemeCollisionsMoveToTheNextNumber() throws {
        let identities = IdentitySnapshot(["purchase-orders": [77: "C00000A"]])
        var allocator = SageKeyAllocator(identities: identities)
        let key = try allocator.purchaseOrderNumber(commitmentID: 10, commitmentNumber: nil).get()
        #expect(key.value == "C00000B")
        #expect(key.reason.contains("+ 1"))
    }

    @Test func theIdentityMapKeepsEarlierPurchaseOrderNumbers() throws {
        let identities = IdentitySnapshot(["purchase-orders": [10: "XYZ"]])
        var allocator = SageKeyAllocator(identities: identities)
        let key = try allocator.purchaseOrderNumber(commitmentID: 10, commitmentNumber: "NEW").get()
        #expect(key == SageKey(value: "XYZ", source: .identityMap, reason: "recorded by an earlier run"))
        #expect(allocator.allocations.isEmpty)
        let twice = try allocator.purchaseOrderNumber(commitmentID: 11, commitmentNumber: "A1").get()
        #expect(try allocator.purchaseOrderNumber(commitmentID: 11, commitmentNumber: "A1").get() == twice)
        #expect(allocator.allocations.count == 1)
    }

    @Test func invoiceNumbersThatFitAreUsedPerVendor() throws {
        var allocator = SageKeyAllocator(identities: IdentitySnapshot())
        let a = try allocator.invoiceNumber(requisitionID: 1, invoiceNumber: "inv-10", apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        #expect(a.value == "INV-10")
        #expect(a.source == .procoreNumber)
        // Another vendor may use the same invoice number.
        let b = try allocator.invoiceNumber(requisitionID: 2, invoiceNumber: "INV-10", apDivisionNo: "00", vendorNo: "STEELCO").get()
        #expect(b.value == "INV-10")
        // The same vendor may not.
        let c = try allocator.invoiceNumber(requisitionID: 35, invoiceNumber: "INV-10", apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        #expect(c.value == "RZ")
        #expect(c.source == .scheme)
        #expect(c.reason.contains("vendor ACMEDRY already has an invoice 'INV-10'"))
        #expect(allocator.allocations.map(\.sageKey) == ["00-ACMEDRY-INV-10", "00-STEELCO-INV-10", "00-ACMEDRY-RZ"])
    }

    @Test func invoiceNumbersThatDoNotFitUseRPlusBase36() throws {
        var allocator = SageKeyAllocator(identities: IdentitySnapshot())
        let long = try allocator.invoiceNumber(requisitionID: 4_512_345_678, invoiceNumber: "APP-2026-000123",
                                               apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        #expect(long.value == "R" + Base36.encode(4_512_345_678))
        #expect(long.value == "R22MJ87I")
        #expect(long.reason.contains("does not fit InvoiceNo"))
        let empty = try allocator.invoiceNumber(requisitionID: 0, invoiceNumber: "  ", apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        #expect(empty.value == "R0")
        let formula = try allocator.invoiceNumber(requisitionID: 36, invoiceNumber: "@SUM(1)", apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        #expect(formula.value == "R10")
        let huge = try allocator.invoiceNumber(requisitionID: Int64.max, invoiceNumber: nil, apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        #expect(huge.value.count <= 10)
        #expect(huge.value.hasPrefix("R"))
    }

    @Test func sageInvoicesAndTheIdentityMapCountAsTaken() throws {
        let identities = IdentitySnapshot(["ap-invoices": [900: "00-ACMEDRY-R1"]])
        var allocator = SageKeyAllocator(identities: identities, sageInvoiceKeys: ["00-ACMEDRY-7"])
        let taken = try allocator.invoiceNumber(requisitionID: 1, invoiceNumber: "7", apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        // "7" is in Sage, "R1" is paired with requisition 900, so R2.
        #expect(taken.value == "R2")
    }

    @Test func anEarlierInvoiceNumberIsKeptAndAVendorChangeIsRefused() throws {
        let identities = IdentitySnapshot(["ap-invoices": [5: "00-ACMEDRY-INV-9"]])
        var allocator = SageKeyAllocator(identities: identities)
        let kept = try allocator.invoiceNumber(requisitionID: 5, invoiceNumber: "other", apDivisionNo: "00", vendorNo: "ACMEDRY").get()
        #expect(kept.value == "INV-9")
        #expect(kept.source == .identityMap)
        guard case .failure(let error) = allocator.invoiceNumber(requisitionID: 5, invoiceNumber: "x", apDivisionNo: "00", vendorNo: "STEELCO") else {
            Issue.record("expected a failure"); return
        }
        #expect(error == .vendorChanged(subject: "requisition 5", recordedKey: "00-ACMEDRY-INV-9", vendorKey: "00-STEELCO"))
        var fresh = SageKeyAllocator(identities: IdentitySnapshot())
        _ = fresh.invoiceNumber(requisitionID: 6, invoiceNumber: "A", apDivisionNo: "00", vendorNo: "ACMEDRY")
        guard case .failure(let inRun) = fresh.invoiceNumber(requisitionID: 6, invoiceNumber: "A", apDivisionNo: "00", vendorNo: "STEELCO") else {
            Issue.record("expected a failure"); return
        }
        #expect(inRun.description.contains("its vendor is now 00-STEELCO"))
    }

    @Test func invalidVendorKeysAreRefused() {
        var allocator = SageKeyAllocator(identities: IdentitySnapshot())
        guard case .failure(let error) = allocator.invoiceNumber(requisitionID: 1, invoiceNumber: "1", apDivisionNo: "00", vendorNo: "acme") else {
            Issue.record("expected a failure"); return
        }
        #expect(error.description.hasPrefix("requisition 1: vendor number 'acme' may hold only upper-case letters"))
        guard case .failure(let division) = allocator.invoiceNumber(requisitionID: 1, invoiceNumber: "1", apDivisionNo: "0", vendorNo: "ACME") else {
            Issue.record("expected a failure"); return
        }
        #expect(division.description == "requisition 1: AP division '0' must be 2 digits")
    }

    @Test func keysSurviveARestartThroughTheLedger() throws {
        let folder = try MappingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ledger.sqlite").path
        let ledger = try Ledger.open(path: path)
        var first = SageKeyAllocator(identities: LedgerIdentityLookup(ledger: ledger, company: "ABC"))
        _ = try first.purchaseOrderNumber(commitmentID: 1, commitmentNumber: "1").get()
        _ = try first.invoiceNumber(requisitionID: 10, invoiceNumber: "1", apDivisionNo: "00", vendorNo: "ACME").get()
        for allocation in first.allocations {
            try ledger.putIdentity(company: "ABC", resource: allocation.resource, procoreID: allocation.procoreID, sageKey: allocation.sageKey)
        }
        var second = SageKeyAllocator(identities: LedgerIdentityLookup(ledger: try Ledger.open(path: path), company: "ABC"))
        #expect(try second.purchaseOrderNumber(commitmentID: 1, commitmentNumber: "changed").get().value == "0000001")
        #expect(try second.purchaseOrderNumber(commitmentID: 2, commitmentNumber: "1").get().value == "C000002")
        #expect(try second.invoiceNumber(requisitionID: 10, invoiceNumber: "2", apDivisionNo: "00", vendorNo: "ACME").get().value == "1")
        #expect(try second.invoiceNumber(requisitionID: 11, invoiceNumber: "1", apDivisionNo: "00", vendorNo: "ACME").get().value == "RB")
        // Another company has its own keys.
        var other = SageKeyAllocator(identities: LedgerIdentityLookup(ledger: ledger, company: "XYZ"))
        #expect(try other.purchaseOrderNumber(commitmentID: 2, commitmentNumber: "1").get().value == "0000001")
    }

    @Test func base36() {
        #expect(Base36.encode(0) == "0")
        #expect(Base36.encode(35) == "Z")
        #expect(Base36.encode(36) == "10")
        #expect(Base36.encode(Int64.max) == "1Y2P0IJ32E8E7")
        #expect(Base36.padded(36, width: 6) == "000010")
        #expect(Base36.padded(Base36.power(6) + 1, width: 6) == "000001")
        #expect(Base36.power(2) == 1296)
    }
}
