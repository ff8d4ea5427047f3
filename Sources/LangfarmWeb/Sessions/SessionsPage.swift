import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/sessions` (newest first, with each session's traces, users, duration,
/// cost and tokens) and `/project/{projectId}/sessions/{sessionId}` (its traces in order, each
/// with its input and output, read like a conversation).
struct SessionsPage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates

    struct Row {
        let href: String
        let sessionId: String
        let created: String
        let duration: String
        let users: String
        let traces: String
        let cost: String
        let tokens: String
    }

    struct ListView {
        let chrome: Chrome
        let rows: [Row]
        let total: String
        let partial: Bool
        let page: Int
        let pages: Int
        let previous: String?
        let next: String?
    }

    struct Turn {
        let traceHref: String
        let time: String
        let traceName: String
        let input: [Message]
        let output: [Message]
    }

    struct DetailView {
        let chrome: Chrome
        let sessionId: String
        let created: String
        let environment: String
        let facts: [Fact]
        let turns: [Turn]
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/sessions", use: list)
        router.get("/project/{projectId}/sessions/{sessionId}", use: detail)
    }

    static func href(projectId: String, sessionId: String) -> String {
        URLText.projectPath(projectId, "sessions") + "/\(URLText.segment(sessionId))"
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let page = try await access.page(request, projectId: projectId)
        let parameters = FormEncodedQuery.lenient(request)
        let number = parameters.pageNumber
        let limit = 50
        let sessions = try await store.sessions(SessionListQuery(projectId: projectId, page: PageRequest(page: number, limit: limit)))
        let totals = try await SessionTotals.read(projectId: projectId, sessionIds: sessions.items.map(\.id), store: store)
        let pages = max(1, (sessions.totalItems + limit - 1) / limit)
        let base = URLText.projectPath(projectId, "sessions") + "?page="
        let view = ListView(
            chrome: page.chrome,
            rows: sessions.items.map { session in
                let total = totals.totals[session.id] ?? SessionTotals.Totals()
                return Row(
                    href: Self.href(projectId: projectId, sessionId: session.id), sessionId: session.id,
                    created: Format.time(session.createdAt), duration: Format.latency(total.durationMillis), users: String(total.users.count),
                    traces: Format.integer(Double(total.traces)), cost: Format.cost(total.cost), tokens: Format.integer(total.tokens)
                )
            },
            total: "\(Format.integer(Double(sessions.totalItems))) session\(sessions.totalItems == 1 ? "" : "s")",
            partial: totals.partial, page: number, pages: pages,
            previous: number > 1 ? base + String(number - 1) : nil, next: number < pages ? base + String(number + 1) : nil
        )
        return HTMLResponse.page(templates.render(view, .sessions))
    }

    @Sendable func detail(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let sessionId = context.parameters.pageID("sessionId")
        let page = try await access.page(request, projectId: projectId)
        guard let session = try await store.session(projectId: projectId, id: sessionId) else {
            return access.notFound(page.signedIn, what: "session", project: page.chrome.project)
        }
        let traces = try await store.traces(projectId: projectId, sessionId: sessionId)
        let totals = try await SessionTotals.read(projectId: projectId, sessionIds: [sessionId], store: store).totals[sessionId] ?? SessionTotals.Totals()
        let facts = [
            ("Traces", Format.integer(Double(totals.traces))), ("Users", totals.users.sorted().joined(separator: ", ")),
            ("Duration", Format.latency(totals.durationMillis)), ("Cost", Format.cost(totals.cost)), ("Tokens", Format.integer(totals.tokens)),
        ].map { Fact(label: $0.0, value: $0.1) }
        let view = DetailView(
            chrome: page.chrome, sessionId: session.id, created: Format.time(session.createdAt), environment: session.environment,
            facts: facts,
            turns: traces.map { trace in
                Turn(
                    traceHref: TraceLink.href(projectId: projectId, traceId: trace.id), time: Format.time(trace.timestamp),
                    traceName: trace.name ?? trace.id, input: Message.messages(trace.input), output: Message.messages(trace.output)
                )
            }
        )
        return HTMLResponse.page(templates.render(view, .session))
    }
}
