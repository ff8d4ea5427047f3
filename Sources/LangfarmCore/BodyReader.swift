/// Reads typed fields out of a JSON object and names the offending field when a type is wrong.
struct BodyReader {
    /// The longest id Langfarm accepts, as Langfuse limits envelope ids.
    static let maxIdLength = 800

    let object: [String: JSONValue]
    let path: String

    init(_ object: [String: JSONValue], path: String) {
        self.object = object
        self.path = path
    }

    private func raw(_ key: String) -> Field<JSONValue> {
        guard let value = object[key] else { return .absent }
        return value == .null ? .null : .value(value)
    }

    private func typeError(_ key: String, expected: String, got value: JSONValue) -> ValidationError {
        ValidationError("\(path).\(key): expected \(expected), got \(value.kindDescription)")
    }

    func any(_ key: String) -> Field<JSONValue> { raw(key) }

    /// A text field. A NUL character is refused, in every text field a row keeps as a column
    /// (ids, names, user and session ids, tags…): SQLite reads text up to it, so "a\u0000b" would
    /// read back as "a", and PostgreSQL's text cannot hold it at all. JSON values (input,
    /// output, metadata) keep it, escaped.
    func string(_ key: String, maxLength: Int? = nil) throws(ValidationError) -> Field<String> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.string(let text)):
            if let maxLength, text.count > maxLength {
                throw ValidationError("\(path).\(key): must be at most \(maxLength) characters, got \(text.count)")
            }
            try refuseNul(text, key)
            return .value(text)
        case .value(let other): throw typeError(key, expected: "a string", got: other)
        }
    }

    private func refuseNul(_ text: String, _ key: String) throws(ValidationError) {
        if text.utf8.contains(0) {
            throw ValidationError("\(path).\(key): must not contain the NUL character (\\u0000)")
        }
    }

    /// An identifier: a non-empty string of at most 800 characters, without NUL (see `string`).
    /// Any format is fine (UUIDs, OpenTelemetry hex ids, free strings); ids are stored exactly
    /// as sent.
    func id(_ key: String) throws(ValidationError) -> Field<String> {
        let field = try string(key, maxLength: Self.maxIdLength)
        if case .value(let text) = field, text.isEmpty {
            throw ValidationError("\(path).\(key): must not be empty")
        }
        return field
    }

    func requiredId(_ key: String) throws(ValidationError) -> String {
        guard case .value(let id) = try id(key) else {
            throw ValidationError("\(path).\(key): is required")
        }
        return id
    }

    func number(_ key: String) throws(ValidationError) -> Field<Double> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.number(let number)): return .value(number)
        case .value(let other): throw typeError(key, expected: "a number", got: other)
        }
    }

    func integer(_ key: String) throws(ValidationError) -> Field<Int> {
        let field = try number(key)
        if case .value(let number) = field {
            guard number == number.rounded(), abs(number) < 1e15 else {
                throw ValidationError("\(path).\(key): expected an integer, got \(number)")
            }
            return .value(Int(number))
        }
        return field.mapNonValue()
    }

    func bool(_ key: String) throws(ValidationError) -> Field<Bool> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.bool(let flag)): return .value(flag)
        case .value(let other): throw typeError(key, expected: "a boolean", got: other)
        }
    }

    func object(_ key: String) throws(ValidationError) -> Field<[String: JSONValue]> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.object(let members)): return .value(members)
        case .value(let other): throw typeError(key, expected: "an object", got: other)
        }
    }

    func stringArray(_ key: String) throws(ValidationError) -> Field<[String]> {
        switch raw(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(.array(let items)):
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item else {
                    throw ValidationError("\(path).\(key): expected an array of strings, found \(item.kindDescription)")
                }
                try refuseNul(text, key)
                strings.append(text)
            }
            return .value(strings)
        case .value(let other): throw typeError(key, expected: "an array of strings", got: other)
        }
    }

    /// An ISO-8601 date-time, returned in epoch milliseconds.
    func timestamp(_ key: String) throws(ValidationError) -> Field<EpochMillis> {
        switch try string(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(let text):
            guard let millis = ISO8601.parse(text) else {
                throw ValidationError("\(path).\(key): '\(text.prefix(64))' is not an ISO-8601 date-time")
            }
            return .value(millis)
        }
    }

    /// One of a fixed set of upper-case values.
    func enumeration(_ key: String, allowed: Set<String>) throws(ValidationError) -> Field<String> {
        let field = try string(key)
        if case .value(let text) = field, !allowed.contains(text) {
            throw ValidationError("\(path).\(key): must be one of \(allowed.sorted().joined(separator: ", ")), got '\(text.prefix(64))'")
        }
        return field
    }
}
