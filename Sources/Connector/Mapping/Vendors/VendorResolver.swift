import Sage100

/// Finds the Sage vendor number for each Procore vendor, the same one on every run.
///
/// Order: the vendor's `origin_id` when it names a vendor in Sage's list (as `VendorNo` or
/// `APDivisionNo-VendorNo`), then `mapping.vendors.table`, then the pairing an earlier run
/// recorded in the identity map, then (with `create_missing`) a new number from the scheme:
/// prefix + the Procore id modulo 10^width, zero-padded, moving to the next number (wrapping)
/// while the number is in Sage, paired in the identity map with another vendor, or handed out
/// earlier in this run. New pairings are collected in ``allocations`` for the caller to record
/// in the ledger.
public struct VendorResolver: Sendable {
    /// The identity-map resource for vendors.
    public static let resource = SageDocumentKind.vendors.rawValue
    /// Most numbers tried before giving up.
    public static let maxProbes = 100_000

    /// The mapping in force (vendors, AP division).
    public let configuration: MappingConfiguration
    let sageVendorNumbers: Set<String>
    let identities: any IdentityLookup
    /// Numbers claimed in this run: VendorNo -> Procore id.
    var claimed: [String: Int64] = [:]
    /// Vendors resolved in this run.
    var resolved: [Int64: VendorResolution] = [:]
    /// Pairs made in this run that are not in the identity map yet.
    public private(set) var allocations: [IdentityAllocation] = []

    /// `sageVendors` is Sage's vendor list; only vendors in the configured AP division count.
    public init(configuration: MappingConfiguration, sageVendors: [APVendor], identities: any IdentityLookup) {
        self.init(configuration: configuration,
                  sageVendorNumbers: Set(sageVendors.filter { $0.apDivisionNo == configuration.apDivision }.map(\.vendorNo)),
                  identities: identities)
    }

    /// `sageVendorNumbers` are the `VendorNo`s in the configured AP division.
    public init(configuration: MappingConfiguration, sageVendorNumbers: Set<String>, identities: any IdentityLookup) {
        self.configuration = configuration
        self.sageVendorNumbers = sageVendorNumbers
        self.identities = identities
    }

    var division: String { configuration.apDivision }

    /// Resolves one vendor. A successful resolution that pairs the vendor for the first time
    /// appends to ``allocations``.
    public mutating func resolve(_ vendor: ProcoreVendorRef) -> Result<VendorResolution, VendorResolutionError> {
        if let earlier = resolved[vendor.id] { return .success(earlier) }
        let result = choose(vendor)
        if case .success(let resolution) = result { resolved[vendor.id] = resolution }
        return result
    }

