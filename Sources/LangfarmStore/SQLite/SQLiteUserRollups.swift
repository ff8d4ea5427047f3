import GRDB
import LangfarmCore

/// The per-user observation rollups: per project, environment and trace user (the copy each
/// observation carries; '' for none), the observation count and the token and cost sums, by
/// hour of start time (`user_hour_rollups`) and by UTC day (`user_day_rollups`, keyed by the
/// hour the day starts). "Cost per user over a month" reads about 2,000 users × 30 days of
/// daily rows and the hourly rows of the partial days at its ends (`SQLiteStore
/// .aggregateUserRollups`), instead of the month's observation rows; hourly rows alone would be
/// one per user and hour, as many as the observations themselves.
///
/// The projection moves an observation's numbers between rows in the commit transaction when
/// it is written, deleted, or its trace's user changes (`SQLiteReadModelWriter`): the rollups
/// always equal a scan of the rows (`langfarm rebuild` recomputes them, migration v13 filled
/// them from the rows, and the conformance suite compares).
struct UserRollupKey: Hashable {
    let projectId: String
    /// Hours since the epoch.
    let hour: Int64
    let environment: String
    let userId: String

    init(projectId: String, hour: Int64, environment: String, userId: String) {
        self.projectId = projectId
        self.hour = hour
        self.environment = environment
        self.userId = userId
    }

    init(projectId: String, startTime: EpochMillis, environment: String, userId: String?) {
        self.init(projectId: projectId, hour: ObservationRollupKey.hour(of: startTime), environment: environment, userId: userId ?? "")
    }
}

/// The sums of one per-user rollup row, or a change to them.
struct UserRollupMeasures: ObservationSums {
    var count: Int64 = 0
    var inputTokens: Double = 0
    var outputTokens: Double = 0
    var totalTokens: Double = 0
    var inputCost: Double = 0
    var outputCost: Double = 0
    var totalCost: Double = 0
    var totalCostCount: Int64 = 0

    mutating func add(_ measures: ObservationMeasures, subtracting: Bool) {
        addSums(measures, subtracting: subtracting)
    }

    /// A change that changes nothing (an observation's end time or latency was written).
    var isNone: Bool {
        count == 0 && totalCostCount == 0 && [inputTokens, outputTokens, totalTokens, inputCost, outputCost, totalCost].allSatisfy { $0 == 0 }
    }

    var values: [any DatabaseValueConvertible] {
        [count, inputTokens, outputTokens, totalTokens, inputCost, outputCost, totalCost, totalCostCount]
    }
}

enum SQLiteUserRollups {
    static let measureColumns = ["count", "input_tokens", "output_tokens", "total_tokens", "input_cost", "output_cost", "total_cost", "total_cost_count"]

    /// Adds each change to its hourly and its daily row, removing rows no observation is left in.
    static func apply(_ changes: [UserRollupKey: UserRollupMeasures], in db: Database) throws {
        var daily: [UserRollupKey: UserRollupMeasures] = [:]
        for (key, change) in changes {
            let day = UserRollupKey(projectId: key.projectId, hour: ObservationRollupKey.dayStart(of: key.hour), environment: key.environment, userId: key.userId)
            daily[day, default: UserRollupMeasures()].mergeSums(change, subtracting: false)
        }
        try apply(changes, to: "user_hour_rollups", in: db)
        try apply(daily, to: "user_day_rollups", in: db)
    }

    private static func apply(_ changes: [UserRollupKey: UserRollupMeasures], to table: String, in db: Database) throws {
        let columns = ["project_id", "hour", "environment", "user_id"] + measureColumns
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(SQLFragment.placeholders(columns.count)))
            ON CONFLICT (project_id, hour, environment, user_id) DO UPDATE SET
            \(measureColumns.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", "))
            """)
        let emptied = try db.cachedStatement(sql: "DELETE FROM \(table) WHERE project_id = ? AND hour = ? AND environment = ? AND user_id = ? AND count = 0")
        for (key, change) in changes where !change.isNone {
            let keyValues: [any DatabaseValueConvertible] = [key.projectId, key.hour, key.environment, key.userId]
            try upsert.execute(arguments: StatementArguments(keyValues + change.values))
            if change.count < 0 { try emptied.execute(arguments: StatementArguments(keyValues)) }
        }
    }
}
