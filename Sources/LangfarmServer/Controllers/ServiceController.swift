import Hummingbird
import LangfarmCore
import LangfarmStore

/// `GET /api/public/health` (no auth) and `GET /api/public/projects` (the key's own project).
struct ServiceController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store
    let version: String

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
        return JSONResponse.make(.ok, .object(["status": .string("OK"), "version": .string(version)]))
    }

    @Sendable func projects(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let project = try await store.project(id: principal.projectId)
        let entry: JSONValue = .object([
            "id": .string(principal.projectId),
            "name": .string(project?.name ?? principal.projectId),
            "organization": .object(["id": .string("langfarm"), "name": .string("Langfarm")]),
            "metadata": .object([:]),
        ])
        return JSONResponse.make(.ok, .object(["data": .array([entry])]))
    }
}
