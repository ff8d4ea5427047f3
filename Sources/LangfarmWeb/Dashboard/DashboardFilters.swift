import LangfarmCore

/// The dashboard's global filters besides the time range (Langfuse's: environment, user, tags,
/// metadata), read from the URL so that a filtered dashboard can be bookmarked and shared, and
/// passed to every card's query. Each is a condition of the metrics query language on a field
/// both views name alike: `environment`, `userId`, `tags` (the trace's, which observations
/// carry too) and `metadata` (each view's own: a trace's on trace cards, an observation's on
/// observation cards). Cards whose rollups do not hold a filter read rows: slower, as exact.
struct DashboardFilters: Sendable, Equatable {
    var environment = ""
    var userId = ""
    /// Comma-separated; a trace with any of them matches.
    var tags = ""
    var metadataKey = ""
    var metadataValue = ""

    /// The filters in `parameters`, trimmed and cut to 200 characters each.
    init(_ parameters: FormEncodedQuery) {
        func text(_ name: String) -> String {
            String((parameters.first(name) ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        }
        environment = text("environment")
        userId = text("user")
        tags = text("tags")
        metadataKey = text("metadataKey")
        metadataValue = text("metadataValue")
    }

    var tagList: [String] {
        tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The conditions every card's query gets.
    var conditions: [JSONValue] {
        var conditions: [JSONValue] = []
        if !environment.isEmpty { conditions.append(DashboardQuery.filter("environment", "any of", [.string(environment)], type: "stringOptions")) }
        if !userId.isEmpty { conditions.append(DashboardQuery.filter("userId", "=", .string(userId), type: "string")) }
        if !tagList.isEmpty { conditions.append(DashboardQuery.filter("tags", "any of", .array(tagList.map(JSONValue.string)), type: "arrayOptions")) }
        if !metadataKey.isEmpty {
            conditions.append(DashboardQuery.filter("metadata", "=", .string(metadataValue), type: "stringObject", key: metadataKey))
        }
        return conditions
    }
}
