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

    /// Query items as an encoded query string. `+` is encoded too: the server, as browsers'
    /// forms, reads it back as a space.
    static func query(_ items: [URLQueryItem]) -> String {
        var components = URLComponents()
        components.queryItems = items
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    /// A project page's path: `/project/{projectId}/{page}`.
    static func projectPath(_ projectId: String, _ page: String) -> String {
        "/project/\(segment(projectId))/\(page)"
    }
}
