/// Finds the words a reader sees in a stored JSON value (an input, an output, a metadata
/// object): its strings, numbers and booleans, without the object keys, nulls and syntax.
///
/// Searching runs on stored column text for every row it checks, so the text is scanned in
/// place rather than parsed into a tree. Langfarm wrote the text, so it is valid JSON; the
/// scanner still never reads out of bounds whatever it is given.
enum StoredJSONScalars {
    /// A scalar's text: a string's content still in its JSON escapes, or a number's or
    /// boolean's literal.
    struct Scalar {
        let bytes: UnsafeBufferPointer<UInt8>
        let isString: Bool
    }

    /// Calls `body` with each scalar of `json`, in document order, until it returns false.
    static func forEach(in json: UnsafeBufferPointer<UInt8>, _ body: (Scalar) -> Bool) {
        // Whether each open container is an object, innermost last.
        var objects: [Bool] = []
        var expectingKey = false
        var index = 0
        while index < json.count {
            let byte = json[index]
            switch byte {
            case UInt8(ascii: "{"):
                objects.append(true)
                expectingKey = true
                index += 1
            case UInt8(ascii: "["):
                objects.append(false)
                expectingKey = false
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = objects.popLast()
                expectingKey = false
                index += 1
            case UInt8(ascii: ","):
                expectingKey = objects.last ?? false
                index += 1
            case UInt8(ascii: ":"):
                expectingKey = false
                index += 1
            case UInt8(ascii: "\""):
                let end = stringEnd(json, from: index)
                if !expectingKey {
                    let content = UnsafeBufferPointer(rebasing: json[(index + 1)..<max(index + 1, end - 1)])
                    guard body(Scalar(bytes: content, isString: true)) else { return }
                }
                index = end
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"):
                let end = literalEnd(json, from: index)
                guard body(Scalar(bytes: UnsafeBufferPointer(rebasing: json[index..<end]), isString: false)) else { return }
                index = end
            case UInt8(ascii: "n"):
                index = literalEnd(json, from: index)
            default:
                index += 1
            }
        }
    }

    /// The text of the value of `key` in the top-level object of `json`, or nil when `json` is
    /// no object or has no such key. Keys are compared after decoding their escapes.
    static func member(_ key: String, of json: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var index = skipWhitespace(json, from: 0)
        guard index < json.count, json[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while true {
            index = skipWhitespace(json, from: index)
            guard index < json.count, json[index] == UInt8(ascii: "\"") else { return nil }
            let keyEnd = stringEnd(json, from: index)
            let rawKey = UnsafeBufferPointer(rebasing: json[(index + 1)..<max(index + 1, keyEnd - 1)])
            index = skipWhitespace(json, from: keyEnd)
            guard index < json.count, json[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipWhitespace(json, from: index + 1)
            let valueEnd = valueEnd(json, from: valueStart)
            if keyMatches(rawKey, key) { return UnsafeBufferPointer(rebasing: json[valueStart..<valueEnd]) }
            index = skipWhitespace(json, from: valueEnd)
            guard index < json.count, json[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    private static func keyMatches(_ rawKey: UnsafeBufferPointer<UInt8>, _ key: String) -> Bool {
        if let decoded = SearchEscapes.decoded(rawKey) { return decoded.elementsEqual(key.utf8) }
        return rawKey.elementsEqual(key.utf8)
    }

    /// The index after the closing quote of the string that opens at `start`.
    private static func stringEnd(_ json: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start + 1
        while index < json.count {
            switch json[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return json.count
    }

    /// The index after a number or literal starting at `start`.
    private static func literalEnd(_ json: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < json.count {
            switch json[index] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: "\""),
                 0x20, 0x0A, 0x0D, 0x09:
                return index
            default: index += 1
            }
        }
        return index
    }

    /// The index after the value starting at `start`.
    private static func valueEnd(_ json: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < json.count else { return start }
        switch json[start] {
        case UInt8(ascii: "\""):
            return stringEnd(json, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < json.count {
                switch json[index] {
                case UInt8(ascii: "\""):
                    index = stringEnd(json, from: index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return index
        default:
            return literalEnd(json, from: start)
        }
    }

    private static func skipWhitespace(_ json: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < json.count {
            switch json[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }
}
