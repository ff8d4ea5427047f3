import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// Saving and deleting the traces table's named views (`SavedViewStore`), for members who may
/// change the project. The saved query is the table's own rewrite of the posted one, so a view
/// holds only what the table understands.
struct SavedViewActions<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess

    /// How long a view's name may be, and how many views a project keeps.
    static var maxNameLength: Int { 100 }
    static var maxViews: Int { 200 }

    struct Form: ProjectForm {
        let _csrf: String?
        let name: String?
        let query: String?
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.post("/project/{projectId}/saved-views", use: save)
        router.post("/project/{projectId}/saved-views/{viewId}/delete", use: delete)
    }

    @Sendable func save(request: Request, context: Context) async throws -> Response {
        let (page, form) = try await member(request, context)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...Self.maxNameLength).contains(name.count) else {
            throw HTTPError(.badRequest, message: "A view needs a name of 1 to \(Self.maxNameLength) characters.")
        }
        let existing = try await store.savedViews(projectId: page.project.id)
        guard existing.count < Self.maxViews || existing.contains(where: { $0.name == name }) else {
            throw HTTPError(.badRequest, message: "This project has \(Self.maxViews) saved views; delete one first.")
        }
        let view = TraceTableView((try? FormEncodedQuery(form.query ?? "")) ?? FormEncodedQuery())
        let query = URLText.query(view.queryItems.filter { $0.name != "page" })
        try await store.saveView(SavedView(
            id: UUID().uuidString.lowercased(), projectId: page.project.id, name: name, query: query, createdAt: EpochMillis.now
        ))
        return HTMLResponse.redirect(to: URLText.projectPath(page.project.id, "traces") + "?" + query)
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let (page, _) = try await member(request, context)
        guard try await store.deleteSavedView(projectId: page.project.id, id: context.parameters.pageID("viewId")) else {
            return access.notFound(page.signedIn, what: "saved view", project: page.chrome.project)
        }
        return HTMLResponse.redirect(to: URLText.projectPath(page.project.id, "traces"))
    }

    /// The posted form of a member who may change the project.
    private func member(_ request: Request, _ context: Context) async throws -> (ProjectPageContext, Form) {
        let (page, form) = try await access.postedForm(request, projectId: context.parameters.pageID("projectId"), as: Form.self)
        guard page.role.canChange else { throw HTTPError(.forbidden, message: "Viewers cannot save or delete views.") }
        return (page, form)
    }
}
