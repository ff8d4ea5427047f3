import Hummingbird
import LangfarmCore

/// `page` and `limit` query parameters with Langfuse's rules (compat §5): page ≥ 1 (default 1),
/// limit 1…100 (default 50); anything else is a 400 naming the parameter.
struct Pagination {
    let page: Int
    let limit: Int

    init(_ request: Request) throws {
        page = try Self.integer("page", in: request, default: 1, range: 1...Int(Int32.max))
        limit = try Self.integer("limit", in: request, default: 50, range: 1...100)
    }

    /// `{page, limit, totalItems, totalPages}`.
    func meta(totalItems: Int) -> JSONValue {
        .object([
            "page": .number(Double(page)), "limit": .number(Double(limit)),
            "totalItems": .number(Double(totalItems)),
            "totalPages": .number(Double((totalItems + limit - 1) / limit)),
        ])
    }

    private static func integer(_ name: String, in request: Request, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalidRequest(["\(name): expected an integer from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(32))'"])
        }
        return number
    }
}
