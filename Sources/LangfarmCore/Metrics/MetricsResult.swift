/// The rows a metrics query answers with, in order.
public struct MetricsResult: Sendable, Equatable {
    public var rows: [MetricsRow]

    public init(rows: [MetricsRow]) {
        self.rows = rows
    }
}

/// One result row: the dimensions under their names, `time_dimension` when asked for, and
/// each metric under `<aggregation>_<measure>`.
public struct MetricsRow: Sendable, Equatable {
    public var columns: [MetricsColumn]

    public init(_ columns: [MetricsColumn]) {
        self.columns = columns
    }

    public subscript(key: String) -> MetricsValue? {
        columns.first { $0.key == key }?.value
    }
}

public struct MetricsColumn: Sendable, Equatable {
    public var key: String
    public var value: MetricsValue

    public init(_ key: String, _ value: MetricsValue) {
        self.key = key
        self.value = value
    }
}
