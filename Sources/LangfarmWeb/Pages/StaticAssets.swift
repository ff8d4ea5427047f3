import Hummingbird
import NIOCore

/// `/static/app.css` and `/static/app.js`, from the binary.
struct StaticAssets<Context: RequestContext> {
    func addRoutes(to router: some RouterMethods<Context>) {
        router.get("/static/app.css") { _, _ in Self.asset(StyleSheet.text, type: "text/css; charset=utf-8") }
        router.get("/static/app.js") { _, _ in Self.asset(Script.text, type: "text/javascript; charset=utf-8") }
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
