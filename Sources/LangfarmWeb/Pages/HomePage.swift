import Hummingbird
import LangfarmStore

/// `/`: a signed-in user goes to their first project's traces; anyone else to sign in.
struct HomePage<Context: RequestContext> {
    let sessions: WebSessions
    let templates: PageTemplates

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/", use: show)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        guard let signedIn = try await sessions.signedIn(request) else { return HTMLResponse.redirect(to: "/auth/sign-in") }
        guard let first = signedIn.memberships.first else {
            let view = MessageView(
                chrome: Chrome(signedIn), heading: "No projects yet",
                message: "You are not a member of any project. Ask a project's owner to add you, or run: langfarm users create --project ID …"
            )
            return HTMLResponse.page(templates.render(view, .message))
        }
        return HTMLResponse.redirect(to: URLText.projectPath(first.projectId, "traces"))
    }
}
