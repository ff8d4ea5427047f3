import Hummingbird
import LangfarmCore

extension Parameters {
    /// An id from a page's path, decoded as the API decodes it (`PathSegment`); one that
    /// cannot be decoded names nothing, so the page answers 404 for it.
    func pageID(_ name: String) -> String {
        (try? PathSegment.decoded(get(name) ?? "", name: name)) ?? ""
    }
}

extension FormEncodedQuery {
    /// A page's query; one that cannot be read (bad escapes, a NUL) reads as no parameters, so
    /// the page shows its default view.
    static func lenient(_ request: Request) -> FormEncodedQuery {
        (try? FormEncodedQuery(request.uri.query ?? "")) ?? FormEncodedQuery()
    }

    /// The `page` of a paged table: 1 when absent or unreadable, at most 100,000.
    var pageNumber: Int {
        first("page").flatMap(Int.init).map { min(max($0, 1), 100_000) } ?? 1
    }
}
