/// One column of a folded patch as a member of its stored JSON object (`MergedRecord.storedText`):
/// left out while `absent`, `null` for an explicit null, else the value. Keeping all three
/// states is what lets a later event fold into the stored record exactly as into the original.
struct StoredColumn<Record>: Sendable {
    let name: String
    let encode: @Sendable (Record, inout [String: JSONValue]) -> Void
    /// False when the member is there but not of the column's type.
    let decode: @Sendable (inout Record, [String: JSONValue]) -> Bool

    init<Value: StoredColumnValue>(_ name: String, _ path: any WritableKeyPath<Record, Field<Value>> & Sendable) {
        self.name = name
        encode = { record, members in
            switch record[keyPath: path] {
            case .absent: return
            case .null: members[name] = .null
            case .value(let value): members[name] = value.storedJSON
            }
        }
        decode = { record, members in
            guard let member = members[name] else { return true }
            if case .null = member {
                record[keyPath: path] = .null
                return true
            }
            guard let value = Value(storedJSON: member) else { return false }
            record[keyPath: path] = .value(value)
            return true
        }
    }

    static func encode(_ record: Record, _ columns: [StoredColumn<Record>]) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for column in columns { column.encode(record, &members) }
        return members
    }

    static func decode(_ members: [String: JSONValue], into record: inout Record, _ columns: [StoredColumn<Record>]) -> Bool {
        columns.allSatisfy { $0.decode(&record, members) }
    }
}

/// A column value that round-trips through JSON unchanged.
protocol StoredColumnValue: Sendable {
    var storedJSON: JSONValue { get }
    init?(storedJSON: JSONValue)
}

extension String: StoredColumnValue {
    var storedJSON: JSONValue { .string(self) }
    init?(storedJSON: JSONValue) {
        guard let value = storedJSON.stringValue else { return nil }
        self = value
    }
}

extension Double: StoredColumnValue {
    var storedJSON: JSONValue { .number(self) }
    init?(storedJSON: JSONValue) {
        guard let value = storedJSON.numberValue else { return nil }
        self = value
    }
}

/// Epoch milliseconds: exact as JSON numbers up to 2^53 ms, some 285,000 years.
extension Int64: StoredColumnValue {
    var storedJSON: JSONValue { .number(Double(self)) }
    init?(storedJSON: JSONValue) {
        guard let value = storedJSON.numberValue.flatMap(Int64.init(exactly:)) else { return nil }
        self = value
    }
}

extension Int: StoredColumnValue {
    var storedJSON: JSONValue { .number(Double(self)) }
    init?(storedJSON: JSONValue) {
        guard let value = storedJSON.numberValue.flatMap(Int.init(exactly:)) else { return nil }
        self = value
    }
}

extension Bool: StoredColumnValue {
    var storedJSON: JSONValue { .bool(self) }
    init?(storedJSON: JSONValue) {
        guard let value = storedJSON.boolValue else { return nil }
        self = value
    }
}

extension JSONValue: StoredColumnValue {
    var storedJSON: JSONValue { self }
    init?(storedJSON: JSONValue) { self = storedJSON }
}

extension Dictionary: StoredColumnValue where Key == String, Value: StoredColumnValue {
    var storedJSON: JSONValue { .object(mapValues(\.storedJSON)) }
    init?(storedJSON: JSONValue) {
        guard let members = storedJSON.objectValue else { return nil }
        var values: [String: Value] = [:]
        for (key, member) in members {
            guard let value = Value(storedJSON: member) else { return nil }
            values[key] = value
        }
        self = values
    }
}

extension Array: StoredColumnValue where Element: StoredColumnValue {
    var storedJSON: JSONValue { .array(map(\.storedJSON)) }
    init?(storedJSON: JSONValue) {
        guard let items = storedJSON.arrayValue else { return nil }
        var values: [Element] = []
        for item in items {
            guard let value = Element(storedJSON: item) else { return nil }
            values.append(value)
        }
        self = values
    }
}
