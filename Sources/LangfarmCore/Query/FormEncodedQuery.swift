import Foundation

/// A URL query decoded as clients and browsers encode it: `+` for space, percent escapes,
/// repeated names for lists (in order). Shared by the API's parameters and the UI's forms.
public struct FormEncodedQuery: Sendable {
    /// Query strings longer than this are refused before they are read.
    public static let maxLength = 256 * 1024

    public let values: [String: [String]]

    /// No parameters.
    public init() {
        values = [:]
    }

    public init(_ query: String) throws(QueryError) {
        guard query.utf8.count <= Self.maxLength else { throw QueryError("query", "is longer than \(Self.maxLength) bytes") }
        var values: [String: [String]] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else {
                throw QueryError("query", "'\(parts[0].prefix(64))' is not valid percent-encoding")
            }
            guard let value = parts.count > 1 ? Self.decode(parts[1]) : "" else {
                throw QueryError(name, "is not valid percent-encoding")
            }
            // SQLite reads text up to a NUL: "t1%00x" would find t1.
            guard !value.utf8.contains(0), !name.utf8.contains(0) else {
                throw QueryError(name, "must not contain the NUL character (%00)")
            }
            values[name, default: []].append(value)
        }
        self.values = values
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The first value of `name`; nil when absent.
    public func first(_ name: String) -> String? { values[name]?.first }

    /// Every value of `name`, in order.
    public func all(_ name: String) -> [String] { values[name] ?? [] }
}
