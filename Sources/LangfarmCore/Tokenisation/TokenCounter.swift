/// What a model definition says about counting its tokens: Langfuse's `tokenizerId` and the
/// fields of its `tokenizerConfig` that counting reads.
public struct TokenizerSpec: Sendable, Equatable {
    public var tokenizerId: String
    public var tokenizerModel: String?
    public var tokensPerMessage: Int?
    public var tokensPerName: Int?

    public init(tokenizerId: String, tokenizerModel: String? = nil, tokensPerMessage: Int? = nil, tokensPerName: Int? = nil) {
        self.tokenizerId = tokenizerId
        self.tokenizerModel = tokenizerModel
        self.tokensPerMessage = tokensPerMessage
        self.tokensPerName = tokensPerName
    }
}

/// Counted tokens of a generation. Either side may be missing on its own (a generation without
/// output, say): Langfuse then leaves that key out of the usage details rather than writing 0.
public struct TokenUsage: Sendable, Equatable {
    public var input: Int?
    public var output: Int?

    /// Langfuse's `usage_details` for a tokenised generation: `input` and `output` for the sides
    /// counted, and `total` only when a count is non-zero, as Langfuse tests `input || output`.
    public var details: [String: Double] {
        var details: [String: Double] = [:]
        if let input { details["input"] = Double(input) }
        if let output { details["output"] = Double(output) }
        let input = input ?? 0, output = output ?? 0
        if input != 0 || output != 0 { details["total"] = Double(input + output) }
        return details
    }
}

/// Token counting for generations that report no usage, as Langfuse's worker does it
/// (worker/src/features/tokenisation/usage.ts): only for `tokenizerId == "openai"`, with
/// tiktoken's encoding for `tokenizerModel`. Langfarm ships cl100k_base and o200k_base, which
/// cover the OpenAI models in use; the long-retired p50k/r50k ones (text-davinci-003, …) and
/// other tokenizers (Langfuse's "claude") are not covered: better no count than a wrong one.
public enum TokenCounter {
    /// The counts for a generation's input and output; nil when the tokenizer is not covered or
    /// neither side could be counted.
    public static func usage(input: JSONValue?, output: JSONValue?, tokenizer: TokenizerSpec) -> TokenUsage? {
        guard tokenizer.tokenizerId == "openai", let model = tokenizer.tokenizerModel,
              let encoder = encoder(forModel: model) else { return nil }
        let inputTokens = count(input, model: model, tokenizer: tokenizer, encoder: encoder)
        let outputTokens = count(output, model: model, tokenizer: tokenizer, encoder: encoder)
        guard inputTokens != nil || outputTokens != nil else { return nil }
        return TokenUsage(input: inputTokens, output: outputTokens)
    }

    /// tiktoken's encoding for a `tokenizerModel` Langfuse accepts, if Langfarm ships it.
    private static func encoder(forModel model: String) -> BytePairEncoder? {
        if cl100kModels.contains(model) { return Cl100kBase.encoder }
        if o200kModels.contains(model) { return O200kBase.encoder }
        return nil
    }

    /// Langfuse's `tokenizerModel` values (types.ts `isTiktokenModel`; any other value fails its
    /// config check) whose tiktoken encoding is cl100k_base. The rest, but for `o200kModels`,
    /// are p50k, r50k or gpt2.
    private static let cl100kModels: Set<String> = [
        "gpt-4", "gpt-4-0314", "gpt-4-0613", "gpt-4-32k", "gpt-4-32k-0314", "gpt-4-32k-0613",
        "gpt-4-turbo", "gpt-4-turbo-2024-04-09", "gpt-4-turbo-preview", "gpt-4-1106-preview",
        "gpt-4-0125-preview", "gpt-4-vision-preview",
        "gpt-3.5-turbo", "gpt-35-turbo", "gpt-3.5-turbo-0301", "gpt-3.5-turbo-0613", "gpt-3.5-turbo-1106",
        "gpt-3.5-turbo-0125", "gpt-3.5-turbo-16k", "gpt-3.5-turbo-16k-0613", "gpt-3.5-turbo-instruct",
        "gpt-3.5-turbo-instruct-0914",
        "text-embedding-ada-002", "davinci-002", "babbage-002",
    ]