    mutating func choose(_ vendor: ProcoreVendorRef) -> Result<VendorResolution, VendorResolutionError> {
        let label = vendor.label
        let recorded: String?
        do {
            recorded = try identities.sageKey(resource: VendorResolver.resource, procoreID: vendor.id).map(vendorNo(fromKey:))
        } catch {
            return .failure(.lookupFailed(vendor: label, reason: "\(error)"))
        }
        let origin = originVendorNo(vendor.originID)
        var note: String?
        if let originText = vendor.originID?.trimmingWhitespace, !originText.isEmpty, origin == nil {
            note = "origin_id '\(SafeText.shown(originText))' is not a Sage vendor in division \(division); ignored"
        }

        var found: (vendorNo: String, source: VendorMatchSource)?
        if let origin {
            found = (origin, .originID)
        } else if let tableNo = configuration.vendors.table[vendor.id] {
            guard sageVendorNumbers.contains(tableNo) else {
                return .failure(.tableVendorNotInSage(vendor: label, procoreID: vendor.id, vendorNo: tableNo, division: division))
            }
            found = (tableNo, .table)
        }

        if let found {
            if let recorded, recorded != found.vendorNo {
                return .failure(.identityConflict(vendor: label, recorded: recorded, found: found.vendorNo, source: found.source))
            }
            if recorded == nil {
                do {
                    if let other = try owner(of: found.vendorNo), other != vendor.id {
                        return .failure(.vendorNoTaken(vendor: label, vendorNo: found.vendorNo, otherProcoreID: other, source: found.source))
                    }
                } catch {
                    return .failure(.lookupFailed(vendor: label, reason: "\(error)"))
                }
                record(vendor.id, found.vendorNo, reason: found.source == .originID ? "origin_id" : "mapping.vendors.table")
            }
            return .success(VendorResolution(procoreVendorID: vendor.id, apDivisionNo: division, vendorNo: found.vendorNo,
                                             source: found.source, existsInSage: true, note: note))
        }

        if let recorded {
            claimed[recorded] = vendor.id
            return .success(VendorResolution(procoreVendorID: vendor.id, apDivisionNo: division, vendorNo: recorded,
                                             source: .identityMap, existsInSage: sageVendorNumbers.contains(recorded), note: note))
        }

        guard configuration.vendors.createMissing, let scheme = configuration.vendors.numberScheme else {
            return .failure(.notMapped(vendor: label, originID: vendor.originID?.trimmingWhitespace.nilIfEmpty, division: division))
        }
        let capacity = scheme.capacity
        let start = ((vendor.id % capacity) + capacity) % capacity
        let tries = Int(min(capacity, Int64(VendorResolver.maxProbes)))
        for step in 0..<Int64(tries) {
            let candidate = scheme.number((start + step) % capacity)
            if sageVendorNumbers.contains(candidate) { continue }
            do {
                if try owner(of: candidate) != nil { continue }
            } catch {
                return .failure(.lookupFailed(vendor: label, reason: "\(error)"))
            }
            let reason = step == 0
                ? "number_scheme: Procore id \(vendor.id) mod \(capacity)"
                : "number_scheme: Procore id \(vendor.id) mod \(capacity), moved on \(step) place\(step == 1 ? "" : "s") past numbers in use"
            record(vendor.id, candidate, reason: reason)
            return .success(VendorResolution(procoreVendorID: vendor.id, apDivisionNo: division, vendorNo: candidate,
                                             source: .allocated, existsInSage: false, note: note))
        }
        return .failure(.numberSpaceFull(vendor: label, range: scheme.rangeText, tries: tries))
    }

    /// Resolves many vendors in Procore id order (so allocations do not depend on input order).
    public mutating func resolveAll(_ vendors: [ProcoreVendorRef]) -> VendorResolutionBatch {
        var batch = VendorResolutionBatch()
        for vendor in vendors.sorted(by: { $0.id < $1.id }) {
            switch resolve(vendor) {
            case .success(let resolution): batch.resolutions.append(resolution)
            case .failure(let error): batch.failures.append(VendorResolutionFailure(procoreVendorID: vendor.id, error: error))
            }
        }
        batch.allocations = allocations
        return batch
    }

    /// The Procore vendor holding `vendorNo` in this run or the identity map.
    func owner(of vendorNo: String) throws -> Int64? {
        if let id = claimed[vendorNo] { return id }
        return try identities.procoreID(resource: VendorResolver.resource, sageKey: SageDocumentKey.vendor(division: division, vendorNo: vendorNo))
    }

    mutating func record(_ id: Int64, _ vendorNo: String, reason: String) {
        claimed[vendorNo] = id
        allocations.append(IdentityAllocation(resource: VendorResolver.resource, procoreID: id,
                                              sageKey: SageDocumentKey.vendor(division: division, vendorNo: vendorNo), reason: reason))
    }

    /// Strips the division from an identity-map key.
    func vendorNo(fromKey key: String) -> String {
        SageDocumentKey.after(division, in: key) ?? key
    }

    /// The Sage vendor number an origin_id names, if it is one in Sage's list.
    func originVendorNo(_ originID: String?) -> String? {
        guard let text = originID?.trimmingWhitespace.uppercased(), !text.isEmpty else { return nil }
        if sageVendorNumbers.contains(text) { return text }
        let divisionPrefix = division + "-"
        if text.hasPrefix(divisionPrefix) {
            let rest = String(text.dropFirst(divisionPrefix.count))
            if sageVendorNumbers.contains(rest) { return rest }
        }
        return nil
    }
}

/// The outcome of ``VendorResolver/resolveAll(_:)``.
public struct VendorResolutionBatch: Sendable, Hashable, Codable {
    public var resolutions: [VendorResolution] = []
    public var failures: [VendorResolutionFailure] = []
    /// New pairs to record in the ledger identity map.
    public var allocations: [IdentityAllocation] = []
}

/// One vendor that could not be resolved.
public struct VendorResolutionFailure: Sendable, Hashable, Codable {
    public var procoreVendorID: Int64
    public var error: VendorResolutionError
    /// The error in words.
    public var message: String { error.description }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
