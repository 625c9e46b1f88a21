/// `GetContractInformationResult`: versions of the service contract and assembly, and the
/// value the service uses for a null date-time.
public struct EBusinessContractInformation: Sendable, Equatable, Codable {
    public var contractVersion: String
    public var assemblyVersion: String
    public var nullDateTime: String

    public init(contractVersion: String, assemblyVersion: String, nullDateTime: String) {
        self.contractVersion = contractVersion
        self.assemblyVersion = assemblyVersion
        self.nullDateTime = nullDateTime
    }
}
