import Foundation

/// A metrics query as sent, checked for shape but with its names not yet resolved against a
/// view: the first of Langfuse's two validation steps (its zod schema `MetricsQueryObject`).
/// Each error names the part of the query that is wrong.
struct MetricsQueryJSON {
    static let maxTextLength = 200_000
    static let maxDepth = 16
    static let maxListLength = 100

    var view: MetricsView
    var dimensionNames: [String]
    var metrics: [(measure: String, aggregation: MetricAggregation)]
    var filters: [JSONValue]
    /// `auto` is nil here and resolved by the caller.
    var granularity: Granularity?
    var window: TimeWindow
    var orderBy: [(field: String, direction: SortDirection)]?
    var rowLimit: Int?
    var bins: Int?

    enum Granularity: Equatable {
        case auto
        case fixed(TimeGranularity)
    }

    init(_ text: String, version: MetricsAPIVersion) throws(QueryError) {
        guard text.utf8.count <= Self.maxTextLength else {
            throw QueryError("query", "is longer than \(Self.maxTextLength) bytes")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(Data(text.utf8), maxDepth: Self.maxDepth)
        } catch {
            throw QueryError("query", "Invalid JSON in query parameter")
        }
        guard case .object(let fields) = json else {
            throw QueryError("query", "expected a JSON object {view, dimensions, metrics, filters, timeDimension, fromTimestamp, toTimestamp, orderBy, config}, got \(json.kindDescription)")
        }
        let viewName = try Self.string(fields["view"], at: "query.view")
        guard let view = MetricsView(rawValue: viewName), version.views.contains(view) else {
            throw QueryError("query.view", "Invalid option '\(viewName.prefix(64))': expected one of \(version.views.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        self.view = view
        dimensionNames = try Self.list(fields["dimensions"], at: "query.dimensions", required: false) { item, path throws(QueryError) in
            try Self.string(Self.object(item, at: path)["field"], at: "\(path).field")
        }
        metrics = try Self.list(fields["metrics"], at: "query.metrics", required: true) { item, path throws(QueryError) in
            let metric = try Self.object(item, at: path)
            let measure = try Self.string(metric["measure"], at: "\(path).measure")
            let aggregationName = try Self.string(metric["aggregation"], at: "\(path).aggregation")
            guard let aggregation = MetricAggregation(rawValue: aggregationName) else {
                throw QueryError("\(path).aggregation", "Invalid option '\(aggregationName.prefix(64))': expected one of \(MetricAggregation.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
            }
            return (measure, aggregation)
        }
        switch fields["filters"] {
        case nil, .null?: filters = []
        case .array(let items)?:
            guard items.count <= FilterParser.maxConditions else {
                throw QueryError("query.filters", "has \(items.count) conditions; at most \(FilterParser.maxConditions) are allowed")
            }
            filters = items
        case let other?: throw QueryError("query.filters", "expected an array of filter conditions, got \(other.kindDescription)")
        }
        granularity = try Self.granularity(fields["timeDimension"])
        let from = try Self.dateTime(fields["fromTimestamp"], at: "query.fromTimestamp")
        let to = try Self.dateTime(fields["toTimestamp"], at: "query.toTimestamp")
        guard from < to else { throw QueryError("query", "fromTimestamp must be before toTimestamp") }
        window = TimeWindow(from: from, to: to)
        switch fields["orderBy"] {
        case nil, .null?: orderBy = nil
        default:
            orderBy = try Self.list(fields["orderBy"], at: "query.orderBy", required: true) { item, path throws(QueryError) in
                let order = try Self.object(item, at: path)
                let field = try Self.string(order["field"], at: "\(path).field")
                let directionName = try Self.string(order["direction"], at: "\(path).direction")
                guard let direction = SortDirection(rawValue: directionName) else {
                    throw QueryError("\(path).direction", "Invalid option '\(directionName.prefix(16))': expected 'asc' or 'desc'")
                }
                return (field, direction)
            }
        }
        switch fields["config"] {
        case nil, .null?:
            rowLimit = nil
            bins = nil
        case .object(let config)?:
            rowLimit = try Self.integer(config["row_limit"], at: "query.config.row_limit", in: 1...1000)
            bins = try Self.integer(config["bins"], at: "query.config.bins", in: 1...100)
        case let other?:
            throw QueryError("query.config", "expected an object {bins?, row_limit?}, got \(other.kindDescription)")
        }
    }

    private static func granularity(_ json: JSONValue?) throws(QueryError) -> Granularity? {
        switch json {
        case nil, .null?:
            return nil
        case .object(let fields)?:
            let name = try string(fields["granularity"], at: "query.timeDimension.granularity")
            if name == "auto" { return .auto }
            guard let granularity = TimeGranularity(rawValue: name) else {
                throw QueryError("query.timeDimension.granularity", "Invalid option '\(name.prefix(32))': expected one of 'auto', \(TimeGranularity.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
            }
            return .fixed(granularity)
        case let other?:
            throw QueryError("query.timeDimension", "expected null or an object {granularity}, got \(other.kindDescription)")
        }
    }

    /// An ISO 8601 date-time with a time zone (`Z` or an offset), as Langfuse's
    /// `z.iso.datetime({offset: true})` requires.
    private static func dateTime(_ json: JSONValue?, at path: String) throws(QueryError) -> EpochMillis {
        let text = try string(json, at: path)
        guard text.contains("T"), hasZone(text), let millis = ISO8601.parse(text) else {
            throw QueryError(path, "'\(text.prefix(64))' is not an ISO 8601 date-time with a time zone, like 2025-03-10T00:00:00Z")
        }
        return millis
    }

    private static func hasZone(_ text: String) -> Bool {
        if text.hasSuffix("Z") { return true }
        let tail = text.split(separator: "T", maxSplits: 1).last ?? ""
        return tail.contains("+") || tail.contains("-")
    }

    private static func integer(_ json: JSONValue?, at path: String, in range: ClosedRange<Int>) throws(QueryError) -> Int? {
        switch json {
        case nil, .null?:
            return nil
        case .number(let number)? where number == number.rounded() && number >= Double(range.lowerBound) && number <= Double(range.upperBound):
            return Int(number)
        case let other?:
            throw QueryError(path, "expected an integer from \(range.lowerBound) to \(range.upperBound), got \(other.jsonText.prefix(32))")
        }
    }

    private static func list<Item>(
        _ json: JSONValue?, at path: String, required: Bool, _ item: (JSONValue, String) throws(QueryError) -> Item
    ) throws(QueryError) -> [Item] {
        switch json {
        case nil, .null?:
            if required { throw QueryError(path, "is required: an array") }
            return []
        case .array(let items)?:
            guard items.count <= maxListLength else { throw QueryError(path, "has \(items.count) entries; at most \(maxListLength) are allowed") }
            var result: [Item] = []
            for (index, element) in items.enumerated() { result.append(try item(element, "\(path)[\(index)]")) }
            return result
        case let other?:
            throw QueryError(path, "expected an array, got \(other.kindDescription)")
        }
    }

    private static func object(_ json: JSONValue, at path: String) throws(QueryError) -> [String: JSONValue] {
        guard case .object(let fields) = json else { throw QueryError(path, "expected an object, got \(json.kindDescription)") }
        return fields
    }

    private static func string(_ json: JSONValue?, at path: String) throws(QueryError) -> String {
        guard case .string(let text)? = json else { throw QueryError(path, "expected a string, got \(json?.kindDescription ?? "nothing")") }
        guard text.count <= FilterParser.maxTextLength else { throw QueryError(path, "is longer than \(FilterParser.maxTextLength) characters") }
        return text
    }
}
