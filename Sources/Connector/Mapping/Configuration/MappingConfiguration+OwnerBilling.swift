import Yams

extension MappingConfiguration {
    /// Checks that the configuration can post owner billings the way `owner_billing` says:
    /// `sales_order` needs the configuration's `ebusiness:` section (the eBusiness Web Services
    /// user, password variable and namespace). Call it where the whole file is known.
    public func checkOwnerBilling(ebusinessConfigured: Bool) throws(MappingConfigurationError) {
        guard ownerBilling == .salesOrder, !ebusinessConfigured else { return }
        throw MappingConfigurationError(
            file: file, line: nil, column: nil, field: "mapping.owner_billing",
            problem: "is sales_order but the configuration has no ebusiness: section, so sales orders cannot be sent",
            fix: "add ebusiness: { namespace: <targetNamespace of the service's ?wsdl>, username: <web services user>, password_env: SAGE_EBUSINESS_PASSWORD }, or set owner_billing: journal_entry")
    }

    /// One of a setting's few values (`owner_billing`, `change_orders`, `payments`), or an error
    /// saying what each value means and which to write.
    static func mode<Mode: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _ reader: YAMLSection,
                                                           what: String, meaning: String) throws(MappingConfigurationError) -> Mode
        where Mode.RawValue == String {
        let choices = Mode.allCases.map(\.rawValue)
        let listed = choices.dropLast().joined(separator: ", ") + (choices.count > 1 ? " or " : "") + (choices.last ?? "")
        let text = try reader.text(node, path, maxLength: 20, what: "\(what) (\(listed))")
        guard let parsed = Mode(rawValue: text) else {
            throw reader.fail(node, path, "'\(SafeText.shown(text))' is not supported; \(meaning)", "set it to \(listed), or remove it")
        }
        return parsed
    }

    static func customerSection(_ node: Node, _ path: String, _ reader: YAMLSection) throws(MappingConfigurationError) -> CustomerMappingConfiguration {
        var result = CustomerMappingConfiguration()
        var schemeNode: Node?
        for (key, _, value) in try reader.pairs(node, path, allowed: ["create_missing", "number_scheme", "table", "terms_code"]) {
            let fieldPath = "\(path).\(key)"
            if reader.isNull(value) { continue }
            switch key {
            case "create_missing":
                result.createMissing = try reader.bool(value, fieldPath)
            case "number_scheme":
                schemeNode = value
                result.numberScheme = try numberScheme(value, fieldPath, reader) { prefix, width throws(AccountTemplateProblem) in
                    try CustomerNumberScheme(prefix: prefix, width: width)
                }
            case "table":
                result.table = try keyTable(value, fieldPath, reader, procoreID: "a Procore project id",
                                            maxLength: CustomerNumberScheme.maxLength, what: "the Sage customer number") { customerNo in
                    customerNo.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) ? nil
                        : "'\(SafeText.shown(customerNo))' may hold only upper-case letters A-Z and digits 0-9 (Sage CustomerNo)"
                }
            case "terms_code":
                result.termsCode = try reader.text(value, fieldPath, maxLength: 2, what: "the Sage terms code")
            default:
                break
            }
        }
        if result.createMissing && result.numberScheme == nil {
            throw reader.fail(schemeNode ?? node, "\(path).number_scheme", "is missing but create_missing is true",
                              "add number_scheme: { prefix: \"OWN\", width: 6 } or set create_missing: false")
        }
        return result
    }

    static func salesOrderSection(_ node: Node, _ path: String, _ reader: YAMLSection) throws(MappingConfigurationError) -> SalesOrderMappingConfiguration {
        var result = SalesOrderMappingConfiguration()
        for (key, _, value) in try reader.pairs(node, path, allowed: ["item_code", "item_type"]) {
            let fieldPath = "\(path).\(key)"
            if reader.isNull(value) { continue }
            switch key {
            case "item_code":
                let code = try reader.text(value, fieldPath, maxLength: 30, what: "the Sage item code of the billing line, e.g. /PROGRESS")
                guard code == code.uppercased(), !code.contains(" ") else {
                    throw reader.fail(value, fieldPath, "'\(SafeText.shown(code))' must be upper case without spaces (Sage ItemCode)",
                                      "write it as Sage shows it, e.g. /PROGRESS")
                }
                result.itemCode = code
            case "item_type":
                let type = try reader.text(value, fieldPath, maxLength: 1, what: "the Sage item type (3 = miscellaneous charge)")
                guard ["1", "2", "3", "4", "5"].contains(type) else {
                    throw reader.fail(value, fieldPath, "'\(SafeText.shown(type))' must be 1 to 5 (3 = miscellaneous charge, 5 = miscellaneous item)")
                }
                result.itemType = type
            default:
                break
            }
        }
        return result
    }
}
