import Foundation
import Hummingbird
import LangfarmCore
import LangfarmStore
import Mustache

/// `/project/{projectId}/traces/{traceId}`: the trace's header, its observation tree or
/// timeline, and the input, output and metadata of the trace or of the observation
/// `?observation=` selects. A published trace is shown read-only to anyone with the link,
/// signed in or not; the actions are `TraceActions`.
struct TracePage<Context: RequestContext> {
    let store: any Store
    let access: ProjectAccess
    let templates: PageTemplates
    let traceDocument: TraceDocument

    /// One observation in the tree. Its fields are looked up by name (`MustacheParent`), not
    /// by reflection: a tree of 10,000 nodes is rendered in a fraction of the time.
    struct Node: MustacheParent {
        let nodeHref: String
        let nodeType: String
        let nodeName: String
        let nodeLevel: String
        let nodeDuration: String
        let nodeCost: String
        let nodeSelected: Bool
        let children: [Node]
        let hasChildren: Bool

        func child(named name: String) -> Any? {
            switch name {
            case "nodeHref": nodeHref
            case "nodeType": nodeType
            case "nodeName": nodeName
            case "nodeLevel": nodeLevel
            case "nodeDuration": nodeDuration
            case "nodeCost": nodeCost
            case "nodeSelected": nodeSelected
            case "children": children
            case "hasChildren": hasChildren
            default: nil
            }
        }
    }

    struct SelectedObservation {
        let observationType: String
        let observationName: String
        let facts: [Fact]
    }

    /// A score of the trace or of the selected observation.
    struct ScoreLine {
        let scoreName: String
        let scoreValue: String
        let scoreSource: String
        let scoreComment: String?
    }

    /// The forms of a member who may change the trace.
    struct Actions {
        let csrfToken: String
        let bookmarkAction: String
        let bookmarkValue: String
        let bookmarkLabel: String
        let publishAction: String
        let publishValue: String
        let publishLabel: String
        let tagsAction: String
        let tagsText: String
        let deleteAction: String
    }

