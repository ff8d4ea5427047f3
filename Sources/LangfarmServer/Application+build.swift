import Hummingbird
import LangfarmStore
import LangfarmWeb
import Logging
import Metrics
import Prometheus

/// Wires the application: one store, one group committer, one authenticator, and the
/// controllers that translate HTTP into calls on them.
public func buildApplication(
    configuration: ServerConfiguration, store: any Store, metrics: PrometheusCollectorRegistry,
    changeFeed: ChangeFeedMonitor? = nil, logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(
        store: store, salt: configuration.salt, metrics: metrics, changeFeed: changeFeed, secureCookies: configuration.secureCookies,
        bodyBudget: RequestBodyBudget(capacity: configuration.maxBodyBytesInFlight),
        requestsInFlight: RequestsInFlight(capacity: configuration.maxRequestsInFlight), bodyTimeout: configuration.bodyTimeout,
        retention: configuration.retention, logger: logger
    )
    let connections = configuration.maxConnections.map { capacity in
        let closedForRoom = Counter(label: "langfarm_connections_closed_for_room_total", factory: PrometheusMetricsFactory(registry: metrics))
        return ConnectionTable(capacity: capacity, closedForRoom: { closedForRoom.increment() })
    }
    return Application(
        router: router,
        // A connection that has not sent a whole request head within the timeout (a client
        // trickling headers, or one idle between requests) is closed.
        server: .http1(configuration: .init(
            additionalChannelHandlers: connections.map { [ConnectionTableHandler(table: $0)] } ?? [],
            idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1)))
        )),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "langfarm"),
        logger: logger
    )
}

/// The router alone, which tests drive without opening a socket. Metrics go to `metrics`,
/// which `GET /metrics` serves. `changeFeed` is the relay's view of the outbox, when one runs.
public func buildRouter(
    store: any Store, salt: String, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    changeFeed: ChangeFeedMonitor? = nil, secureCookies: Bool = false,
    bodyBudget: RequestBodyBudget = RequestBodyBudget(capacity: ServerConfiguration.defaultMaxBodyBytesInFlight),
    requestsInFlight: RequestsInFlight = RequestsInFlight(capacity: ServerConfiguration.defaultMaxRequestsInFlight),
    bodyTimeout: Duration = ServerConfiguration.defaultBodyTimeout, retention: RetentionPolicy = RetentionPolicy(), logger: Logger
) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestsInFlightMiddleware(limit: requestsInFlight))
    router.add(middleware: RequestBodyBudgetMiddleware(budget: bodyBudget))
    router.add(middleware: RequestBodyTimeoutMiddleware(timeout: bodyTimeout))
    router.add(middleware: StoreUnavailableMiddleware())
    let authenticator = Authenticator(store: store, salt: salt)
    let cursors = CursorCodec(secret: salt)
    let service = IngestionService(
        committer: GroupCommitter(store: store), logger: logger,
        metrics: IngestionMetrics(factory: PrometheusMetricsFactory(registry: metrics)), changeFeed: changeFeed
    )
    MetricsController(registry: metrics).addRoutes(to: router)
    ServiceController(authenticator: authenticator, store: store, version: LangfarmVersion.current, changeFeed: changeFeed, retention: retention)
        .addRoutes(to: router)
    IngestionController(authenticator: authenticator, service: service).addRoutes(to: router)
    LegacyEventController(authenticator: authenticator, service: service).addRoutes(to: router)
    ScoresController(authenticator: authenticator, service: service, store: store).addRoutes(to: router)
    ObservationsController(authenticator: authenticator, store: store, cursors: cursors).addRoutes(to: router)
    SessionsController(authenticator: authenticator, store: store).addRoutes(to: router)
    ScoreReadController(authenticator: authenticator, store: store, cursors: cursors).addRoutes(to: router)
    TracesController(authenticator: authenticator, store: store).addRoutes(to: router)
    MetricsQueryController(authenticator: authenticator, store: store).addRoutes(to: router)
    TraceDeletionController(authenticator: authenticator, store: store, service: service).addRoutes(to: router)
    ModelsController(authenticator: authenticator, store: store).addRoutes(to: router)
    OTLPController(authenticator: authenticator, service: service).addRoutes(to: router)
    WebUI(
        store: store, salt: salt, secureCookies: secureCookies,
        writes: WebWrites(checkAllowed: { try service.refuseWhileOutboxIsFull() }, commit: { try await service.committer.commit($0) }),
        traceDocument: { projectId, traceId in
            try await TracesController<BasicRequestContext>.document(store: store, projectId: projectId, traceId: traceId)
        },
        logger: logger
    ).addRoutes(to: router)
    return router
}
