import Hummingbird
import LangfarmCore

/// `page` and `limit` query parameters with Langfuse's rules (compat §5): page ≥ 1 (default 1),
/// limit 1…100 (default 50); anything else is a 400 naming the parameter.
struct Pagination {
    let page: Int
    let limit: Int

    init(_ request: Request) throws {
        let page = try QueryParameters(request).page()
        self.page = page.page
        limit = page.limit
    }

    init(_ page: PageRequest) {
        self.page = page.page
        limit = page.limit
    }

    /// `{page, limit, totalItems, totalPages}`.
    func meta(totalItems: Int) -> JSONValue {
        .object([
            "page": .number(Double(page)), "limit": .number(Double(limit)),
            "totalItems": .number(Double(totalItems)),
            "totalPages": .number(Double((totalItems + limit - 1) / limit)),
        ])
    }
}
