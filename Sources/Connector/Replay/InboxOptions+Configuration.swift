extension InboxOptions {
    /// The inbox, staging folder, cost-code table and Procore company of a run configuration.
    public init(configuration: RunConfiguration) {
        self.init(inboxDirectory: configuration.inboxDirectory, stagingDirectory: configuration.stagingDirectory,
                  mappingTablePath: configuration.mappingTablePath, companyID: configuration.base.procore.companyID,
                  settleSeconds: configuration.inboxSettleSeconds)
    }
}
