import LangfarmCore

/// Lists of observations, for the v1 and v2 observations API and the observations table.
public protocol ObservationReader: Sendable {
    func observations(_ query: ObservationListQuery) async throws -> ListPage<ObservationListItem>
}
