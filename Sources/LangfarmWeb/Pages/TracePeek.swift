import LangfarmCore
import LangfarmStore

/// The traces table's side panel (`?peek=`): a trace's header facts and the start of its
/// input and output, so that a row can be read without leaving the table. Server-rendered, so
/// it works without script; the page's script only moves it into view.
struct TracePeek {
    /// How much of the input and output the panel shows; the trace page has the rest.
    static let bodyLimit = 4_000

    let peekName: String
    let peekId: String
    let peekHref: String
    let peekCloseHref: String
    let peekFacts: [Fact]
    let peekSections: [BodySection]

    /// The panel for a trace of the project, or nil if it has no such trace.
    static func load(traceId: String, projectId: String, view: TraceTableView, store: any Store) async throws -> TracePeek? {
        guard let trace = try await store.trace(projectId: projectId, id: traceId) else { return nil }
        let aggregates = try await store.traceAggregates(projectId: projectId, traceId: trace.id) ?? TraceAggregates()
        let href = TraceLink.href(projectId: projectId, traceId: trace.id)
        let facts: [(String, String?)] = [
            ("Timestamp", Format.time(trace.timestamp)), ("Latency", Format.latency(aggregates.latencyMillis)),
            ("Cost", Format.cost(aggregates.totalCost)), ("Tokens", Format.integer(aggregates.totalTokens)),
            ("User", trace.userId), ("Session", trace.sessionId), ("Environment", trace.environment),
            ("Tags", trace.tags.isEmpty ? nil : trace.tags.joined(separator: ", ")),
        ]
        return TracePeek(
            peekName: trace.name ?? trace.id, peekId: trace.id, peekHref: href, peekCloseHref: view.url(projectId: projectId),
            peekFacts: facts.compactMap { label, value in value.map { Fact(label: label, value: $0) } },
            peekSections: BodySection.sections(input: trace.input, output: trace.output, metadata: [:], limit: bodyLimit, fullHref: href)
        )
    }
}
