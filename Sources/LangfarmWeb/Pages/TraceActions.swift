import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// The trace page's buttons: bookmark, publish, edit tags and delete. Each is a form posted
/// with the session's CSRF token by a member who may change the project, refused while the
/// server takes no writes, and answered with a redirect back to the trace.
struct TraceActions<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let writes: WebWrites

    struct Form: ProjectForm {
        let _csrf: String?
        let bookmarked: String?
        let `public`: String?
        let tags: String?
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.post("/project/{projectId}/traces/{traceId}/bookmark", use: bookmark)
        router.post("/project/{projectId}/traces/{traceId}/publish", use: publish)
        router.post("/project/{projectId}/traces/{traceId}/tags", use: editTags)
        router.post("/project/{projectId}/traces/{traceId}/delete", use: delete)
    }

    @Sendable func bookmark(request: Request, context: Context) async throws -> Response {
        try await edit(request, context) { form, trace in
            TraceEdit(traceId: trace.id, bookmarked: try Self.flag(form.bookmarked, named: "bookmarked"))
        }
    }

    @Sendable func publish(request: Request, context: Context) async throws -> Response {
        try await edit(request, context) { form, trace in
            TraceEdit(traceId: trace.id, isPublic: try Self.flag(form.public, named: "public"))
        }
    }

    @Sendable func editTags(request: Request, context: Context) async throws -> Response {
        try await edit(request, context) { form, trace in
            TraceEdit(traceId: trace.id, tags: try EditedTags.parse(form.tags ?? ""), replacing: trace.tags)
        }
    }

    /// Deletes the trace with its observations, scores and logged events (as the API's
    /// `DELETE /api/public/traces/{id}`).
    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let (page, traceId, _) = try await authorise(request, context, doing: "delete traces")
        guard try await store.deleteTraces(projectId: page.project.id, ids: [traceId]) > 0 else {
            return access.notFound(page.signedIn, what: "trace", project: page.chrome.project)
        }
        return HTMLResponse.redirect(to: URLText.projectPath(page.project.id, "traces"))
    }

    /// Commits the edit `change` makes of the posted form and the trace as it stands.
    private func edit(_ request: Request, _ context: Context, _ change: (Form, TraceRow) throws -> TraceEdit) async throws -> Response {
        let (page, traceId, form) = try await authorise(request, context, doing: "change traces")
        guard let trace = try await store.trace(projectId: page.project.id, id: traceId) else {
            return access.notFound(page.signedIn, what: "trace", project: page.chrome.project)
        }
        let now = EpochMillis.now
        let event = try change(form, trace).event(id: UUID().uuidString.lowercased(), at: now)
        try await writes.commit(EventBatch(projectId: page.project.id, events: [event], receivedAt: now))
        return HTMLResponse.redirect(to: TraceLink.href(projectId: page.project.id, traceId: trace.id))
    }

    /// The member posting a trace action with a valid CSRF token and a role that may change the
    /// project, while the server takes writes; or throws the answer to give instead.
    private func authorise(_ request: Request, _ context: Context, doing action: String) async throws -> (ProjectPageContext, String, Form) {
        let (page, form) = try await access.postedForm(request, projectId: context.parameters.pageID("projectId"), as: Form.self)
        guard page.role.canChange else { throw HTTPError(.forbidden, message: "Viewers cannot \(action).") }
        try writes.checkAllowed()
        return (page, context.parameters.pageID("traceId"), form)
    }

    private static func flag(_ value: String?, named name: String) throws -> Bool {
        switch value {
        case "true": return true
        case "false": return false
        default: throw HTTPError(.badRequest, message: "The form's \(name) field must be true or false.")
        }
    }
}
