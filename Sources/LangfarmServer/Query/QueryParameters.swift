import Foundation
import Hummingbird
import LangfarmCore

/// A request's query parameters, decoded as clients encode them (`+` for space, percent
/// escapes, repeated keys for lists), with typed readers that answer a bad value with a 400
/// naming the parameter.
struct QueryParameters {
    private let values: [String: [String]]

    init(_ request: Request) throws {
        do {
            values = try FormEncodedQuery(request.uri.query ?? "").values
        } catch {
            throw APIError.invalidQuery(error)
        }
    }

    /// The names given, for refusing unknown ones where Langfuse does.
    var names: Set<String> { Set(values.keys) }

    /// The first value of `name`; nil when absent. An empty value counts as given.
    func string(_ name: String) -> String? { values[name]?.first }

    /// A non-empty value of `name`, or nil.
    func nonEmpty(_ name: String) -> String? {
        guard let value = string(name), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of a repeatable parameter; one value is also split at commas, as Langfuse
    /// reads `tags=a,b`.
    func list(_ name: String) -> [String] {
        let given = values[name] ?? []
        let items = given.count == 1 ? given[0].split(separator: ",").map(String.init) : given
        return items.filter { !$0.isEmpty }
    }

    /// A comma-separated list (the v3 scores parameters).
    func commaSeparated(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = nonEmpty(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.invalidQuery(QueryError(name, "expected an integer from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(32))'"))
        }
        return number
    }

    func number(_ name: String) throws -> Double? {
        guard let text = nonEmpty(name) else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw APIError.invalidQuery(QueryError(name, "expected a number, got '\(text.prefix(32))'"))
        }
        return number
    }

    func boolean(_ name: String) throws -> Bool? {
        guard let text = nonEmpty(name) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw APIError.invalidQuery(QueryError(name, "expected true or false, got '\(text.prefix(32))'"))
        }
    }

    /// An ISO 8601 date-time (with or without fraction and offset).
    func timestamp(_ name: String) throws -> EpochMillis? {
        guard let text = nonEmpty(name) else { return nil }
        guard let time = ISO8601.parse(text) else {
            throw APIError.invalidQuery(QueryError(name, "'\(text.prefix(64))' is not an ISO 8601 date-time such as 2026-03-01T12:00:00Z"))
        }
        return time
    }

    /// `page` (≥ 1, default 1) and `limit` (1…`maxLimit`, default 50), as Langfuse reads them.
    func page(maxLimit: Int = 100) throws -> PageRequest {
        PageRequest(
            page: try integer("page", default: 1, range: 1...Int(Int32.max)),
            limit: try integer("limit", default: 50, range: 1...maxLimit)
        )
    }

    /// The JSON `filter` parameter, parsed for `Column`.
    func filter<Column: FilterColumn>(allowsMatches: Bool = false, as column: Column.Type = Column.self) throws -> [FilterCondition<Column>] {
        guard let text = nonEmpty("filter") else { return [] }
        do {
            return try FilterParser.parse(text, parameter: "filter", allowsMatches: allowsMatches)
        } catch {
            throw APIError.invalidQuery(error)
        }
    }

    /// `fromName ≤ time < toName`, refusing an inverted range.
    func timeRange(from fromName: String, to toName: String) throws -> (from: EpochMillis?, to: EpochMillis?) {
        let from = try timestamp(fromName), to = try timestamp(toName)
        if let from, let to, from > to {
            throw APIError.invalidQuery(QueryError(fromName, "is after \(toName); the range would be empty"))
        }
        return (from, to)
    }
}
