import GRDB
import LangfarmCore

/// The hourly trace rollups (`trace_rollups`): how many traces each project has per hour of
/// timestamp, environment and name. What trace counts over time, by name and by environment
/// read (`TraceRollupCapability`) instead of a month of trace rows.
///
/// The projection moves a trace from the cell it was counted in to its new one whenever its
/// timestamp, environment or name changes, and takes it out when the trace is deleted, inside
/// the commit transaction: the rollups always equal a count of the rows (`langfarm rebuild`
/// recomputes them, migration v11 filled them from the rows, and the conformance suite compares).
struct TraceRollupKey: Hashable {
    let projectId: String
    let hour: Int64
    let environment: String
    /// nil for a trace without a name, kept apart from a trace named ''.
    let name: String?

    init(projectId: String, timestamp: EpochMillis, environment: String, name: String?) {
        self.projectId = projectId
        hour = ObservationRollupKey.hour(of: timestamp)
        self.environment = environment
        self.name = name
    }

    /// The cell of a stored trace row.
    init(_ row: StoredRow) {
        self.init(projectId: row["project_id"] ?? "", timestamp: row["timestamp"] ?? 0, environment: row["environment"] ?? "", name: row["name"])
    }
}

enum SQLiteTraceRollups {
    /// Adds each change to its cell, removing cells no trace is left in.
    static func apply(_ changes: [TraceRollupKey: Int], in db: Database) throws {
        for (key, change) in changes where change != 0 {
            let arguments: StatementArguments = [key.projectId, key.hour, key.environment, key.name ?? "", key.name != nil]
            try db.cachedStatement(sql: """
                INSERT INTO trace_rollups (project_id, hour, environment, name, named, count) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (project_id, hour, environment, name, named) DO UPDATE SET count = count + excluded.count
                """).execute(arguments: arguments + [change])
            guard change < 0 else { continue }
            try db.cachedStatement(sql: """
                DELETE FROM trace_rollups WHERE project_id = ? AND hour = ? AND environment = ? AND name = ? AND named = ? AND count = 0
                """).execute(arguments: arguments)
        }
    }
}
