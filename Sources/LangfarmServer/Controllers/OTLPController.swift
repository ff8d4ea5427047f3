import Hummingbird
import LangfarmCore
import LangfarmIngest

/// OTLP/HTTP receivers: `POST /api/public/otel/v1/traces`, where every current Langfuse SDK and
/// any OpenTelemetry exporter sends spans, and `/v1/metrics`, answered 200 and ignored as in
/// Langfuse so that exporters configured for both signals do not fail.
struct OTLPController<Context: RequestContext> {
    let authenticator: Authenticator
    let service: IngestionService

    /// The newest `x-langfuse-ingestion-version` Langfuse understands.
    static var newestIngestionVersion: Int { 4 }

    func addRoutes(to router: Router<Context>) {
        router.post("/api/public/otel/v1/traces", use: traces)
        router.post("/api/public/otel/v1/metrics", use: metrics)
    }

    /// Responds 200 only after every span of the export is committed; an export with any
    /// malformed span is refused whole and nothing of it is stored.
    @Sendable func traces(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        if let header = request.headers[.init("x-langfuse-ingestion-version")!], let version = Int(header),
           version > Self.newestIngestionVersion {
            throw APIError(.badRequest, "Unsupported x-langfuse-ingestion-version \(version); this server understands up to \(Self.newestIngestionVersion)")
        }
        let format = try OTLPBody.format(of: request)
        try await service.ingestAll(try Self.plan(of: try await OTLPBody.read(request), format: format), principal: principal)
        return JSONResponse.make(.ok, .object([:]))
    }

    /// The export's spans as ingestion events. The body and the decoded spans are arguments and
    /// locals here rather than in `traces`, so that they are freed once mapped instead of being
    /// held while the events are committed.
    private static func plan(of body: ByteBuffer, format: OTLPBody.Format) throws -> IngestionPlan {
        let spans = try OTLPBody.spans(body, format: format)
        // A span costs memory whatever its size on the wire (`OTLPBody.budgetBytesPerSpan`).
        if let reservation = RequestBodyBudget.current, !reservation.grow(to: spans.count * OTLPBody.budgetBytesPerSpan) {
            throw APIError.bodyBudgetFull(capacity: reservation.budget.capacity)
        }
        return OTLPExportPlan.plan(consume spans, receivedAt: EpochMillis.now)
    }

    @Sendable func metrics(request: Request, context: Context) async throws -> Response {
        _ = try await authenticator.authenticate(request)
        return JSONResponse.make(.ok, .object([:]))
    }
}
