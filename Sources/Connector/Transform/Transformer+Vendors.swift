import Foundation
import Ledger
import Procore
import Sage100

extension TransformSession {
    /// The Sage vendor for a Procore vendor a document refers to. A vendor Sage does not have
    /// yet is built into the vendors batch (once per run); when it cannot be, the document
    /// fails with the vendor's reasons.
    func vendor(_ procoreID: Int64, nameHint: String?) throws -> VendorOutcome {
        index.touch(Ledger.lookupKey(resource: "vendors", id: procoreID))
        if let known = vendorOutcomes[procoreID] {
            if let key = sageVendorTouch[procoreID] { index.touch(key) }
            return known
        }
        let indexed = index.vendor(procoreID)
        let name = indexed?.vendor.name ?? indexed?.vendor.company ?? nameHint ?? ""
        let ref = ProcoreVendorRef(id: procoreID, name: name, originID: indexed?.vendor.originID)
        let before = vendors.allocations.count
        let outcome: VendorOutcome
        switch vendors.resolve(ref) {
        case .failure(let error):
            // Any change in Sage's vendors may fix this one.
            sageVendorTouch[procoreID] = "sage-vendors"
            index.touch("sage-vendors")
            outcome = .failed([error.description])
        case .success(let resolution):
            // Resolved: the document's vendor number does not change when Sage's vendors do
            // (only whether the vendor is created), so no Sage-vendor dependency.
            for allocation in vendors.allocations.dropFirst(before) {
                vendorPairs[procoreID] = IdentityPair(resource: allocation.resource, procoreID: allocation.procoreID,
                                                      sageKey: allocation.sageKey)
            }
            if resolution.existsInSage {
                count(.vendors) { $0.matched += 1 }
                outcome = .ready(resolution)
            } else if let staged = indexed?.staged {
                // Claim the outcome first so the vendor's own processing does not recurse.
                vendorOutcomes[procoreID] = .ready(resolution)
                hintFrames.append([])
                defer { hintFrames.removeLast() }
                let ok = try settle(staged, kind: .vendors, built: buildVendor(staged, resolution: resolution))
                if ok {
                    outcome = .ready(resolution)
                } else {
                    let reasons = summary.invalid.last(where: { $0.resource == "vendors" && $0.sourceID == procoreID })?.reasons
                    outcome = .failed(reasons ?? ["\(ref.label) must be created in Sage 100 as vendor \(resolution.vendorNo) but cannot be sent now; see the vendor's own messages"])
                }
            } else {
                outcome = .failed(["\(ref.label) is not in Sage 100 and was never pulled from Procore, so it cannot be created as vendor \(resolution.vendorNo); run ml-connector pull (vendors) and transform again, or map it in mapping.vendors.table"])
            }
        }
        vendorOutcomes[procoreID] = outcome
        return outcome
    }

    /// A vendor staged in this run that no document referred to: created in Sage when it is
    /// active and Sage does not have it (and the mapping may allocate a number).
    func processStagedVendor(_ staged: StagedRecord) throws {
        let vendor: Vendor
        switch decode(Vendor.self, staged) {
        case .success(let v): vendor = v
        case .failure(let failure):
            try settle(staged, kind: .vendors, built: .failure(failure))
            vendorOutcomes[staged.record.id] = .failed(failure.reasons)
            return
        }
        guard vendor.isActive != false else {
            try retire(staged, kind: .vendors)
            count(.vendors) { $0.notEligible += 1 }
            return
        }
        // Without create_missing, an unreferenced vendor Sage lacks is simply not needed yet.
        let ref = ProcoreVendorRef(id: vendor.id, name: vendor.name ?? "", originID: vendor.originID)
        if !t.mapping.vendors.createMissing {
            var probe = vendors
            guard case .success(let resolution) = probe.resolve(ref), !resolution.existsInSage else {
                count(.vendors) { $0.notEligible += 1 }
                return
            }
        }
        _ = try self.vendor(vendor.id, nameHint: vendor.name)
    }

