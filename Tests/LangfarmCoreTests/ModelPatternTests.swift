import Foundation
@testable import LangfarmCore
import Testing
import TestSupport

/// Model patterns are matched in linear time (`ModelPattern`), with the answers Swift's
/// backtracking `Regex.firstMatch` gave before: no pattern can stall ingestion, and no built-in
/// price moves.
@Suite struct ModelPatternTests {
    static func regexMatches(_ pattern: String, _ name: String) throws -> Bool {
        try Regex(pattern).firstMatch(in: name) != nil
    }

    /// Every built-in pattern against every built-in model name and common variants of it.
    @Test func everyBuiltInPatternAnswersAsRegexDid() throws {
        let definitions = DefaultModelPrices.definitions()
        let names = definitions.flatMap { definition in
            let name = definition.modelName
            return [name, "openai/\(name)", name.uppercased(), "\(name)-2024-08-06", "\(name)@001", "x\(name)", String(name.dropLast())]
        }
        var compared = 0
        for definition in definitions {
            let pattern = try ModelPattern(definition.matchPattern)
            let regex = try Regex(definition.matchPattern)
            for name in names {
                let expected = try regex.firstMatch(in: name) != nil
                #expect(pattern.matches(name) == expected, "\(definition.matchPattern) on \(name)")
                compared += 1
            }
        }
        #expect(compared > 100_000)
    }

    /// Random patterns over a small alphabet, against random names: every construct and how
    /// they nest, answered as `Regex` answers.
    @Test func randomPatternsAnswerAsRegexDoes() throws {
        var random = SplitMix64(seed: 20261203)
        var compared = 0
        for _ in 0..<400 {
            let pattern = (Bool.random(using: &random) ? "(?i)" : "") + Self.randomPattern(depth: 3, using: &random)
            let compiled = try ModelPattern(pattern)
            let regex = try Regex(pattern)
            for _ in 0..<25 {
                let name = String((0..<Int.random(in: 0...8, using: &random)).map { _ in "abAB-1.".randomElement(using: &random)! })
                let expected = try regex.firstMatch(in: name) != nil
                #expect(compiled.matches(name) == expected, "\(pattern) on '\(name)'")
                compared += 1
            }
        }
        #expect(compared == 10_000)
    }

    static func randomPattern(depth: Int, using random: inout SplitMix64) -> String {
        let atoms = ["a", "b", "-", "1", ".", "\\d", "\\.", "[ab]", "[^a]", "[a-b1]", "\\w", "^", "$"]
        var pattern = ""
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            var atom = atoms.randomElement(using: &random)!
            if depth > 0, Int.random(in: 0..<4, using: &random) == 0 {
                let inner = (0..<Int.random(in: 1...2, using: &random)).map { _ in randomPattern(depth: depth - 1, using: &random) }
                atom = "(" + inner.joined(separator: "|") + ")"
            }
            if atom != "^", atom != "$" {
                atom += ["", "", "?", "*", "+", "{2}", "{1,2}", "{0,}"].randomElement(using: &random)!
            }
            pattern += atom
        }
        return pattern
    }

    /// The classic catastrophic patterns, on the names that make a backtracking matcher run for
    /// minutes: answered correctly, visiting at most (name length + 1) × program length states.
    @Test(arguments: [
        ("^(a+)+$", false), ("(a|aa)+$", false), ("(a*)*b", false), ("^(a|a?)+$", false),
        ("(.*a){20}", true), ("^(\\w+\\s?)*$", false), ("(x+x+)+y", false), ("a*a*a*a*a*a*b", false),
    ])
    func catastrophicPatternsRunInLinearTime(pattern: String, matchesName expected: Bool) throws {
        let compiled = try ModelPattern(pattern)
        for length in [30, 1_000, 5_000] {
            let name = String(repeating: pattern.contains("x") ? "x" : "a", count: length) + "!"
            let (matched, steps) = compiled.run(name)
            #expect(matched == expected, "\(pattern) on \(length) characters")
            #expect(steps <= (name.count + 1) * compiled.programLength, "\(pattern): \(steps) steps for \(name.count) characters")
        }
    }

    @Test func searchesAnywhereUnlessAnchoredAndIgnoresCaseOnlyWithTheFlag() throws {
        #expect(try ModelPattern("gpt-4o").matches("openai/gpt-4o-mini"))
        #expect(try !ModelPattern("^gpt-4o$").matches("openai/gpt-4o"))
        #expect(try !ModelPattern("^gpt").matches("GPT-4"))
        #expect(try ModelPattern("(?i)^gpt").matches("GPT-4"))
        #expect(try ModelPattern("(?i)^(chat-bison)(@[a-zA-Z0-9]+)?$").matches("CHAT-BISON@002"))
        #expect(try ModelPattern("").matches("anything"))
    }

    /// What needs backtracking, or would unroll into a huge program, is refused with the reason.
    @Test(arguments: [
        ("(?=gpt)gpt", "lookaround"), ("(?<name>gpt)", "lookaround"), ("(gpt)\\1", "backreferences"),
        ("\\bgpt", "word boundaries"), ("a{101}", "above 100"), ("(a{100}){100}", "more than 2000 steps"),
        ("gpt(", "missing ')'"), ("gpt)", "unbalanced"), ("*gpt", "repeats nothing"), ("[gpt", "missing ']'"),
        ("a{3,1}", "reversed"), ("gpt\\", "cannot end"), ("ab(?i)c", "lookaround"),
    ])
    func unsupportedOrMalformedPatternsAreRefusedSayingWhy(pattern: String, reason: String) {
        #expect {
            _ = try ModelPattern(pattern)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }
}
