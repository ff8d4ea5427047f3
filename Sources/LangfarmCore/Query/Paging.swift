/// A page of an offset-paginated list: `page` from 1, `limit` rows.
public struct PageRequest: Sendable, Equatable {
    public let page: Int
    public let limit: Int

    public init(page: Int, limit: Int) {
        self.page = page
        self.limit = limit
    }

    public var offset: Int { (page - 1) * limit }
}

/// One page of rows and how many rows the whole list has.
public struct OffsetPage<Item: Sendable>: Sendable {
    public let items: [Item]
    public let totalItems: Int

    public init(items: [Item], totalItems: Int) {
        self.items = items
        self.totalItems = totalItems
    }
}

/// One page of a cursor-paginated list, and the position after its last row when more follow.
public struct CursorPage<Item: Sendable, Position: Sendable>: Sendable {
    public let items: [Item]
    public let next: Position?

    public init(items: [Item], next: Position?) {
        self.items = items
        self.next = next
    }
}

/// Whether a list is read newest first (the default everywhere) or oldest first.
public enum SortDirection: String, Sendable {
    case ascending = "asc"
    case descending = "desc"
}

/// Adds the simple query parameters' conditions to the `filter` parameter's, leaving out those
/// on a column the filter already constrains: Langfuse's rule (`deriveFilters`), where the
/// advanced filter takes precedence over the simple parameters for the same field.
public func mergeConditions<Column: FilterColumn>(
    filter: [FilterCondition<Column>], simple: [FilterCondition<Column>]
) -> [FilterCondition<Column>] {
    let constrained = Set(filter.map(\.column))
    return filter + simple.filter { !constrained.contains($0.column) }
}
