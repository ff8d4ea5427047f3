import Foundation
import LangfarmCore

/// One field of a lake message: its column (name, type, nullability, description) and how to
/// write its value from a record.
///
/// Fields are only made through the typed factories below, which derive the column type from
/// the Swift type the field reads and its nullability from whether that type is optional: a
/// definition cannot declare `integer` and write a string, or declare `NOT NULL` and read an
/// optional. Because the encoder writes exactly the fields of a definition, the JSON Schema and
/// the Flink columns generated from the same definition always describe what is sent.
struct LakeField<Source>: Sendable {
    let column: LakeColumn
    /// `"name":`, encoded once.
    let key: [UInt8]
    let write: @Sendable (Source, inout LakeJSONWriter) -> Void

    private init(
        _ name: String, _ type: LakeFieldType, nullable: Bool, _ description: String, pattern: String? = nil,
        write: @escaping @Sendable (Source, inout LakeJSONWriter) -> Void
    ) {
        precondition(name.utf8.allSatisfy(Self.isIdentifierByte), "lake field names are plain identifiers: \(name)")
        column = LakeColumn(name: name, type: type, nullable: nullable, description: description, pattern: pattern)
        key = Array("\"\(name)\":".utf8)
        self.write = write
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    /// Writes `null` for nil, else the value.
    private static func nullable<Value>(
        _ read: @escaping @Sendable (Source) -> Value?, _ writeValue: @escaping @Sendable (Value, inout LakeJSONWriter) -> Void
    ) -> @Sendable (Source, inout LakeJSONWriter) -> Void {
        { source, writer in
            if let value = read(source) { writeValue(value, &writer) } else { writer.writeNull() }
        }
    }
}

// MARK: - Factories, one per type (a non-optional reader makes a NOT NULL field)

extension LakeField {
    static func string(
        _ name: String, _ description: String, pattern: String? = nil, _ read: @escaping @Sendable (Source) -> String
    ) -> Self {
        Self(name, .string, nullable: false, description, pattern: pattern) { $1.writeString(read($0)) }
    }

    static func string(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> String?) -> Self {
        Self(name, .string, nullable: true, description, write: nullable(read) { $1.writeString($0) })
    }

    static func jsonText(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> JSONValue) -> Self {
        Self(name, .jsonText, nullable: false, description) { $1.writeString(read($0).jsonText) }
    }

    static func jsonText(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> JSONValue?) -> Self {
        Self(name, .jsonText, nullable: true, description, write: nullable(read) { $1.writeString($0.jsonText) })
    }

    static func timestamp(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> EpochMillis) -> Self {
        Self(name, .timestamp, nullable: false, description) { $1.writeTimestamp(read($0)) }
    }

    static func timestamp(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> EpochMillis?) -> Self {
        Self(name, .timestamp, nullable: true, description, write: nullable(read) { $1.writeTimestamp($0) })
    }

    static func decimal(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> Decimal?) -> Self {
        Self(name, .decimal, nullable: true, description, write: nullable(read) { $1.writeDecimal($0) })
    }

    static func integer(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> Int64) -> Self {
        Self(name, .integer, nullable: false, description) { $1.writeInteger(read($0)) }
    }

    static func integer(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> Int64?) -> Self {
        Self(name, .integer, nullable: true, description, write: nullable(read) { $1.writeInteger($0) })
    }

    static func double(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> Double?) -> Self {
        Self(name, .double, nullable: true, description, write: nullable(read) { $1.writeDouble($0) })
    }

    static func boolean(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> Bool) -> Self {
        Self(name, .boolean, nullable: false, description) { $1.writeBoolean(read($0)) }
    }

    static func stringArray(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> [String]) -> Self {
        Self(name, .stringArray, nullable: false, description) { source, writer in
            writer.append(UInt8(ascii: "["))
            for (index, element) in read(source).enumerated() {
                if index > 0 { writer.append(UInt8(ascii: ",")) }
                writer.writeString(element)
            }
            writer.append(UInt8(ascii: "]"))
        }
    }

    /// Usage counts. The rows keep them as `Double` (JSON numbers); they are whole numbers,
    /// written as such (rounded, and clamped to `BIGINT`).
    static func integerMap(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> [String: Double]) -> Self {
        Self(name, .integerMap, nullable: false, description) { source, writer in
            writeObject(read(source), to: &writer) { $1.writeInteger(wholeNumber($0)) }
        }
    }

    static func decimalMap(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> [String: Decimal]) -> Self {
        Self(name, .decimalMap, nullable: false, description) { source, writer in
            writeObject(read(source), to: &writer) { $1.writeDecimal($0) }
        }
    }

    /// A JSON object with its keys sorted, so equal maps always serialise identically.
    private static func writeObject<Value>(
        _ members: [String: Value], to writer: inout LakeJSONWriter, value writeValue: (Value, inout LakeJSONWriter) -> Void
    ) {
        writer.append(UInt8(ascii: "{"))
        for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { writer.append(UInt8(ascii: ",")) }
            writer.writeString(member.key)
            writer.append(UInt8(ascii: ":"))
            writeValue(member.value, &writer)
        }
        writer.append(UInt8(ascii: "}"))
    }
}

/// A usage count as a `BIGINT`: rounded to the nearest whole number, clamped to the range.
func wholeNumber(_ value: Double) -> Int64 {
    guard value.isFinite else { return 0 }
    return Int64(exactly: value.rounded()) ?? (value > 0 ? .max : .min)
}
