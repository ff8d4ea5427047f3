import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore

/// `/project/{projectId}/traces/{traceId}`: the trace's header, its observation tree, and the
/// input, output and metadata of the trace or of the observation `?observation=` selects.
struct TracePage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates
    /// Throws when the server takes no writes now (`WebUI`).
    let checkWritesAllowed: @Sendable () throws -> Void
    let traceDocument: TraceDocument

    /// Stored properties only: Mustache reads values by reflection, which sees no computed ones.
    struct Node {
        let nodeHref: String
        let nodeType: String
        let nodeName: String
        let nodeLevel: String
        let nodeDuration: String
        let nodeCost: String
        let nodeSelected: Bool
        let children: [Node]
        let hasChildren: Bool
    }

    struct SelectedObservation {
        let observationType: String
        let observationName: String
        let facts: [Fact]
    }

    struct Section {
        let title: String
        let messages: [Message]
        /// Set when the text was cut (`Message.cut`): what was left out, with a link to all of it.
        let cutNote: String?
        let fullHref: String?
    }

    struct View {
        let chrome: Chrome
        let id: String
        let name: String
        let traceHref: String
        let timestamp: String
        let latency: String
        let cost: String
        let tokens: String
        let userId: String?
        let sessionId: String?
        let environment: String
        let release: String?
        let version: String?
        let tags: [String]
        let nodes: [Node]
        let selectedObservation: SelectedObservation?
        let sections: [Section]
        let canChange: Bool
        let deleteAction: String
        let downloadHref: String
    }

    struct DeleteForm: Decodable {
        let _csrf: String?
    }

    /// A trace's URL; the ids are percent-encoded as path segment and query value.
    static func href(projectId: String, traceId: String, observationId: String? = nil) -> String {
        let path = URLText.projectPath(projectId, "traces") + "/\(URLText.segment(traceId))"
        return observationId.map { "\(path)?observation=\(URLText.queryValue($0))" } ?? path
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/traces/{traceId}", use: show)
        router.post("/project/{projectId}/traces/{traceId}/delete", use: delete)
        router.get("/project/{projectId}/traces/{traceId}/download", use: download)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let traceId = context.parameters.pageID("traceId")
        let page = try await access.page(request, projectId: projectId)
        guard let trace = try await store.trace(projectId: projectId, id: traceId) else {
            return access.notFound(page.signedIn, what: "trace", project: page.chrome.project)
        }
        let observations = try await store.observations(projectId: projectId, traceId: traceId)
        let aggregates = try await store.traceAggregates(projectId: projectId, traceId: traceId) ?? TraceAggregates()
        let selectedId = request.uri.queryParameters["observation"].map(String.init)
        let showAll = request.uri.queryParameters["full"] == "1"
        let selected = observations.first { $0.id == selectedId }
        let html = templates.render(View(
            chrome: page.chrome, id: trace.id, name: trace.name ?? trace.id,
            traceHref: Self.href(projectId: projectId, traceId: trace.id), timestamp: Format.time(trace.timestamp),
            latency: Format.latency(aggregates.latencyMillis), cost: Format.cost(aggregates.totalCost),
            tokens: Format.integer(aggregates.totalTokens), userId: trace.userId, sessionId: trace.sessionId,
            environment: trace.environment, release: trace.release, version: trace.version, tags: trace.tags,
            nodes: ObservationTree(observations).roots.map { node($0, projectId: projectId, selectedId: selected?.id) },
            selectedObservation: selected.map(Self.selected),
            sections: sections(
                input: selected?.input ?? trace.input, output: selected?.output ?? trace.output, metadata: selected?.metadata ?? trace.metadata,
                limit: showAll ? nil : Self.bodyLimit,
                fullHref: Self.href(projectId: projectId, traceId: trace.id, observationId: selected?.id) + (selected == nil ? "?full=1" : "&full=1")
            ),
            canChange: page.role.canChange, deleteAction: Self.href(projectId: projectId, traceId: trace.id) + "/delete",
            downloadHref: Self.href(projectId: projectId, traceId: trace.id) + "/download"
        ), .trace)
        return HTMLResponse.page(html)
    }

    /// The trace with its observations and scores as one JSON file, as the API answers
    /// `GET /api/public/traces/{id}`.
    @Sendable func download(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let traceId = context.parameters.pageID("traceId")
        let page = try await access.page(request, projectId: projectId)
        guard let document = try await traceDocument(projectId, traceId) else {
            return access.notFound(page.signedIn, what: "trace", project: page.chrome.project)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentDisposition: "attachment; filename=\"trace-\(URLText.segment(traceId)).json\""],
            body: .init(byteBuffer: ByteBuffer(string: document.jsonText))
        )
    }

    /// Deletes the trace with its observations, scores and logged events (as the API's
    /// `DELETE /api/public/traces/{id}`), for members who may change the project.
    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let traceId = context.parameters.pageID("traceId")
        let form = try await FormBody.decode(DeleteForm.self, from: request)
        let page = try await access.page(request, projectId: projectId)
        guard FormBody.csrfMatches(form._csrf, page.signedIn.session.csrfToken) else {
            throw HTTPError(.forbidden, message: "The form's security token is missing or wrong; reload the page and try again.")
        }
        guard page.role.canChange else { throw HTTPError(.forbidden, message: "Viewers cannot delete traces.") }
        try checkWritesAllowed()
        guard try await store.deleteTraces(projectId: projectId, ids: [traceId]) > 0 else {
            return access.notFound(page.signedIn, what: "trace", project: page.chrome.project)
        }
        return HTMLResponse.redirect(to: URLText.projectPath(projectId, "traces"))
    }

    private func node(_ node: ObservationTree.Node, projectId: String, selectedId: String?) -> Node {
        let observation = node.observation
        let children = node.children.map { self.node($0, projectId: projectId, selectedId: selectedId) }
        return Node(
            nodeHref: Self.href(projectId: projectId, traceId: observation.traceId, observationId: observation.id),
            nodeType: observation.type, nodeName: observation.name ?? observation.id, nodeLevel: observation.level,
            nodeDuration: Format.latency(observation.endTime.map { $0 - observation.startTime }),
            nodeCost: observation.totalCost.map(Format.cost) ?? "", nodeSelected: observation.id == selectedId,
            children: children, hasChildren: !children.isEmpty
        )
    }

    private static func selected(_ observation: ObservationRow) -> SelectedObservation {
        let usage = observation.usageDetails.sorted { $0.key < $1.key }.map { "\($0.key): \(Format.integer($0.value))" }
        let facts: [(String, String?)] = [
            ("Start", Format.time(observation.startTime)),
            ("Duration", Format.latency(observation.endTime.map { $0 - observation.startTime })),
            ("Level", observation.level), ("Model", observation.providedModelName), ("Cost", observation.totalCost.map(Format.cost)),
            ("Usage", usage.isEmpty ? nil : usage.joined(separator: ", ")), ("Status", observation.statusMessage),
        ]
        return SelectedObservation(
            observationType: observation.type, observationName: observation.name ?? observation.id,
            facts: facts.compactMap { label, value in value.map { Fact(label: label, value: $0) } }
        )
    }

    /// How much of an input, output or metadata text a trace page shows before a link to the
    /// rest: a 5 MB input would otherwise make a 5 MB page that the browser lays out at once.
    static var bodyLimit: Int { 100_000 }

    private func sections(
        input: JSONValue?, output: JSONValue?, metadata: [String: JSONValue], limit: Int?, fullHref: String
    ) -> [Section] {
        let parts: [(String, JSONValue?)] = [("Input", input), ("Output", output), ("Metadata", metadata.isEmpty ? nil : .object(metadata))]
        return parts.compactMap { title, value in
            guard let value else { return nil }
            let messages = Message.messages(value)
            let shown = limit.map { Message.cut(messages, to: $0) } ?? messages
            let total = messages.reduce(0) { $0 + $1.text.utf8.count }
            let cut = shown.reduce(0) { $0 + $1.text.utf8.count } < total
            return Section(
                title: title, messages: shown,
                cutNote: cut ? "Showing the first \(Format.integer(Double(limit ?? 0) / 1000)) KB of \(Format.integer(Double(total) / 1000)) KB." : nil,
                fullHref: cut ? fullHref : nil
            )
        }
    }
}
