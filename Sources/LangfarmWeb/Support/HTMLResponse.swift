import Hummingbird
import NIOCore

/// HTML pages and redirects.
enum HTMLResponse {
    static func page(_ html: String, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> Response {
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html))
        )
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// A 303: the browser follows it with a GET, so a reloaded page never re-posts a form.
    static func redirect(to location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
