import LangfarmStore

/// Builds the Kafka message value of a changed row: the JSON object the lake contract defines
/// for its topic (`LakeTables`), with every field of that definition and nothing else.
///
/// The store calls it for every change the relay reads (and inside the write transaction for
/// deleted rows), so it writes bytes directly (see `LakeJSONWriter`) and keeps no state: one
/// instance can serve every store.
public struct LakeMessageEncoder: ChangeEncoder {
    public init() {}

    public func messageValue(for change: RowChange, version: Int64) -> String {
        switch change {
        case .trace(let row, let deleted):
            LakeTables.traces.encode(LakeRecord(row: row, isDeleted: deleted, version: version))
        case .observation(let row, let deleted):
            LakeTables.observations.encode(LakeRecord(row: row, isDeleted: deleted, version: version))
        case .score(let row, let deleted):
            LakeTables.scores.encode(LakeRecord(row: row, isDeleted: deleted, version: version))
        }
    }
}
