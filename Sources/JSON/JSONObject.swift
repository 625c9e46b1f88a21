/// The members of a JSON object in source order.
///
/// Reads like a dictionary (`object["VendorNo"]`, the last value when a key repeats) and keeps
/// the order it was written or parsed in. Two objects are equal when they hold the same
/// members in the same order.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// The members as parsed or built, repeats included.
    public private(set) var members: [(String, JSONValue)]

    public init() { members = [] }

    public init(_ members: [(String, JSONValue)]) { self.members = members }

    /// The literal's members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { members = elements }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> (String, JSONValue) { members[position] }

    /// The value of `key` (the last one if repeated). Setting replaces that value in place,
    /// or appends the key when it is new; setting nil removes every member named `key`.
    public subscript(key: String) -> JSONValue? {
        get { members.last(where: { $0.0 == key })?.1 }
        set {
            guard let newValue else {
                members.removeAll { $0.0 == key }
                return
            }
            if let index = members.lastIndex(where: { $0.0 == key }) {
                members[index].1 = newValue
            } else {
                members.append((key, newValue))
            }
        }
    }

    /// The keys in order (a repeated key as often as it stands).
    public var keys: [String] { members.map(\.0) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for (key, value) in members {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}
