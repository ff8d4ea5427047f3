import Foundation
import LangfarmCore
import LangfarmStore
@testable import LangfarmKafka

/// Validates a JSON document against the subset of JSON Schema that `JSONSchemaGenerator`
/// writes: `type` (one or a list), `required`, `properties`, `additionalProperties` (a boolean
/// or a schema), `items`, `pattern`, and `contentMediaType: application/json` (the string must
/// parse as JSON). Any other keyword fails validation, so a generator change cannot slip past
/// a validator that ignores it.
struct SchemaValidator {
    let schema: JSONValue

    /// The validator for the JSON Schema the contract publishes for `kind`'s topic.
    static func contract(for kind: EntityKind) throws -> SchemaValidator {
        SchemaValidator(schema: try JSONValue.parse(Data(LakeContract.jsonSchema(kind: kind).utf8)))
    }

    private static let annotations: Set<String> = ["$schema", "title", "description", "format"]
    private static let understood: Set<String> = [
        "type", "required", "properties", "additionalProperties", "items", "pattern", "contentMediaType",
    ]

    /// The problems found, each with the JSON path where it was found; empty when valid.
    func errors(in document: JSONValue) -> [String] {
        var errors: [String] = []
        validate(document, against: schema, at: "$", errors: &errors)
        return errors
    }

    private func validate(_ value: JSONValue, against schema: JSONValue, at path: String, errors: inout [String]) {
        guard let keywords = schema.objectValue else { return errors.append("\(path): schema is not an object") }
        for keyword in keywords.keys where !Self.annotations.contains(keyword) && !Self.understood.contains(keyword) {
            errors.append("\(path): the validator does not know the keyword \(keyword)")
        }
        if let type = keywords["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            guard allowed.contains(where: { Self.matches(value, type: $0) }) else {
                return errors.append("\(path): \(value.kindDescription) is not of type \(allowed.joined(separator: " or "))")
            }
        }
        if let pattern = keywords["pattern"]?.stringValue, case .string(let text) = value {
            do {
                if !text.contains(try Regex(pattern)) { errors.append("\(path): \"\(text)\" does not match \(pattern)") }
            } catch {
                errors.append("\(path): bad pattern \(pattern): \(error)")
            }
        }
        if keywords["contentMediaType"]?.stringValue == "application/json", case .string(let text) = value,
           JSONValue.parseStored(text) == nil {
            errors.append("\(path): the string is not JSON text")
        }
        if case .array(let elements) = value, let items = keywords["items"] {
            for (index, element) in elements.enumerated() {
                validate(element, against: items, at: "\(path)[\(index)]", errors: &errors)
            }
        }
        if case .object(let members) = value {
            validateObject(members, keywords, at: path, errors: &errors)
        }
    }

    private func validateObject(_ members: [String: JSONValue], _ keywords: [String: JSONValue], at path: String, errors: inout [String]) {
        for name in keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            errors.append("\(path): missing required \(name)")
        }
        let properties = keywords["properties"]?.objectValue ?? [:]
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[name] {
                validate(member, against: propertySchema, at: "\(path).\(name)", errors: &errors)
            } else if let additional = keywords["additionalProperties"] {
                if additional.boolValue == false {
                    errors.append("\(path): \(name) is not allowed")
                } else if additional.objectValue != nil {
                    validate(member, against: additional, at: "\(path).\(name)", errors: &errors)
                }
            }
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number):
            true
        case ("integer", .number(let number)):
            number == number.rounded()
        default:
            false
        }
    }
}