    /// Langfuse's `tokenizerModel` values whose tiktoken encoding is o200k_base. Langfuse's list
    /// stops at these two (gpt-4.1, o1, gpt-5, … fail its check); its default model table points
    /// gpt-4o-mini, gpt-4o-2024-08-06, chatgpt-4o-latest and the like at "gpt-4o".
    private static let o200kModels: Set<String> = ["gpt-4o", "gpt-4o-2024-05-13"]

    /// Langfuse's `isChatModel` list: only these count a message array message by message.
    /// Newer models (gpt-4-turbo, gpt-3.5-turbo-0125, …) are missing from it,
    /// so Langfuse counts their message arrays as JSON text, and so does this.
    private static let chatModels: Set<String> = [
        "gpt-4", "gpt-4-0314", "gpt-4-0613", "gpt-4-32k", "gpt-4-32k-0314", "gpt-4-32k-0613",
        "gpt-3.5-turbo", "gpt-35-turbo", "gpt-3.5-turbo-0301", "gpt-3.5-turbo-0613", "gpt-3.5-turbo-1106",
        "gpt-3.5-turbo-16k", "gpt-3.5-turbo-16k-0613", "gpt-4-1106-preview", "gpt-4-vision-preview",
        "gpt-4o-2024-05-13", "gpt-4o",
    ]

    /// Message keys whose values are counted (any other key only costs `tokensPerMessage`).
    private static let countedMessageKeys: Set<String> = [
        "content", "role", "name", "tool_calls", "function_call", "toolCalls", "functionCall",
    ]

    /// One side, as Langfuse's `tokenCount`. Langfuse stores input and output as text (JSON for
    /// anything but a string) and parses that text back before counting, so a string holding
    /// JSON counts as the JSON it holds. A falsy value is never stored, so it is not counted.
    private static func count(_ value: JSONValue?, model: String, tokenizer: TokenizerSpec, encoder: BytePairEncoder) -> Int? {
        guard let value, value.isTruthy else { return nil }
        var parsed = value
        if case .string(let text) = value, let json = try? JSONParser.parse(text.utf8) { parsed = json }

        if case .array(let items) = parsed, chatModels.contains(model), let messages = chatMessages(items) {
            guard let perMessage = tokenizer.tokensPerMessage, let perName = tokenizer.tokensPerName else { return nil }
            return countChat(messages, perMessage: perMessage, perName: perName, encoder: encoder)
        }
        if case .string(let text) = parsed { return encoder.count(text) }
        return encoder.count(JavaScriptText.stringify(parsed))
    }

    /// The messages when every item has a string `role` and `content` and, if any, a string
    /// `name` (Langfuse's `isChatMessageArray`; an empty array qualifies).
    private static func chatMessages(_ items: [JSONValue]) -> [[String: JSONValue]]? {
        var messages: [[String: JSONValue]] = []
        for item in items {
            guard let message = item.objectValue, message["role"]?.stringValue != nil, message["content"]?.stringValue != nil,
                  message["name"].map({ $0.stringValue != nil }) ?? true else { return nil }
            messages.append(message)
        }
        return messages
    }

    /// OpenAI's cookbook formula as Langfuse applies it: per message `tokensPerMessage`, the
    /// tokens of each truthy counted value, `tokensPerName` whenever a `name` key is present
    /// (gpt-3.5-turbo-0301 configures -1); then 3 for the primed reply.
    private static func countChat(_ messages: [[String: JSONValue]], perMessage: Int, perName: Int, encoder: BytePairEncoder) -> Int {
        var tokens = 0
        for message in messages {
            tokens += perMessage
            for (key, value) in message {
                if countedMessageKeys.contains(key), value.isTruthy {
                    tokens += encoder.count(JavaScriptText.chatValue(value))
                }
                if key == "name" { tokens += perName }
            }
        }
        return tokens + 3
    }
}

