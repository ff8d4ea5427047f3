import Foundation

/// An id taken from a URL path: ids are free strings (spaces, slashes, any script), and clients
/// percent-encode them. Shared by the API's and the UI's routes.
public enum PathSegment {
    /// The decoded segment; refused when its escapes are invalid, or when it holds a NUL, which
    /// SQLite would read as the end of the text ("t1%00x" would find t1).
    public static func decoded(_ raw: String, name: String) throws(QueryError) -> String {
        guard let decoded = raw.removingPercentEncoding else {
            throw QueryError("path", "'\(raw.prefix(100))' is not valid percent-encoding")
        }
        guard !decoded.utf8.contains(0) else { throw QueryError("path", "\(name) must not contain the NUL character (%00)") }
        return decoded
    }
}
