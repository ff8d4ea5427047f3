import Foundation
import Hummingbird

/// A request's query string decoded as a form (`application/x-www-form-urlencoded`): `+` is a
/// space, as Python's `urlencode` (the Langfuse SDKs' HTTP client) writes the spaces of a
/// JSON parameter, and a key may repeat (`tags=a&tags=b`).
struct FormQuery {
    private let pairs: [(key: String, value: String)]

    init(_ request: Request) {
        pairs = (request.uri.query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of `key`; nil when absent.
    subscript(_ key: String) -> String? {
        pairs.first { $0.key == key }?.value
    }

    /// Every value of `key`, with comma-separated lists split (Langfuse reads a single `tags`
    /// or `environment` value as a comma-separated list).
    func list(_ key: String) -> [String] {
        let values = pairs.filter { $0.key == key }.map(\.value)
        return values.count == 1 ? values[0].split(separator: ",").map(String.init) : values
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