    /// The `APVendor` for a staged Procore vendor and its chosen number.
    func buildVendor(_ staged: StagedRecord, resolution: VendorResolution) -> Result<DocumentDraft, BuildFailure> {
        let vendor: Vendor
        switch decode(Vendor.self, staged) {
        case .success(let v): vendor = v
        case .failure(let failure): return .failure(failure)
        }
        let rawName = (vendor.name ?? vendor.company ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let label = "vendor \(vendor.id) (\(SageText.shown(rawName)))"
        var adjusted: [TransformSummary.AdjustedValue] = []
        var reasons: [String] = []
        let nameLimit = 30
        var name = rawName
        if rawName.isEmpty {
            reasons.append("\(label): the vendor has no name in Procore; enter one in the Procore company directory")
        } else if rawName.count > nameLimit {
            switch t.options.vendorNamePolicy {
            case .reject:
                hint(.vendorName(vendorID: vendor.id, name: rawName))
                reasons.append("\(label): VendorName is \(rawName.count) characters; Sage 100 allows \(nameLimit). Shorten the name in the Procore company directory, or set the vendor name policy to truncate")
            case .truncate:
                name = fit(rawName, nameLimit, field: "VendorName", record: label, adjusted: &adjusted)
            }
        }
        // Procore keeps the street address in one field; Sage has three lines of 30.
        let addressLines = (vendor.address ?? "").split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if addressLines.count > 3 {
            adjusted.append(.init(record: label, field: "AddressLine3", original: addressLines.joined(separator: " / "),
                                  written: addressLines.prefix(3).joined(separator: " / "),
                                  reason: "Sage 100 has three address lines; the rest was left out"))
        }
        func line(_ i: Int) -> String {
            i < addressLines.count ? fit(addressLines[i], 30, field: "AddressLine\(i + 1)", record: label, adjusted: &adjusted) : ""
        }
        var state = (vendor.stateCode ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !state.isEmpty && (state.count != 2 || !state.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) })) {
            adjusted.append(.init(record: label, field: "State", original: state, written: "",
                                  reason: "State must be a 2-letter code in Sage 100; left empty"))
            state = ""
        }
        var country = (vendor.countryCode ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if country.count > 3 {
            adjusted.append(.init(record: label, field: "CountryCode", original: country, written: "",
                                  reason: "CountryCode allows 3 characters in Sage 100; left empty"))
            country = ""
        }
        let record = APVendor(
            apDivisionNo: resolution.apDivisionNo, vendorNo: resolution.vendorNo, vendorName: name,
            addressLine1: line(0), addressLine2: line(1), addressLine3: line(2),
            city: fit(vendor.city, 20, field: "City", record: label, adjusted: &adjusted),
            state: state,
            zipCode: fit(vendor.zip, 10, field: "ZipCode", record: label, adjusted: &adjusted).uppercased(),
            countryCode: country,
            telephoneNo: fit(vendor.businessPhone, 17, field: "TelephoneNo", record: label, adjusted: &adjusted),
            emailAddress: fit(vendor.emailAddress, 250, field: "EmailAddress", record: label, adjusted: &adjusted),
            termsCode: t.mapping.termsCode ?? "")
        if !reasons.isEmpty { return .failure(BuildFailure(reasons, label: label)) }
        let pair = vendorPairs[vendor.id] ?? IdentityPair(resource: VendorResolver.resource, procoreID: vendor.id,
                                                          sageKey: resolution.sageKey)
        return .success(DocumentDraft(record: record, label: label, identities: [pair], vendorIDs: [vendor.id],
                                      amounts: [], targetKey: resolution.sageKey, adjusted: adjusted))
    }

    /// The vendor of a document, or the reasons it cannot be used, prefixed with the document.
    func documentVendor(_ procoreID: Int64?, nameHint: String?, label: String) throws -> Result<VendorResolution, BuildFailure> {
        guard let procoreID else {
            return .failure(BuildFailure("\(label): it names no vendor in Procore; set the vendor on the commitment in Procore and pull again"))
        }
        switch try vendor(procoreID, nameHint: nameHint) {
        case .ready(let resolution): return .success(resolution)
        case .failed(let reasons):
            // A name too long for Sage is the usual reason; the document is released with the vendor.
            if t.options.vendorNamePolicy == .reject, let vendor = index.vendor(procoreID)?.vendor,
               let name = (vendor.name ?? vendor.company)?.trimmingCharacters(in: .whitespacesAndNewlines), name.count > 30 {
                hint(.vendorName(vendorID: procoreID, name: name))
            }
            return .failure(BuildFailure(reasons.map { "\(label): \($0)" }, blockedBy: Ledger.lookupKey(resource: "vendors", id: procoreID)))
        }
    }
}
