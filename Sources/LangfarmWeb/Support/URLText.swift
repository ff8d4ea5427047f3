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
}
