import Synchronization

/// The model definitions of a store, with their patterns compiled, answering which definition
/// prices a model name (compat §4 "Matching"):
/// - a pattern is searched in the name, case-sensitively unless it carries `(?i)`;
/// - a project's own definition beats a built-in one, then the newest `startDate` wins;
/// - unlike Langfuse, a definition whose `startDate` is after the observation's start does not
///   apply (Langfuse documents this but does not do it).
///
/// Matches are cached per project and model name, as Langfuse caches them in Redis; a book is
/// immutable otherwise, so a changed price table means a new book.
public final class PriceBook: Sendable {
    /// Which state of the store this book reflects; stores rebuild the book when it moves.
    public let revision: Int64
    private let entries: [Entry]
    private let matches = Mutex<[MatchKey: [Int]]>([:])
    private static let maxCachedNames = 10_000
    /// Longer model names are not matched (no model is priced): matching costs name length ×
    /// pattern length for every definition, and no real model name comes near this.
    static let longestMatchedName = 1_000

    private struct Entry: Sendable {
        let definition: ModelDefinition
        let pattern: ModelPattern
    }

    private struct MatchKey: Hashable {
        let projectId: String
        let modelName: String
    }

    /// Definitions whose pattern `ModelPattern` refuses are left out: they were validated when
    /// stored, except those stored before patterns were matched in linear time, which may use a
    /// construct it refuses (lookaround, backreferences); such a definition prices nothing.
    public init(revision: Int64, definitions: [ModelDefinition]) {
        self.revision = revision
        let ordered = definitions.sorted { left, right in
            if left.isBuiltIn != right.isBuiltIn { return !left.isBuiltIn }
            return (left.startDate ?? .min, left.id) > (right.startDate ?? .min, right.id)
        }
        entries = ordered.compactMap { definition in
            (try? ModelPattern(definition.matchPattern)).map { Entry(definition: definition, pattern: $0) }
        }
    }

    public static let empty = PriceBook(revision: -1, definitions: [])

    public var definitions: [ModelDefinition] { entries.map(\.definition) }

    /// The definition that prices `modelName` for an observation of `projectId` starting at `time`.
    public func match(modelName: String, projectId: String, at time: EpochMillis) -> ModelDefinition? {
        guard modelName.utf8.count <= Self.longestMatchedName else { return nil }
        return candidates(modelName: modelName, projectId: projectId)
            .lazy.map { self.entries[$0].definition }
            .first { ($0.startDate ?? .min) <= time }
    }

    /// Indexes of the entries matching a name, best first, before the start-date check.
    private func candidates(modelName: String, projectId: String) -> [Int] {
        let key = MatchKey(projectId: projectId, modelName: modelName)
        if let cached = matches.withLock({ $0[key] }) { return cached }
        let found = entries.indices.filter { index in
            let entry = entries[index]
            guard entry.definition.projectId == nil || entry.definition.projectId == projectId else { return false }
            return entry.pattern.matches(modelName)
        }
        matches.withLock { cache in
            if cache.count >= Self.maxCachedNames { cache.removeAll(keepingCapacity: true) }
            cache[key] = found
        }
        return found
    }
}
