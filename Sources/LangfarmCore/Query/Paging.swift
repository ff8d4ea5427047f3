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

/// How a v1 list (offset pages with a total) or a v2/v3 list (keyset pages after a position)
/// is paged. A cursor page costs the same at any depth.
public enum ListPaging: Sendable, Equatable {
    case offset(PageRequest)
    case cursor(after: ListPosition?, limit: Int)
}

/// Where a cursor page ended: the last row's time (an observation's start time, a score's
/// timestamp) and id. Lists are ordered by both, newest first, so ties on the time never repeat
/// or skip rows.
public struct ListPosition: Sendable, Equatable, Codable {
    public let time: EpochMillis
    public let id: String

    public init(time: EpochMillis, id: String) {
        self.time = time
        self.id = id
    }
}

/// One page of a list: the total for offset pages, the next position for cursor pages (nil on
/// the last page).
public struct ListPage<Item: Sendable>: Sendable {
    public let items: [Item]
    public let totalItems: Int?
    public let next: ListPosition?

    public init(items: [Item], totalItems: Int?, next: ListPosition?) {
        self.items = items
        self.totalItems = totalItems
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
