/// A model `matchPattern` parsed: the regular-expression subset that model patterns use
/// (Langfuse's built-in ones and those users write): literals and escapes, `.`, character
/// classes with ranges and negation, `\d \w \s` and their negations, groups (`(…)`, `(?:…)`),
/// alternation, the quantifiers `? * + {n} {n,} {n,m}`, the anchors `^ $`, and a leading `(?i)`.
/// Backreferences and lookaround, which need backtracking, are refused.
indirect enum ModelPatternNode: Equatable {
    case empty
    case character(ModelPatternCharacter)
    case sequence([ModelPatternNode])
    case alternatives([ModelPatternNode])
    /// `maximum` nil: unbounded.
    case repetition(ModelPatternNode, minimum: Int, maximum: Int?)
    case startOfInput
    case endOfInput
}

/// What one position of the name must be.
enum ModelPatternCharacter: Equatable {
    case literal(Character)
    case any
    case set(ModelPatternSet)

    func matches(_ character: Character, ignoringCase: Bool) -> Bool {
        switch self {
        case .literal(let expected):
            return ignoringCase ? expected.lowercased() == character.lowercased() : expected == character
        case .any:
            return !character.isNewline
        case .set(let set):
            return set.contains(character, ignoringCase: ignoringCase)
        }
    }
}

/// A character class: `[a-z0-9_]`, `[^/]`, `\d`, `\W`…
struct ModelPatternSet: Equatable {
    enum Member: Equatable {
        case range(Character, Character)
        case digit, word, space
        case notDigit, notWord, notSpace
    }

    var members: [Member]
    var negated: Bool

    func contains(_ character: Character, ignoringCase: Bool) -> Bool {
        let candidates = ignoringCase ? Self.caseVariants(of: character) : [character]
        let found = members.contains { member in candidates.contains { Self.member(member, holds: $0) } }
        return found != negated
    }

    /// The character and its lower- and uppercase forms, where each is one character.
    private static func caseVariants(of character: Character) -> [Character] {
        [character] + [character.lowercased(), character.uppercased()].compactMap { $0.count == 1 ? $0.first : nil }
    }

    private static func member(_ member: Member, holds character: Character) -> Bool {
        switch member {
        case .range(let low, let high): return low <= character && character <= high
        case .digit: return character.isNumber && character.isWholeNumber
        case .word: return character.isLetter || character.isNumber || character == "_"
        case .space: return character.isWhitespace
        case .notDigit: return !(character.isNumber && character.isWholeNumber)
        case .notWord: return !(character.isLetter || character.isNumber || character == "_")
        case .notSpace: return !character.isWhitespace
        }
    }
}

/// Why a pattern cannot be used, naming where.
public struct ModelPatternError: Error, Equatable, CustomStringConvertible {
    public let pattern: String
    public let reason: String

    public var description: String { "matchPattern '\(pattern.prefix(200))': \(reason)" }
}
