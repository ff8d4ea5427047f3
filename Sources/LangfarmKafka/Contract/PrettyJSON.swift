/// A JSON document whose object members keep the order they were built in, printed with
/// two-space indentation: generated files (the JSON Schemas) read in the contract's field
/// order and come out byte-identical every time, which the test of the shipped files relies on.
indirect enum PrettyJSON: Sendable {
    case string(String)
    case boolean(Bool)
    case array([PrettyJSON])
    case object([(String, PrettyJSON)])

    /// The text, ending in a newline.
    var text: String {
        var writer = LakeJSONWriter(capacity: 4096)
        write(to: &writer, indent: 0)
        writer.append(UInt8(ascii: "\n"))
        return writer.text
    }

    private var isScalar: Bool {
        switch self {
        case .string, .boolean: true
        case .array, .object: false
        }
    }

    private func write(to writer: inout LakeJSONWriter, indent: Int) {
        switch self {
        case .string(let value):
            writer.writeString(value)
        case .boolean(let value):
            writer.writeBoolean(value)
        case .array(let elements) where elements.allSatisfy(\.isScalar):
            // Short lists of names (`"type": ["string", "null"]`) stay on one line.
            writer.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { writer.append(Array(", ".utf8)) }
                element.write(to: &writer, indent: indent)
            }
            writer.append(UInt8(ascii: "]"))
        case .array(let elements):
            writeContainer(elements, open: "[", close: "]", to: &writer, indent: indent) { element, writer in
                element.write(to: &writer, indent: indent + 1)
            }
        case .object(let members):
            writeContainer(members, open: "{", close: "}", to: &writer, indent: indent) { member, writer in
                writer.writeString(member.0)
                writer.append(Array(": ".utf8))
                member.1.write(to: &writer, indent: indent + 1)
            }
        }
    }

    private func writeContainer<Element>(
        _ elements: [Element], open: Unicode.Scalar, close: Unicode.Scalar, to writer: inout LakeJSONWriter, indent: Int,
        element writeElement: (Element, inout LakeJSONWriter) -> Void
    ) {
        writer.append(UInt8(ascii: open))
        guard !elements.isEmpty else { return writer.append(UInt8(ascii: close)) }
        for (index, element) in elements.enumerated() {
            writer.append(Array((index > 0 ? ",\n" : "\n").utf8))
            writer.append(Array(String(repeating: "  ", count: indent + 1).utf8))
            writeElement(element, &writer)
        }
        writer.append(Array("\n\(String(repeating: "  ", count: indent))".utf8))
        writer.append(UInt8(ascii: close))
    }
}
