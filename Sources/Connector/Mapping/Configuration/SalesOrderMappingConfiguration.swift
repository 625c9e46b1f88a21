/// `mapping.sales_orders`: the billing line of the sales orders made from owner pay apps.
public struct SalesOrderMappingConfiguration: Sendable, Hashable, Codable {
    /// Sage `ItemCode` of the billing line (a miscellaneous charge code, e.g. `/PROGRESS`).
    public var itemCode: String
    /// Sage `ItemType` of the billing line: 1 inventory, 2 special, 3 miscellaneous charge,
    /// 4 comment, 5 miscellaneous item.
    public var itemType: String

    public static let defaultItemCode = "/PROGRESS"
    public static let defaultItemType = "3"

    public init(itemCode: String = SalesOrderMappingConfiguration.defaultItemCode,
                itemType: String = SalesOrderMappingConfiguration.defaultItemType) {
        self.itemCode = itemCode
        self.itemType = itemType
    }
}
