import Crypto
import Foundation
import LangfarmCore

/// Opaque, tamper-proof cursors for keyset pages.
///
/// A cursor is the last row's position as base64url JSON, followed by a MAC over the endpoint,
/// the project and the position, keyed by a secret derived from the server's salt. A cursor
/// that was altered, made up, or issued for another endpoint or project fails the MAC and is
/// answered with a 400 naming `cursor`, instead of silently reading from another position.
struct CursorCodec: Sendable {
    /// The MAC key's bytes (a `SymmetricKey` is not `Sendable`).
    private let keyBytes: Data

    init(secret: String) {
        keyBytes = Data(SHA256.hash(data: Data("langfarm-cursor-v1:\(secret)".utf8)))
    }

    func encode<Position: Encodable>(_ position: Position, endpoint: String, projectId: String) -> String {
        let payload = (try? JSONEncoder().encode(position)) ?? Data()
        return Self.base64URL(payload) + "." + Self.base64URL(mac(payload, endpoint: endpoint, projectId: projectId))
    }

    func decode<Position: Decodable>(_ text: String, endpoint: String, projectId: String, as type: Position.Type = Position.self) throws -> Position {
        let invalid = APIError.invalidQuery(QueryError("cursor", "is not a cursor this endpoint issued for this project; start again without a cursor"))
        let parts = text.split(separator: ".")
        guard text.utf8.count <= 4096, parts.count == 2,
              let payload = Self.data(base64URL: parts[0]), let signature = Self.data(base64URL: parts[1]),
              signature == mac(payload, endpoint: endpoint, projectId: projectId),
              let position = try? JSONDecoder().decode(Position.self, from: payload)
        else { throw invalid }
        return position
    }

    private func mac(_ payload: Data, endpoint: String, projectId: String) -> Data {
        var message = Data("\(endpoint)\n\(projectId)\n".utf8)
        message.append(payload)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: keyBytes))).prefix(16)
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func data(base64URL text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
