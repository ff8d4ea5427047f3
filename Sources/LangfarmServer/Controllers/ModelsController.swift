import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// Langfuse's models API: list and read the definitions a project sees (its own and the
/// built-in ones), create project definitions, delete them. Built-in definitions are read-only:
/// a project overrides one by creating its own with a matching pattern.
struct ModelsController<Context: RequestContext> {
    let authenticator: Authenticator
    let store: any Store

    func addRoutes(to router: Router<Context>) {
        router.get("/api/public/models", use: list)
        router.post("/api/public/models", use: create)
        router.get("/api/public/models/{modelId}", use: get)
        router.delete("/api/public/models/{modelId}", use: delete)
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let pagination = try Pagination(request)
        let page = try await store.models(projectId: principal.projectId, page: pagination.page, limit: pagination.limit)
        return JSONResponse.make(.ok, .object([
            "data": .array(page.models.map(ModelPresenter.model)),
            "meta": pagination.meta(totalItems: page.totalItems),
        ]))
    }

    @Sendable func get(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let modelId = try context.parameters.requireDecoded("modelId")
        guard let model = try await store.model(projectId: principal.projectId, id: modelId) else {
            throw APIError.notFound("Model \(modelId) not found within authorized project")
        }
        return JSONResponse.make(.ok, ModelPresenter.model(model))
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        var body = try IngestionService.parseJSON(try await IngestionService.collectBody(request, limit: modelBodyLimit))
        if case .object(var members) = body {
            // Ids and times are the server's to assign, as in Langfuse (which ignores these keys).
            for key in ["id", "createdAt", "updatedAt"] { members[key] = nil }
            body = .object(members)
        }
        let model: ModelDefinition
        do {
            model = try ModelDefinitionReader.read(
                body, id: UUID().uuidString.lowercased(), projectId: principal.projectId, now: EpochMillis.now
            )
        } catch {
            throw APIError.invalidRequest([error.message])
        }
        do {
            try await store.createModel(model)
        } catch let taken as ModelNameTaken {
            throw APIError(.conflict, taken.description)
        }
        return JSONResponse.make(.ok, ModelPresenter.model(model))
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let principal = try await authenticator.authenticate(request)
        let modelId = try context.parameters.requireDecoded("modelId")
        guard try await store.deleteModel(projectId: principal.projectId, id: modelId) else {
            if let model = try await store.model(projectId: principal.projectId, id: modelId), model.isBuiltIn {
                throw APIError(
                    .forbidden,
                    "Model \(modelId) is built in and cannot be deleted; create a project model with the same matchPattern to override it"
                )
            }
            throw APIError.notFound("Model \(modelId) not found within authorized project")
        }
        return JSONResponse.make(.ok, .object(["message": .string("Model successfully deleted")]))
    }
}

/// Model definitions are small; a megabyte is far more than any real one.
private let modelBodyLimit = 1_048_576
