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
        pairs.filter { $0.key == key }.flatMap { pair in
            pairs.count(where: { $0.key == key }) == 1 ? pair.value.split(separator: ",").map(String.init) : [pair.value]
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
