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
        guard let text = FormQuery(request)["query"] else {
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
        let pagination = try Pagination(request)
        let form = FormQuery(request)
        let dailyRequest = DailyMetricsRequest(
            projectId: principal.projectId, page: PageRequest(page: pagination.page, limit: pagination.limit),
            traceName: form["traceName"], userId: form["userId"], tags: form.list("tags"), environments: form.list("environment"),
            from: try time(form["fromTimestamp"], parameter: "fromTimestamp"), to: try time(form["toTimestamp"], parameter: "toTimestamp")
        )
        let page = try await store.dailyMetrics(dailyRequest)
        return JSONResponse.make(.ok, .object([
            "data": MetricsPresenter.daily(page.items),
            "meta": pagination.meta(totalItems: page.totalItems),
        ]))
    }

    /// An optional ISO 8601 date-time with a time zone.
    private func time(_ text: String?, parameter: String) throws -> EpochMillis? {
        guard let text, !text.isEmpty else { return nil }
        guard text.contains("T"), let millis = ISO8601.parse(text) else {
            throw APIError.invalidQuery(QueryError(parameter, "'\(text.prefix(64))' is not an ISO 8601 date-time, like 2025-03-10T00:00:00Z"))
        }
        return millis
    }
}
