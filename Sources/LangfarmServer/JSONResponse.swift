import Hummingbird
import LangfarmCore
import NIOCore

/// Builds JSON responses from `JSONValue` trees.
enum JSONResponse {
    static let multiStatus = HTTPResponse.Status(code: 207, reasonPhrase: "Multi-Status")

    static func make(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        let text = body.jsonText
        var buffer = ByteBufferAllocator().buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: buffer)
        )
    }
}
