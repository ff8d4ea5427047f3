import Hummingbird
import LangfarmCore
import LangfarmStore
import Logging

/// A trace of a project as a JSON document, or nil when the project has no such trace.
public typealias TraceDocument = @Sendable (_ projectId: String, _ traceId: String) async throws -> JSONValue?

/// The web UI served by `langfarm serve` (docs/UI.md): sign-in, and the project pages at
/// Langfuse's URLs, so that the API's `htmlPath` and Langfuse users' habits work.
public struct WebUI: Sendable {
    let store: any Store
    let sessions: WebSessions
    let throttle: SignInThrottle
    let templates = PageTemplates()
    let logger: Logger
    let salt: String
    let writes: WebWrites
    let traceDocument: TraceDocument

    /// `salt`: the `SALT` API key secrets are hashed with. `writes`: how trace edits are
    /// committed. `traceDocument` is a trace as the API's `GET /api/public/traces/{id}` answers it (the
    /// trace page's download). `secureCookies`: mark cookies `Secure` (serve the UI over HTTPS, e.g. behind a proxy).
    public init(
        store: any Store, salt: String, secureCookies: Bool, throttle: SignInThrottle = SignInThrottle(),
        writes: WebWrites, traceDocument: @escaping TraceDocument,
        logger: Logger
    ) {
        self.traceDocument = traceDocument
        self.store = store
        self.salt = salt
        self.writes = writes
        self.sessions = WebSessions(store: store, secureCookies: secureCookies)
        self.throttle = throttle
        self.logger = logger
    }

    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let pages = router.group().add(middleware: SecurityHeaders<Context>())
        let access = ProjectAccess(store: store, sessions: sessions, templates: templates)
        StaticAssets<Context>().addRoutes(to: pages)
        HomePage<Context>(sessions: sessions, templates: templates).addRoutes(to: pages)
        SignInPages<Context>(store: store, sessions: sessions, throttle: throttle, templates: templates, logger: logger).addRoutes(to: pages)
        TracesPage<Context>(store: store, access: access, templates: templates).addRoutes(to: pages)
        TracePage<Context>(store: store, access: access, templates: templates, traceDocument: traceDocument).addRoutes(to: pages)
        TraceActions<Context>(store: store, access: access, writes: writes).addRoutes(to: pages)
        SavedViewActions<Context>(store: store, access: access).addRoutes(to: pages)
        DashboardPage<Context>(store: store, access: access, templates: templates).addRoutes(to: pages)
        SessionsPage<Context>(store: store, access: access, templates: templates).addRoutes(to: pages)
        UsersPage<Context>(store: store, access: access, templates: templates).addRoutes(to: pages)
        ObservationsPage<Context>(store: store, access: access, templates: templates).addRoutes(to: pages)
        SettingsPage<Context>(store: store, access: access, templates: templates, salt: salt).addRoutes(to: pages)
        ExportPage<Context>(store: store, access: access).addRoutes(to: pages)
    }
}
