import XML

/// Errors building, sending or reading eBusiness envelopes. Each says what happened and
/// what to do.
public enum EBusinessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration value is unusable.
    case configuration(field: String, message: String)
    /// A value given to an envelope builder cannot be sent (names record and field).
    case invalidInput(record: String, field: String, message: String)
    /// The user/password was refused, or the user is not enabled for web services.
    case logonFailure(EBusinessFault)
    /// `CI_NoKey`: the key (customer or sales order number) is missing or invalid.
    case noKey(EBusinessFault)
    /// `CI_NOF`: the record is not on file.
    case notFound(EBusinessFault)
    /// `CI_CharLength`: a value exceeds a Sage field length.
    case fieldTooLong(EBusinessFault)
    /// `WS_AlreadyExists`: the record exists already.
    case alreadyExists(EBusinessFault)
    /// "An exception occurred.": Sage gave no reason.
    case serviceException(EBusinessFault)
    /// Any other SOAP fault.
    case fault(EBusinessFault)
    /// The XML is well-formed but is not the envelope expected (names what is missing).
    case malformedEnvelope(String)
    /// The XML itself was refused (malformed, DOCTYPE/entities, too large …).
    case xml(XMLError)

    /// Maps a SOAP fault to its typed error.
    public init(fault: EBusinessFault) {
        switch fault.kind {
        case .logonFailure: self = .logonFailure(fault)
        case .noKey: self = .noKey(fault)
        case .notFound: self = .notFound(fault)
        case .fieldTooLong: self = .fieldTooLong(fault)
        case .alreadyExists: self = .alreadyExists(fault)
        case .exception: self = .serviceException(fault)
        case .other: self = .fault(fault)
        }
    }

    /// The fault behind this error, when it came from the service.
    public var fault: EBusinessFault? {
        switch self {
        case .logonFailure(let f), .noKey(let f), .notFound(let f), .fieldTooLong(let f),
            .alreadyExists(let f), .serviceException(let f), .fault(let f):
            return f
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .configuration(let field, let message):
            return "eBusiness configuration: \(field): \(message)."
        case .invalidInput(let record, let field, let message):
            return "\(record): \(field): \(message)."
        case .logonFailure(let f):
            return "Sage eBusiness logon failed (\(f.faultString)). Check the user name and password in the credential store, "
                + "and that the user is enabled for web services for this company."
        case .noKey(let f):
            return "Sage rejected the record key (CI_NoKey): \(f.faultString). Supply a valid customer/sales order number."
        case .notFound(let f):
            return "Sage has no such record (CI_NOF): \(f.faultString). Check the number and AR division."
        case .fieldTooLong(let f):
            return "A value is longer than Sage allows (CI_CharLength): \(f.faultString). Shorten the field named in the message."
        case .alreadyExists(let f):
            return "The record already exists in Sage (WS_AlreadyExists): \(f.faultString). Use the existing record or update it."
        case .serviceException(let f):
            return "Sage eBusiness reported an unexpected error (\(f.faultString)). Check the Sage server's activity log; retry later."
        case .fault(let f):
            return "Sage eBusiness returned \(f)."
        case .malformedEnvelope(let message):
            return "Not a valid eBusiness SOAP envelope: \(message)."
        case .xml(let error):
            return error.description
        }
    }
}
