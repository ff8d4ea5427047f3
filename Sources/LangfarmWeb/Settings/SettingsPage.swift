import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/settings`: the project's API keys (a new secret is shown once), its
/// members and roles, and model prices (built-in and the project's own). Owners and members
/// change keys and prices, only owners change members; viewers read. Every change is a POST
/// with the session's CSRF token and answers with a redirect back (or the page with a message).
struct SettingsPage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates
    /// Secrets are stored as Langfuse's salted hash, as `langfarm keys create` stores them.
    let salt: String

    struct KeyRow {
        let publicKey: String
        let displaySecret: String
        let keyName: String
        let created: String
    }

    struct MemberRow {
        let userId: String
        let email: String
        let roles: [Option]
        let roleName: String
        let isSelf: Bool
    }

    struct ModelRow {
        let modelId: String
        let modelName: String
        let matchPattern: String
        let prices: String
        let own: Bool
    }

    struct View {
        let chrome: Chrome
        let canChange: Bool
        let canManageMembers: Bool
        let notice: String?
        let error: String?
        let newKey: NewKey?
        let keys: [KeyRow]
        let members: [MemberRow]
        let roleOptions: [Option]
        let models: [ModelRow]
    }

    struct NewKey {
        let newPublicKey: String
        let newSecretKey: String
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/settings", use: show)
        router.post("/project/{projectId}/settings/keys", use: createKey)
        router.post("/project/{projectId}/settings/keys/revoke", use: revokeKey)
        router.post("/project/{projectId}/settings/members", use: setMember)
        router.post("/project/{projectId}/settings/members/remove", use: removeMember)
        router.post("/project/{projectId}/settings/models", use: createModel)
        router.post("/project/{projectId}/settings/models/delete", use: deleteModel)
    }

    struct Form: ProjectForm {
        let _csrf: String?
        let name: String?
        let publicKey: String?
        let email: String?
        let role: String?
        let userId: String?
        let modelName: String?
        let matchPattern: String?
        let inputPrice: String?
        let outputPrice: String?
        let modelId: String?
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let page = try await access.page(request, projectId: projectId)
        let done = (FormEncodedQuery.lenient(request)).first("done")
        return try await render(page, notice: done.flatMap { Self.notices[$0] })
    }

    /// What a redirect back after a change says.
    static var notices: [String: String] { [
        "key-revoked": "The key was revoked. Servers stop accepting it within 10 seconds.",
        "member-saved": "The member's role was saved.", "member-removed": "The member was removed.",
        "model-created": "The model price was added.", "model-deleted": "The model price was deleted.",
    ] }

    private func render(
        _ page: ProjectPageContext, notice: String? = nil, error: String? = nil, newKey: NewKey? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let projectId = page.project.id
        let keys = try await store.apiKeys().filter { $0.projectId == projectId }
        var members: [MemberRow] = []
        for membership in try await store.members(projectId: projectId) {
            guard let user = try await store.user(id: membership.userId) else { continue }
            members.append(MemberRow(
                userId: user.id, email: user.email,
                roles: ProjectRole.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == membership.role) },
                roleName: membership.role.rawValue.capitalized, isSelf: user.id == page.signedIn.user.id
            ))
        }
        let models = try await store.models(projectId: projectId, page: 1, limit: 1000).models
        let view = View(
            chrome: page.chrome, canChange: page.role.canChange, canManageMembers: page.role.canManageMembers, notice: notice, error: error,
            newKey: newKey,
            keys: keys.map { KeyRow(publicKey: $0.publicKey, displaySecret: $0.displaySecret, keyName: $0.name ?? "", created: Format.time($0.createdAt)) },
            members: members,
            roleOptions: ProjectRole.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == .member) },
            models: models.map { model in
                let prices = (model.pricingTiers.first { $0.isDefault } ?? model.pricingTiers.first)?.prices
                    .sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") ?? ""
                return ModelRow(modelId: model.id, modelName: model.modelName, matchPattern: model.matchPattern, prices: prices, own: model.projectId != nil)
            }
        )
        return HTMLResponse.page(templates.render(view, .settings), status: status)
    }

    /// Runs a change for a member whose role allows it, after checking the form's CSRF token.
    private func change(
        _ request: Request, _ context: Context, needs allowed: (ProjectRole) -> Bool,
        _ body: (ProjectPageContext, Form) async throws -> Response
    ) async throws -> Response {
        let (page, form) = try await access.postedForm(request, projectId: context.parameters.pageID("projectId"), as: Form.self)
        guard allowed(page.role) else {
            return try await render(page, error: "Your role (\(page.role.rawValue.lowercased())) cannot change this.", status: .forbidden)
        }
        return try await body(page, form)
    }

    private func back(_ page: ProjectPageContext, _ done: String) -> Response {
        HTMLResponse.redirect(to: URLText.projectPath(page.project.id, "settings") + "?done=\(done)")
    }

    @Sendable func createKey(request: Request, context: Context) async throws -> Response {
        try await change(request, context, needs: \.canChange) { page, form in
            let (publicKey, secretKey) = APIKeys.generatePair()
            let name = String((form.name ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
            try await store.insertAPIKey(APIKeyRecord(
                publicKey: publicKey, hashedSecret: APIKeys.hashSecret(secretKey, salt: salt), displaySecret: APIKeys.displaySecret(secretKey),
                projectId: page.project.id, name: name.isEmpty ? nil : name, createdAt: .now
            ))
            // Shown in this answer only: it is not stored, so no later page can show it.
            return try await render(page, notice: "Copy the secret key now: it is not shown again.", newKey: NewKey(newPublicKey: publicKey, newSecretKey: secretKey))
        }
    }

    @Sendable func revokeKey(request: Request, context: Context) async throws -> Response {
        try await change(request, context, needs: \.canChange) { page, form in
            guard let publicKey = form.publicKey, let key = try await store.apiKey(publicKey: publicKey), key.projectId == page.project.id else {
                return try await render(page, error: "No such key in this project.", status: .notFound)
            }
            _ = try await store.revokeAPIKey(publicKey: key.publicKey)
            return back(page, "key-revoked")
        }
    }

    @Sendable func setMember(request: Request, context: Context) async throws -> Response {
        try await change(request, context, needs: \.canManageMembers) { page, form in
            guard let role = form.role.flatMap(ProjectRole.init(rawValue:)) else {
                return try await render(page, error: "Choose a role: owner, member or viewer.", status: .badRequest)
            }
            let user: UserAccount?
            if let userId = form.userId, !userId.isEmpty {
                user = try await store.members(projectId: page.project.id).contains { $0.userId == userId } ? try await store.user(id: userId) : nil
            } else {
                user = try await store.user(email: form.email ?? "")
            }
            guard let user else {
                return try await render(page, error: "No user with that email. Create one with: langfarm users create --email …", status: .badRequest)
            }
            if role != .owner, try await isLastOwner(user.id, in: page.project.id) {
                return try await render(page, error: "A project keeps at least one owner.", status: .conflict)
            }
            try await store.setMembership(Membership(projectId: page.project.id, userId: user.id, role: role))
            return back(page, "member-saved")
        }
    }

    @Sendable func removeMember(request: Request, context: Context) async throws -> Response {
        try await change(request, context, needs: \.canManageMembers) { page, form in
            let userId = form.userId ?? ""
            if try await isLastOwner(userId, in: page.project.id) {
                return try await render(page, error: "A project keeps at least one owner.", status: .conflict)
            }
            guard try await store.removeMembership(projectId: page.project.id, userId: userId) else {
                return try await render(page, error: "That user is not a member.", status: .notFound)
            }
            return back(page, "member-removed")
        }
    }

    private func isLastOwner(_ userId: String, in projectId: String) async throws -> Bool {
        let owners = try await store.members(projectId: projectId).filter { $0.role == .owner }
        return owners.count == 1 && owners[0].userId == userId
    }

    @Sendable func createModel(request: Request, context: Context) async throws -> Response {
        try await change(request, context, needs: \.canChange) { page, form in
            var body: [String: JSONValue] = [
                "modelName": .string(form.modelName ?? ""), "matchPattern": .string(form.matchPattern ?? ""), "unit": "TOKENS",
            ]
            for (field, text) in [("inputPrice", form.inputPrice), ("outputPrice", form.outputPrice)] {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
                guard let price = Double(text), price >= 0 else {
                    return try await render(page, error: "\(field): '\(text.prefix(40))' is not a price per token.", status: .badRequest)
                }
                body[field] = .number(price)
            }
            do {
                let model = try ModelDefinitionReader.read(.object(body), id: UUID().uuidString.lowercased(), projectId: page.project.id, now: .now)
                try await store.createModel(model)
            } catch let invalid as ValidationError {
                return try await render(page, error: invalid.message, status: .badRequest)
            } catch let taken as ModelNameTaken {
                return try await render(page, error: taken.description, status: .conflict)
            }
            return back(page, "model-created")
        }
    }

    @Sendable func deleteModel(request: Request, context: Context) async throws -> Response {
        try await change(request, context, needs: \.canChange) { page, form in
            guard try await store.deleteModel(projectId: page.project.id, id: form.modelId ?? "") else {
                return try await render(page, error: "No such model price of this project (built-in prices cannot be deleted).", status: .notFound)
            }
            return back(page, "model-deleted")
        }
    }
}
