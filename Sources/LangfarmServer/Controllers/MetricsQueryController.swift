import Hummingbird
import LangfarmCore
import LangfarmStore

/// Langfuse's metrics API: `GET /api/public/metrics` (v1) and `GET /api/public/v2/metrics`
/// (`?query=<JSON>`, answered by the metrics engine) and `GET /api/public/metrics/daily`.
/// Every answer is scoped to the key's project. (Prometheus's `GET /metrics` is
/// `MetricsController`.)
struct MetricsQueryController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/metrics", use: v1)
        router.get("/api/public/v2/metrics", use: v2)
        router.get("/api/public/metrics/daily", use: daily)
    }

    @Sendable func v1(request: Request, context: Context) async throws -> Response {
        try await metrics(request, version: .v1)
    }

    @Sendable func v2(request: Request, context: Context) async throws -> Response {
        try await metrics(request, version: .v2)
    }

    private func metrics(_ request: Request, version: MetricsAPIVersion) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        guard let text = try QueryParameters(request).nonEmpty("query") else {
            throw APIError.invalidQuery(QueryError("query", "is required: a JSON metrics query"))
        }
        let query: AnyMetricsQuery
        do {
            query = try MetricsQueryParser.parse(text, version: version, projectId: principal.projectId)
        } catch {
            throw APIError.invalidQuery(error)
        }
        return JSONResponse.make(.ok, MetricsPresenter.result(try await store.metrics(query)))
    }

    @Sendable func daily(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let parameters = try QueryParameters(request)
        let range = try parameters.timeRange(from: "fromTimestamp", to: "toTimestamp")
        let dailyRequest = DailyMetricsRequest(
            projectId: principal.projectId, page: try parameters.page(),
            traceName: parameters.string("traceName"), userId: parameters.string("userId"), tags: parameters.list("tags"),
            environments: parameters.list("environment"), from: range.from, to: range.to
        )
        let page = try await store.dailyMetrics(dailyRequest)
        return JSONResponse.make(.ok, .object([
            "data": MetricsPresenter.daily(page.items),
            "meta": Pagination(dailyRequest.page).meta(totalItems: page.totalItems),
        ]))
    }
}
