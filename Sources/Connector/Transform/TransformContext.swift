import Crypto
import Foundation

/// What every transform decision depends on besides the Procore records themselves: the
/// mapping, the transform's choices and Sage's reference data (account structure, GL accounts,
/// vendors). Its fingerprint is stored in the ledger after each transform; when it changes,
/// every invalid record is checked again (a mapping row, a new Sage account or vendor may fix it).
enum TransformContext {
    /// A sha256 of a canonical description of the mapping, the options that change documents
    /// and the reference data: the same in every process (dictionaries and sets are sorted).
    static func fingerprint(mapping: MappingConfiguration, reference: ReferenceData, options: TransformOptions) -> String {
        var text = ""
        canonical(mapping, into: &text)
        text += "|options:\(options.vendorNamePolicy.rawValue),\(options.allOrNothing)|reference:"
        canonical(reference.company, into: &text)
        canonical(reference.structure, into: &text)
        canonical(reference.accounts, into: &text)
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The Sage vendors a transform resolves against (`APDivisionNo + VendorNo`, sorted), kept
    /// apart from the fingerprint: the connector creates vendors every run, and a new vendor
    /// should check again only the records that resolved to it or failed to resolve at all.
    static func sageVendorKeys(_ reference: ReferenceData) -> [String] {
        Set(reference.vendors.map(\.sageKey)).sorted()
    }

    /// `sage-vendors`, the lookup key of every record whose vendor did not resolve, when Sage's
    /// vendors changed between two lists; none otherwise.
    static func changedVendorKeys(before: [String]?, now: [String]) -> Set<String> {
        guard let before, before != now else { return [] }
        return ["sage-vendors"]
    }

    /// Appends a description of `value` that does not depend on hash order.
    static func canonical(_ value: Any, into text: inout String) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .dictionary, .set:
            var parts: [String] = []
            for child in mirror.children {
                var part = ""
                canonical(child.value, into: &part)
                parts.append(part)
            }
            text += "{" + parts.sorted().joined(separator: ",") + "}"
        case .optional:
            if let child = mirror.children.first { canonical(child.value, into: &text) } else { text += "nil" }
        case .collection, .tuple:
            text += "["
            for child in mirror.children {
                if let label = child.label, !label.hasPrefix(".") { text += label + ":" }
                canonical(child.value, into: &text)
                text += ","
            }
            text += "]"
        case .struct, .class, .enum:
            text += "\(mirror.subjectType)("
            if mirror.displayStyle == .enum, mirror.children.isEmpty { text += String(describing: value) }
            for child in mirror.children {
                text += (child.label ?? "_") + ":"
                canonical(child.value, into: &text)
                text += ","
            }
            text += ")"
        default:
            text += String(describing: value)
        }
    }
}
