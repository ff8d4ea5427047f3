/// A model `matchPattern`, matched in time linear in the name's length whatever the pattern.
///
/// Why not Swift's `Regex`: it backtracks, so a project's own pattern such as `^(a+)+$` against
/// the name `aaaaaaaaaaaaaaaaaaaaaaaa!` runs for minutes, inside the write transaction every
/// project's ingestion waits on. Here the pattern is compiled to a Thompson NFA and run on all
/// its states at once (a Pike VM without captures): each character of the name advances every
/// live state once, so a match costs at most name length × program length steps. The program is
/// bounded too (`ModelPatternParser.maximumCount`, `maximumProgramLength`).
///
/// Semantics are those of `Regex.firstMatch`, which pricing used before: the pattern is searched
/// anywhere in the name unless anchored, case-sensitively unless it starts with `(?i)`.
/// `ModelPatternTests` checks that both agree on every built-in pattern.
public struct ModelPattern: Sendable {
    /// Longest program accepted: `(a{100}){100}` would otherwise unroll to 10,000 steps.
    static let maximumProgramLength = 2_000

    private let program: [ModelPatternInstruction]
    private let ignoresCase: Bool

    /// `ignoringCase` matches case-insensitively as a leading `(?i)` does (tier conditions'
    /// `caseSensitive: false`).
    public init(_ pattern: String, ignoringCase: Bool = false) throws(ModelPatternError) {
        let (node, flagged) = try ModelPatternParser.parse(pattern)
        var compiler = ModelPatternCompiler()
        compiler.emit(node)
        compiler.program.append(.accept)
        guard compiler.program.count <= Self.maximumProgramLength else {
            throw ModelPatternError(pattern: pattern, reason: "it unrolls to more than \(Self.maximumProgramLength) steps; use fewer or smaller repetition counts")
        }
        program = compiler.program
        ignoresCase = flagged || ignoringCase
    }

    /// Whether the pattern matches somewhere in `name`.
    public func matches(_ name: String) -> Bool {
        run(name).matched
    }

    /// The match, and how many states it visited: at most (name length + 1) × program length,
    /// which `ModelPatternTests` holds it to.
    func run(_ name: String) -> (matched: Bool, steps: Int) {
        let characters = Array(name)
        var current = ModelPatternStates(capacity: program.count)
        var next = ModelPatternStates(capacity: program.count)
        var steps = 0
        for index in 0...characters.count {
            // An unanchored search may start at every position.
            if follow(0, at: index, count: characters.count, into: &current, steps: &steps) { return (true, steps) }
            guard index < characters.count else { break }
            next.removeAll()
            for state in current.members {
                guard case .character(let expected) = program[state],
                      expected.matches(characters[index], ignoringCase: ignoresCase)
                else { continue }
                if follow(state + 1, at: index + 1, count: characters.count, into: &next, steps: &steps) { return (true, steps) }
            }
            swap(&current, &next)
        }
        return (false, steps)
    }

    /// The number of instructions, for the bound on `run`'s steps.
    var programLength: Int { program.count }

    /// Adds `state` and every state reachable from it without reading a character; returns
    /// whether one of them accepts. Each state enters `states` once per position: `steps`
    /// counts those entries.
    private func follow(_ state: Int, at index: Int, count: Int, into states: inout ModelPatternStates, steps: inout Int) -> Bool {
        var stack = [state]
        while let state = stack.popLast() {
            guard states.insert(state) else { continue }
            steps += 1
            switch program[state] {
            case .accept: return true
            case .character: break
            case .jump(let target): stack.append(target)
            case .split(let first, let second): stack.append(second); stack.append(first)
            case .assertStart: if index == 0 { stack.append(state + 1) }
            case .assertEnd: if index == count { stack.append(state + 1) }
            }
        }
        return false
    }
}

/// One step of a compiled pattern.
enum ModelPatternInstruction: Equatable {
    case character(ModelPatternCharacter)
    case split(Int, Int)
    case jump(Int)
    case assertStart
    case assertEnd
    case accept
}

/// The live states of the NFA at one position: a set with insertion in O(1) and a list to walk.
struct ModelPatternStates {
    private var present: [Bool]
    private(set) var members: [Int] = []

    init(capacity: Int) {
        present = Array(repeating: false, count: capacity)
    }

    mutating func insert(_ state: Int) -> Bool {
        if present[state] { return false }
        present[state] = true
        members.append(state)
        return true
    }

    mutating func removeAll() {
        for state in members { present[state] = false }
        members.removeAll(keepingCapacity: true)
    }
}

/// Compiles nodes to instructions, Thompson's construction.
struct ModelPatternCompiler {
    var program: [ModelPatternInstruction] = []

    mutating func emit(_ node: ModelPatternNode) {
        switch node {
        case .empty:
            break
        case .character(let character):
            program.append(.character(character))
        case .startOfInput:
            program.append(.assertStart)
        case .endOfInput:
            program.append(.assertEnd)
        case .sequence(let items):
            for item in items { emit(item) }
        case .alternatives(let branches):
            var jumps: [Int] = []
            for (offset, branch) in branches.enumerated() {
                if offset == branches.count - 1 {
                    emit(branch)
                } else {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repetition(let inner, let minimum, let maximum):
            for _ in 0..<minimum { emit(inner) }
            if let maximum {
                // Each optional copy may be skipped to the end.
                var skips: [Int] = []
                for _ in minimum..<maximum {
                    skips.append(program.count)
                    program.append(.split(program.count + 1, -1))
                    emit(inner)
                }
                for skip in skips { program[skip] = .split(skip + 1, program.count) }
            } else {
                // A loop: try the inner node again or leave. An inner node that can match
                // nothing cannot loop forever: `follow` visits each state once per position.
                let loop = program.count
                program.append(.split(loop + 1, -1))
                emit(inner)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
