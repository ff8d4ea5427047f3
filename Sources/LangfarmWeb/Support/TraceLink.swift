import Foundation

/// Links to a trace page, from every page that lists traces or observations.
enum TraceLink {
    /// A trace's URL; the ids are percent-encoded as path segment and query values.
    /// `timeline` shows the timeline instead of the tree, zoomed into `zoomId` if set.
    static func href(projectId: String, traceId: String, observationId: String? = nil, timeline: Bool = false, zoomId: String? = nil) -> String {
        let path = URLText.projectPath(projectId, "traces") + "/\(URLText.segment(traceId))"
        var items: [URLQueryItem] = []
        if let observationId { items.append(URLQueryItem(name: "observation", value: observationId)) }
        if timeline { items.append(URLQueryItem(name: "view", value: "timeline")) }
        if let zoomId { items.append(URLQueryItem(name: "zoom", value: zoomId)) }
        return URLText.url(path: path, items: items)
    }
}
