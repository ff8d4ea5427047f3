import LangfarmCore

/// Lists of scores, for the v1, v2 and v3 scores API.
public protocol ScoreReader: Sendable {
    func scores(_ query: ScoreListQuery) async throws -> ListPage<ScoreListItem>
}
