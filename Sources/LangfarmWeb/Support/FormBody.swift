import Hummingbird
import LangfarmCore

/// Reads an `application/x-www-form-urlencoded` body (at most 64 KiB) into `Form`.
enum FormBody {
    static let maxBytes = 64 * 1024

    static func decode<Form: Decodable>(_ type: Form.Type, from request: Request) async throws -> Form {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw HTTPError(.contentTooLarge, message: "The form is larger than 64 KiB.")
        }
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "The form could not be read; reload the page and try again.")
        }
    }

    /// Whether a form's CSRF token is the expected one (compared in constant time).
    static func csrfMatches(_ sent: String?, _ expected: String) -> Bool {
        guard let sent, !expected.isEmpty else { return false }
        return APIKeys.constantTimeEquals(sent, expected)
    }
}
