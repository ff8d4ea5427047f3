import LangfarmCore

/// Renders metrics results as Langfuse returns them: ClickHouse's JSON rows, where 64-bit
/// integers (counts, sums of tokens and milliseconds) are strings and other numbers numbers,
/// and histograms are `[[lower, upper, height], …]`.
enum MetricsPresenter {
    static func result(_ result: MetricsResult) -> JSONValue {
        .object(["data": .array(result.rows.map(row))])
    }

    static func row(_ row: MetricsRow) -> JSONValue {
        .object(Dictionary(row.columns.map { ($0.key, value($0.value)) }) { first, _ in first })
    }

    static func value(_ value: MetricsValue) -> JSONValue {
        switch value {
        case .null: .null
        case .text(let text): .string(text)
        case .integer(let integer): .string(String(integer))
        case .number(let number): number.isFinite ? .number(number) : .null
        case .bool(let flag): .bool(flag)
        case .texts(let texts): .array(texts.map(JSONValue.string))
        case .histogram(let bins): .array(bins.map { .array([.number($0.lower), .number($0.upper), .number($0.height)]) })
        }
    }

    /// `GET /api/public/metrics/daily`: every number a JSON number, as Langfuse converts them.
    static func daily(_ days: [DailyMetrics]) -> JSONValue {
        .array(days.map { day in
            .object([
                "date": .string(day.date),
                "countTraces": .number(Double(day.countTraces)),
                "countObservations": .number(Double(day.countObservations)),
                "totalCost": .number(day.totalCost),
                "usage": .array(day.usage.map { usage in
                    .object([
                        "model": usage.model.map(JSONValue.string) ?? .null,
                        "inputUsage": .number(Double(usage.inputUsage)),
                        "outputUsage": .number(Double(usage.outputUsage)),
                        "totalUsage": .number(Double(usage.totalUsage)),
                        "countObservations": .number(Double(usage.countObservations)),
                        "countTraces": .number(Double(usage.countTraces)),
                        "totalCost": .number(usage.totalCost),
                    ])
                }),
            ])
        })
    }
}
