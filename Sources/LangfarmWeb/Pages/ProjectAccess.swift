import Hummingbird
import LangfarmCore
import LangfarmStore

/// Who may see a project page: a signed-in member. Anyone else is sent to sign in (with the
/// page to return to), and a signed-in non-member gets the same 404 as for a project that does
/// not exist, so that project ids cannot be probed.
struct ProjectAccess: Sendable {
    enum Outcome {
        case granted(ProjectPageContext)
        case denied(Response)
    }

    let store: any Store
    let sessions: WebSessions
    let templates: PageTemplates

    func check(_ request: Request, projectId: String) async throws -> Outcome {
        guard let signedIn = try await sessions.signedIn(request) else {
            let next = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            return .denied(HTMLResponse.redirect(to: "/auth/sign-in?next=\(URLText.queryValue(next))"))
        }
        guard let role = signedIn.role(in: projectId), let project = try await store.project(id: projectId) else {
            return .denied(notFound(signedIn, what: "project"))
        }
        return .granted(ProjectPageContext(signedIn: signedIn, project: project, role: role))
    }

    /// The 404 page, with the top bar of whoever is signed in.
    func notFound(_ signedIn: SignedIn?, what: String, project: Chrome.ProjectLink? = nil) -> Response {
        let view = MessageView(
            chrome: signedIn.map { Chrome($0, project: project) }, heading: "Not found",
            message: "There is no such \(what), or you are not a member of its project."
        )
        return HTMLResponse.page(templates.render(view, .message), status: .notFound)
    }
}

/// A project page's request: the member, the project and their role in it.
struct ProjectPageContext: Sendable {
    let signedIn: SignedIn
    let project: Project
    let role: ProjectRole

    var chrome: Chrome { Chrome(signedIn, project: Chrome.ProjectLink(id: project.id, name: project.name)) }
}
