import Hummingbird
import LangfarmCore
import LangfarmStore

/// `GET /api/public/health` (no auth) and `GET /api/public/projects` (the key's own project).
struct ServiceController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store
    let version: String
    let changeFeed: ChangeFeedMonitor?
    let retention: RetentionPolicy

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/health", use: health)
        router.get("/api/public/projects", use: projects)
    }

    @Sendable func health(request: Request, context: Context) async throws -> Response {
        do {
            _ = try await store.project(id: "")
        } catch {
            return JSONResponse.make(.serviceUnavailable, .object(["status": .string("Database not available"), "version": .string(version)]))
        }
        var body: [String: JSONValue] = ["status": .string("OK"), "version": .string(version)]
        if let changeFeed {
            // The relay's own view counts what it published but has not cleared yet as gone.
            let status = if let seen = changeFeed.status { seen } else { try await store.outboxStatus() }
            body["changeFeed"] = Self.report(changeFeed, status: status)
        }
        return JSONResponse.make(.ok, .object(body))
    }

    /// The Kafka relay's progress: how many changes wait, how old the oldest is, how many the
    /// broker refused, and why publishing last failed (until it succeeds again).
    static func report(_ monitor: ChangeFeedMonitor, status: OutboxStatus) -> JSONValue {
        var report: [String: JSONValue] = [
            "outboxDepth": .number(Double(status.depth)),
            "relayLagSeconds": .number(Double(status.lagMillis(now: EpochMillis.now)) / 1000),
            "deadLetters": .number(Double(status.deadLetters)),
        ]
        if let capacity = monitor.capacity { report["outboxCapacity"] = .number(Double(capacity)) }
        if let error = monitor.brokerError { report["brokerError"] = .string(error) }
        return .object(report)
    }

    @Sendable func projects(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let project = try await store.project(id: principal.projectId) ?? Project(id: principal.projectId, name: principal.projectId)
        var entry: [String: JSONValue] = [
            "id": .string(project.id),
            "name": .string(project.name),
            "organization": .object(["id": .string("langfarm"), "name": .string("Langfarm")]),
            "metadata": .object([:]),
        ]
        // The window that applies, the project's own or the server's default; omitted when
        // data is kept for ever, as Langfuse omits it when no retention is configured.
        let retention = retention.retention(of: project)
        if retention != .forever { entry["retentionDays"] = .number(Double(retention.days)) }
        return JSONResponse.make(.ok, .object(["data": .array([.object(entry)])]))
    }
}
