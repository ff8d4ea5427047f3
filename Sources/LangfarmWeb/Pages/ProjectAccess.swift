import Hummingbird
import LangfarmCore
import LangfarmStore

/// Who may see a project page: a signed-in member. Anyone else is sent to sign in (with the
/// page to return to), and a signed-in non-member gets the same 404 as for a project that does
/// not exist, so that project ids cannot be probed.
struct ProjectAccess: Sendable {
    let store: any Store
    let sessions: WebSessions
    let templates: PageTemplates

    /// The page's member and project, or throws `PageDenied` with the answer to give instead.
    func page(_ request: Request, projectId: String) async throws -> ProjectPageContext {
        guard let signedIn = try await sessions.signedIn(request) else {
            let next = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            throw PageDenied(answer: HTMLResponse.redirect(to: "/auth/sign-in?next=\(URLText.queryValue(next))"))
        }
        guard let role = signedIn.role(in: projectId), let project = try await store.project(id: projectId) else {
            throw PageDenied(answer: notFound(signedIn, what: "project"))
        }
        return ProjectPageContext(signedIn: signedIn, project: project, role: role)
    }

    /// A state-changing form posted to a project page: decoded, its poster a member, and its
    /// CSRF token the session's; or throws the answer to give instead. Roles are the caller's
    /// to check.
    func postedForm<Form: ProjectForm>(_ request: Request, projectId: String, as type: Form.Type) async throws -> (ProjectPageContext, Form) {
        let form = try await FormBody.decode(Form.self, from: request)
        let page = try await page(request, projectId: projectId)
        guard FormBody.csrfMatches(form._csrf, page.signedIn.session.csrfToken) else {
            throw HTTPError(.forbidden, message: "The form's security token is missing or wrong; reload the page and try again.")
        }
        return (page, form)
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

/// A form that changes a project, carrying the session's CSRF token.
protocol ProjectForm: Decodable {
    var _csrf: String? { get }
}

/// A project page's request: the member, the project and their role in it.
struct ProjectPageContext: Sendable {
    let signedIn: SignedIn
    let project: Project
    let role: ProjectRole

    var chrome: Chrome { Chrome(signedIn, project: Chrome.ProjectLink(id: project.id, name: project.name)) }
}

/// A project page that is not shown, with the answer given instead (a sign-in redirect, or the
/// 404 page): thrown, so that every page checks access in one line.
struct PageDenied: HTTPResponseError {
    let answer: Response

    var status: HTTPResponse.Status { answer.status }

    func response(from request: Request, context: some RequestContext) throws -> Response { answer }
}