    struct View {
        let chrome: Chrome?
        let id: String
        let name: String
        let traceHref: String
        let timestamp: String
        let latency: String
        let cost: String
        let costBreakdown: String?
        let tokens: String
        let userId: String?
        let sessionId: String?
        let environment: String
        let release: String?
        let version: String?
        let tags: [String]
        let bookmarked: Bool
        let isPublic: Bool
        /// Set for a visitor who sees the trace only because it is published.
        let publicVisitor: Bool
        let treeHref: String
        let timelineHref: String
        let nodes: [Node]
        let timeline: TraceTimeline?
        let selectedObservation: SelectedObservation?
        let scores: [ScoreLine]
        let hasScores: Bool
        let sections: [BodySection]
        let actions: Actions?
        let downloadHref: String?
    }

    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/project/{projectId}/traces/{traceId}", use: show)
        router.get("/project/{projectId}/traces/{traceId}/download", use: download)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let projectId = context.parameters.pageID("projectId")
        let traceId = context.parameters.pageID("traceId")
        let member: ProjectPageContext?
        let trace: TraceRow
        do {
            let page = try await access.page(request, projectId: projectId)
            guard let found = try await store.trace(projectId: projectId, id: traceId) else {
                return access.notFound(page.signedIn, what: "trace", project: page.chrome.project)
            }
            (member, trace) = (page, found)
        } catch let denied as PageDenied {
            // Whoever is not a member sees a published trace, and of any other exactly what
            // they would see for a trace that does not exist.
            guard let published = try await store.trace(projectId: projectId, id: traceId), published.isPublic else { throw denied }
            (member, trace) = (nil, published)
        }
        let visitor = member == nil ? try await access.sessions.signedIn(request) : nil
        let html = templates.render(try await view(of: trace, for: member, visitor: visitor, request: request), .trace)
        return HTMLResponse.page(html)
    }

    private func view(of trace: TraceRow, for member: ProjectPageContext?, visitor: SignedIn?, request: Request) async throws -> View {
        let projectId = trace.projectId
        // The tree needs no bodies; only the selected observation's are read.
        let observations = try await store.observations(projectId: projectId, traceId: trace.id, bodies: false)
        let aggregates = try await store.traceAggregates(projectId: projectId, traceId: trace.id) ?? TraceAggregates()
        let query = request.uri.queryParameters
        var selected: ObservationRow?
        if let selectedId = query["observation"].map(String.init), observations.contains(where: { $0.id == selectedId }) {
            selected = try await store.observation(projectId: projectId, id: selectedId)
        }
        let showTimeline = query["view"] == "timeline"
        let tree = ObservationTree(observations)
        let href = { (observationId: String?, timeline: Bool, zoomId: String?) in
            TraceLink.href(projectId: projectId, traceId: trace.id, observationId: observationId, timeline: timeline, zoomId: zoomId)
        }
        let base = href(nil, false, nil)
        let scores = try await store.scores(projectId: projectId, traceId: trace.id).filter { $0.observationId == selected?.id }.map { score in
            ScoreLine(
                scoreName: score.name, scoreValue: score.stringValue ?? score.value.map { String(format: "%g", $0) } ?? "",
                scoreSource: score.source, scoreComment: score.comment
            )
        }
        return View(
            chrome: member?.chrome ?? visitor.map { Chrome($0) }, id: trace.id, name: trace.name ?? trace.id,
            traceHref: href(nil, showTimeline, nil), timestamp: Format.time(trace.timestamp),
            latency: Format.latency(aggregates.latencyMillis), cost: Format.cost(aggregates.totalCost),
            costBreakdown: Self.breakdown(observations.reduce(into: [:]) { sums, observation in
                sums.merge(observation.costDetails, uniquingKeysWith: +)
            }),
            tokens: Format.integer(aggregates.totalTokens), userId: trace.userId, sessionId: trace.sessionId,
            environment: trace.environment, release: trace.release, version: trace.version, tags: trace.tags,
            bookmarked: trace.bookmarked, isPublic: trace.isPublic, publicVisitor: member == nil,
            treeHref: href(selected?.id, false, nil), timelineHref: href(selected?.id, true, nil),
            nodes: showTimeline ? [] : tree.roots.map { node($0, selectedId: selected?.id, href: { href($0, false, nil) }) },
            timeline: showTimeline
                ? TraceTimeline(tree, selectedId: selected?.id, zoomId: query["zoom"].map(String.init)) { href($0, true, $1) }
                : nil,
            selectedObservation: selected.map(Self.selected),
            scores: scores, hasScores: !scores.isEmpty,
            sections: BodySection.sections(
                input: selected?.input ?? trace.input, output: selected?.output ?? trace.output, metadata: selected?.metadata ?? trace.metadata,
                limit: query["full"] == "1" ? nil : Self.bodyLimit,
                fullHref: href(selected?.id, showTimeline, nil) + (selected == nil && !showTimeline ? "?full=1" : "&full=1")
            ),
            actions: member.flatMap { page in
                guard page.role.canChange else { return nil }
                return Actions(
                    csrfToken: page.signedIn.session.csrfToken,
                    bookmarkAction: base + "/bookmark", bookmarkValue: String(!trace.bookmarked),
                    bookmarkLabel: trace.bookmarked ? "Remove bookmark" : "Bookmark",
                    publishAction: base + "/publish", publishValue: String(!trace.isPublic),
                    publishLabel: trace.isPublic ? "Unpublish" : "Publish",
                    tagsAction: base + "/tags", tagsText: trace.tags.joined(separator: "\n"), deleteAction: base + "/delete"
                )
            },
            downloadHref: member == nil ? nil : base + "/download"
        )
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

    private func node(_ node: ObservationTree.Node, selectedId: String?, href: (String) -> String) -> Node {
        let observation = node.observation
        let children = node.children.map { self.node($0, selectedId: selectedId, href: href) }
        return Node(
            nodeHref: href(observation.id),
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
            ("Time to first token", observation.completionStartTime.map { Format.latency($0 - observation.startTime) }),
            ("Level", observation.level), ("Model", observation.providedModelName),
            ("Parameters", observation.modelParameters.map { $0.jsonText }),
            ("Cost", observation.totalCost.map(Format.cost)), ("Cost details", Self.breakdown(observation.costDetails)),
            ("Usage", usage.isEmpty ? nil : usage.joined(separator: ", ")),
            ("Prompt", observation.promptName.map { name in observation.promptVersion.map { "\(name) v\($0)" } ?? name }),
            ("Status", observation.statusMessage),
        ]
        return SelectedObservation(
            observationType: observation.type, observationName: observation.name ?? observation.id,
            facts: facts.compactMap { label, value in value.map { Fact(label: label, value: $0) } }
        )
    }

    /// Costs by usage type (`input $0.01, output $0.002`), without the total; nil when there
    /// is nothing but a total.
    static func breakdown(_ costs: [String: Decimal]) -> String? {
        let parts = costs.filter { $0.key != "total" }.sorted { $0.key < $1.key }.map { "\($0.key) \(Format.cost($0.value))" }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// How much of an input, output or metadata text a trace page shows before a link to the
    /// rest: a 5 MB input would otherwise make a 5 MB page that the browser lays out at once.
    static var bodyLimit: Int { 100_000 }
}
