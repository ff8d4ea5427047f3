import Foundation

/// Percent-encoding of ids in the UI's links: ids are whatever a client sent (slashes, spaces,
/// `?`, any script), and must land in exactly one path segment or query value.
enum URLText {
    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// A path (already encoded) with query items.
    static func url(path: String, items: [URLQueryItem]) -> String {
        items.isEmpty ? path : path + "?" + query(items)
    }

    /// Query items as an encoded query string: everything but unreserved characters is
    /// percent-encoded, `+` too (the server, as browsers' forms, reads `+` back as a space).
    /// Built by hand rather than through `URLComponents`: a trace page builds one link per
    /// observation, ten thousand for a large trace.
    static func query(_ items: [URLQueryItem]) -> String {
        items.map { "\(queryValue($0.name))=\(queryValue($0.value ?? ""))" }.joined(separator: "&")
    }

    /// A project page's path: `/project/{projectId}/{page}`.
    static func projectPath(_ projectId: String, _ page: String) -> String {
        "/project/\(segment(projectId))/\(page)"
    }
}