/// The text JavaScript makes of a JSON value where Langfuse hands a non-string to tiktoken, so
/// that the same text is counted. JSON object keys come back without their original order
/// (`JSONValue` keeps none), so keys follow JavaScript's order for integer-like keys and sorted
/// order for the rest; that can move a token at a key boundary, nothing more.
private enum JavaScriptText {
    /// `JSON.stringify(value)`.
    static func stringify(_ value: JSONValue) -> String {
        var text = ""
        write(value, to: &text)
        return text
    }

    /// What Langfuse's `unicodeToBytesInString` makes of a message value before counting it. It
    /// walks `value.length` items with `value[i]`: a string comes through unchanged, an array
    /// becomes its items as `String(item)` run together (items with a character beyond U+FFFF
    /// as the hex of their UTF-8 bytes), and anything without a length (an object, a number)
    /// becomes empty, so counts nothing.
    static func chatValue(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .array(let items):
            return items.map { item in
                let text = string(item)
                guard text.unicodeScalars.contains(where: { $0.value > 0xFFFF }) else { return text }
                return text.utf8.map { String($0, radix: 16) }.joined()
            }.joined()
        case .null, .bool, .number, .object: return ""
        }
    }

    /// `String(value)`.
    private static func string(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return numberText(number)
        case .string(let text): return text
        case .array(let items): return items.map { $0 == .null ? "" : string($0) }.joined(separator: ",")
        case .object: return "[object Object]"
        }
    }

    private static func write(_ value: JSONValue, to text: inout String) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number): text += number.isFinite ? numberText(number) : "null"
        case .string(let string): writeQuoted(string, to: &text)
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                write(item, to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, key) in keyOrder(members.keys).enumerated() {
                if index > 0 { text += "," }
                writeQuoted(key, to: &text)
                text += ":"
                write(members[key] ?? .null, to: &text)
            }
            text += "}"
        }
    }

    /// JavaScript puts array-index keys first, in numeric order; the rest keep insertion order,
    /// which is lost here, so they are sorted.
    private static func keyOrder(_ keys: Dictionary<String, JSONValue>.Keys) -> [String] {
        func index(_ key: String) -> UInt32? {
            guard let index = UInt32(key), index != .max, String(index) == key else { return nil }
            return index
        }
        return keys.sorted { left, right in
            switch (index(left), index(right)) {
            case let (left?, right?): return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
    }

    private static func writeQuoted(_ string: String, to text: inout String) {
        text += "\""
        // Most strings need no escaping: append them whole.
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            text += string + "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// JavaScript's `Number.prototype.toString()`. Swift's `description` already gives the
    /// shortest digits that read back as the same double, as JavaScript's algorithm does; only
    /// the layout differs (JavaScript writes integers up to 1e21 in full and uses exponents
    /// below 1e-6, with an explicit `+`).
    static func numberText(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : number < 0 ? "-Infinity" : "Infinity" }
        guard number != 0 else { return "0" }
        let parts = number.magnitude.description.split(separator: "e")
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(mantissa[0] + (mantissa.count > 1 ? mantissa[1] : ""))
        // The decimal point sits after `point` digits.
        var point = mantissa[0].count + (parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let count = digits.count
        let sign = number < 0 ? "-" : ""
        if count <= point, point <= 21 {
            return sign + String(digits) + String(repeating: "0", count: point - count)
        }
        if 0 < point, point <= 21 {
            return sign + String(digits[..<point]) + "." + String(digits[point...])
        }
        if -6 < point, point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + String(digits)
        }
        let exponent = point - 1
        let significand = count == 1 ? String(digits) : String(digits[0]) + "." + String(digits[1...])
        return sign + significand + "e" + (exponent < 0 ? "-" : "+") + String(exponent.magnitude)
    }
}
