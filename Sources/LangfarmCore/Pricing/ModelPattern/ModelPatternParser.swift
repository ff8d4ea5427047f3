/// Parses a model `matchPattern` into `ModelPatternNode`s (the subset `ModelPatternSyntax.swift`
/// describes), refusing anything else with the reason and position.
struct ModelPatternParser {
    /// Bounded repetition is unrolled into copies, so its counts are capped: `{1000}` of a group
    /// would make a program thousands of steps long for every name matched.
    static let maximumCount = 100

    private let pattern: String
    private let characters: [Character]
    private var position = 0

    /// Parses `pattern`; returns the tree and whether it ignores case (a leading `(?i)`).
    static func parse(_ pattern: String) throws(ModelPatternError) -> (node: ModelPatternNode, ignoresCase: Bool) {
        var parser = ModelPatternParser(pattern: pattern, characters: Array(pattern))
        var ignoresCase = false
        if pattern.hasPrefix("(?i)") {
            ignoresCase = true
            parser.position = 4
        }
        let node = try parser.alternatives()
        guard parser.position == parser.characters.count else { throw parser.error("unbalanced ')'") }
        return (node, ignoresCase)
    }

    private init(pattern: String, characters: [Character]) {
        self.pattern = pattern
        self.characters = characters
    }

    private func error(_ reason: String) -> ModelPatternError {
        ModelPatternError(pattern: pattern, reason: "\(reason) at position \(position)")
    }

    private var next: Character? { position < characters.count ? characters[position] : nil }

    private mutating func take() -> Character? {
        defer { position += 1 }
        return next
    }

    private mutating func alternatives() throws(ModelPatternError) -> ModelPatternNode {
        var branches = [try sequence()]
        while next == "|" {
            position += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternatives(branches)
    }

    private mutating func sequence() throws(ModelPatternError) -> ModelPatternNode {
        var items: [ModelPatternNode] = []
        while let character = next, character != "|", character != ")" {
            items.append(try quantified(try atom()))
        }
        return items.isEmpty ? .empty : items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func atom() throws(ModelPatternError) -> ModelPatternNode {
        guard let character = take() else { throw error("unexpected end") }
        switch character {
        case "^": return .startOfInput
        case "$": return .endOfInput
        case ".": return .character(.any)
        case "[": return .character(.set(try characterClass()))
        case "\\": return .character(try escape(inClass: false))
        case "(":
            if next == "?" {
                guard position + 1 < characters.count, characters[position + 1] == ":" else {
                    throw error("lookaround, named groups and inline flags other than a leading (?i) are not supported")
                }
                position += 2
            }
            let inner = try alternatives()
            guard take() == ")" else { throw error("missing ')'") }
            return inner
        case "*", "+", "?", "{":
            throw error("'\(character)' repeats nothing")
        default:
            return .character(.literal(character))
        }
    }

    private mutating func quantified(_ node: ModelPatternNode) throws(ModelPatternError) -> ModelPatternNode {
        var node = node
        while let character = next {
            let bounds: (Int, Int?)
            switch character {
            case "?", "*", "+":
                position += 1
                bounds = character == "?" ? (0, 1) : (character == "*" ? 0 : 1, nil)
            case "{":
                // `counts` consumes the braces, or nothing when they are a literal.
                guard let counted = try counts() else { return node }
                bounds = counted
            default: return node
            }
            // Lazy and possessive forms match the same names; only what is matched matters here.
            if next == "?" || next == "+" { position += 1 }
            node = .repetition(node, minimum: bounds.0, maximum: bounds.1)
        }
        return node
    }

    /// `{n}`, `{n,}` or `{n,m}`; nil (and nothing consumed) when the brace is a literal.
    private mutating func counts() throws(ModelPatternError) -> (Int, Int?)? {
        guard let close = characters[position...].firstIndex(of: "}") else { return nil }
        let inside = String(characters[(position + 1)..<close])
        let parts = inside.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        guard let minimum = Int(parts[0]) else { return nil }
        let maximum: Int? = parts.count == 1 ? minimum : parts[1].isEmpty ? nil : Int(parts[1])
        if parts.count == 2, !parts[1].isEmpty, maximum == nil { return nil }
        guard minimum <= Self.maximumCount, (maximum ?? 0) <= Self.maximumCount else {
            throw error("repetition counts above \(Self.maximumCount) are not supported")
        }
        if let maximum, maximum < minimum { throw error("{\(inside)} has its bounds reversed") }
        position = close + 1
        return (minimum, maximum)
    }

    private mutating func characterClass() throws(ModelPatternError) -> ModelPatternSet {
        var set = ModelPatternSet(members: [], negated: false)
        if next == "^" {
            set.negated = true
            position += 1
        }
        var first = true
        while true {
            guard let character = take() else { throw error("missing ']'") }
            if character == "]", !first { return set }
            first = false
            var low: ModelPatternCharacter = .literal(character)
            if character == "\\" { low = try escape(inClass: true) }
            if case .set(let shorthand) = low {
                set.members += shorthand.members
                continue
            }
            guard case .literal(let lowCharacter) = low else { continue }
            if next == "-", position + 1 < characters.count, characters[position + 1] != "]" {
                position += 1
                var high = take()
                if high == "\\", case .literal(let escaped) = try escape(inClass: true) { high = escaped }
                guard let high, lowCharacter <= high else { throw error("a range in [...] has its ends reversed") }
                set.members.append(.range(lowCharacter, high))
            } else {
                set.members.append(.range(lowCharacter, lowCharacter))
            }
        }
    }

    /// After a backslash: a shorthand class, an escaped metacharacter or a control escape.
    private mutating func escape(inClass: Bool) throws(ModelPatternError) -> ModelPatternCharacter {
        guard let character = take() else { throw error("a pattern cannot end with '\\'") }
        let shorthand: ModelPatternSet.Member? = switch character {
        case "d": .digit
        case "w": .word
        case "s": .space
        case "D": .notDigit
        case "W": .notWord
        case "S": .notSpace
        default: nil
        }
        if let shorthand { return .set(ModelPatternSet(members: [shorthand], negated: false)) }
        switch character {
        case "n": return .literal("\n")
        case "t": return .literal("\t")
        case "r": return .literal("\r")
        case _ where character.isLetter || character.isNumber:
            throw error("the escape '\\\(character)' is not supported (backreferences, word boundaries, \\p{…})")
        default:
            return .literal(character)
        }
    }
}
