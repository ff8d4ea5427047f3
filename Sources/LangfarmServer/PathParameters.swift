import Foundation
import Hummingbird

extension Parameters {
    /// A path parameter with percent-encoding removed: ids are free strings (spaces, slashes,
    /// unicode), and clients encode them in the path.
    func requireDecoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError.invalidRequest(["path: '\(raw.prefix(100))' is not valid percent-encoding"])
        }
        // SQLite reads text up to a NUL: "t1%00x" would find t1.
        guard !decoded.utf8.contains(0) else {
            throw APIError.invalidRequest(["path: \(name) must not contain the NUL character (%00)"])
        }
        return decoded
    }
}
