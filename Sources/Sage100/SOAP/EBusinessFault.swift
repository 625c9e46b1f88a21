/// A SOAP 1.1 fault returned by eBusiness Web Services.
public struct EBusinessFault: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The `faultcode` QName as sent (`soap:Client`, `soap:Server`, …).
    public var faultCode: String
    /// The `faultstring` (Sage's message).
    public var faultString: String
    /// The text of `detail`, if any (the Sage error code, e.g. `CI_NoKey`).
    public var detail: String?

    public init(faultCode: String, faultString: String, detail: String? = nil) {
        self.faultCode = faultCode
        self.faultString = faultString
        self.detail = detail
    }

    /// What kind of failure this fault reports, recognised from Sage's codes and texts.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// "Logon failure: …": wrong user/password or user not enabled for web services.
        case logonFailure
        /// `CI_NoKey`: the record key is missing or invalid.
        case noKey = "CI_NoKey"
        /// `CI_NOF`: record not on file.
        case notFound = "CI_NOF"
        /// `CI_CharLength`: a value is longer than the field allows.
        case fieldTooLong = "CI_CharLength"
        /// `WS_AlreadyExists`: the record already exists.
        case alreadyExists = "WS_AlreadyExists"
        /// "An exception occurred.": an unexpected error inside the service.
        case exception
        /// Any other fault.
        case other
    }

    /// The recognised kind (codes are looked for in faultcode, detail and faultstring).
    public var kind: Kind {
        let haystacks = [faultCode, detail ?? "", faultString]
        for kind in [Kind.noKey, .notFound, .fieldTooLong, .alreadyExists] {
            if haystacks.contains(where: { $0.contains(kind.rawValue) }) { return kind }
        }
        if faultString.hasPrefix("Logon failure") { return .logonFailure }
        if faultString.hasPrefix("An exception occurred") { return .exception }
        return .other
    }

    public var description: String {
        var text = "SOAP fault \(faultCode): \(faultString)"
        if let detail, !detail.isEmpty { text += " [\(detail)]" }
        return text
    }
}
