import JSON

/// A Sage model that writes its agent JSON (the `record` of an import) straight into a
/// ``JSONWriter``: the same bytes as encoding it and writing the value (members sorted by
/// key), without building a `JSONValue` through `Codable` first. The transform writes one per
/// document, so the kinds a pay cycle writes by the thousand conform.
public protocol AgentJSONWritable {
    func writeAgentJSON(_ writer: inout JSONWriter)
}

extension APInvoice: AgentJSONWritable {
    public func writeAgentJSON(_ writer: inout JSONWriter) {
        // Members in the byte order of their names, as JSONWriter sorts them.
        writer.append("{")
        writer.member(CodingKeys.apDivisionNo.rawValue, first: true); writer.write(string: apDivisionNo)
        if let batchNo { writer.member(CodingKeys.batchNo.rawValue); writer.write(string: batchNo) }
        writer.member(CodingKeys.comment.rawValue); writer.write(string: comment)
        writer.member(CodingKeys.holdPayment.rawValue); writer.write(string: holdPayment ? "Y" : "N")
        writer.member(CodingKeys.invoiceAmt.rawValue); writer.write(string: SageDecimal.moneyText(invoiceAmt))
        writer.member(CodingKeys.invoiceDate.rawValue); writer.write(string: invoiceDate.yyyymmdd)
        writer.member(CodingKeys.invoiceDueDate.rawValue); writer.write(string: invoiceDueDate?.yyyymmdd ?? "")
        writer.member(CodingKeys.invoiceNo.rawValue); writer.write(string: invoiceNo)
        writer.member(CodingKeys.jobNo.rawValue); writer.write(string: jobNo)
        writer.member(CodingKeys.retentionAmt.rawValue); writer.write(string: SageDecimal.moneyText(retentionAmt))
        writer.member(CodingKeys.termsCode.rawValue); writer.write(string: termsCode)
        writer.member(CodingKeys.vendorNo.rawValue); writer.write(string: vendorNo)
        writer.member(CodingKeys.lines.rawValue)
        writer.append("[")
        for (index, line) in lines.enumerated() {
            if index > 0 { writer.append(",") }
            line.writeAgentJSON(&writer)
        }
        writer.append("]")
        writer.append("}")
    }
}

extension APInvoiceLine: AgentJSONWritable {
    public func writeAgentJSON(_ writer: inout JSONWriter) {
        writer.append("{")
        writer.member(CodingKeys.accountKey.rawValue, first: true); writer.write(string: accountKey)
        writer.member(CodingKeys.commentText.rawValue); writer.write(string: commentText)
        writer.member(CodingKeys.costCode.rawValue); writer.write(string: costCode)
        writer.member(CodingKeys.costType.rawValue); writer.write(string: costType)
        writer.member(CodingKeys.distributionAmt.rawValue); writer.write(string: SageDecimal.moneyText(distributionAmt))
        writer.member(CodingKeys.jobNo.rawValue); writer.write(string: jobNo)
        if let lineKey { writer.member(CodingKeys.lineKey.rawValue); writer.write(string: lineKey) }
        writer.append("}")
    }
}
