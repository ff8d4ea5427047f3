import LangfarmCore

/// The time ranges the dashboard and the users page offer, as Langfuse's dashboard does.
enum TimeRange: String, CaseIterable {
    case day = "24h"
    case week = "7d"
    case month = "30d"
    case quarter = "90d"

    var label: String {
        switch self {
        case .day: "Past 24 hours"
        case .week: "Past 7 days"
        case .month: "Past 30 days"
        case .quarter: "Past 90 days"
        }
    }

    var millis: EpochMillis {
        switch self {
        case .day: 86_400_000
        case .week: 7 * 86_400_000
        case .month: 30 * 86_400_000
        case .quarter: 90 * 86_400_000
        }
    }

    /// The range a query's `range` parameter names, or `fallback`.
    static func named(in parameters: FormEncodedQuery, default fallback: TimeRange) -> TimeRange {
        parameters.first("range").flatMap(TimeRange.init(rawValue:)) ?? fallback
    }

    /// The options of a range `<select>`, `selected` chosen.
    static func options(selected: TimeRange) -> [Option] {
        allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == selected) }
    }
}
