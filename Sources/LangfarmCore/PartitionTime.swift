/// The lake partition of a record: the day and hour (UTC) of its trace's first-seen time.
///
/// Every trace, observation and score carries the time its trace id was first seen, so a trace and
/// everything attached to it lands in one `dt`/`hh` partition forever, whatever order or day the
/// updates arrive in.
public struct PartitionTime: Sendable, Hashable {
    public let createdAt: EpochMillis
    /// `yyyy-MM-dd` in UTC.
    public let dt: String
    /// `HH` in UTC.
    public let hh: String

    public init(createdAt: EpochMillis) {
        self.createdAt = createdAt
        let civil = CivilTime(createdAt)
        dt = "\(ISO8601.pad(civil.year, 4))-\(ISO8601.pad(civil.month, 2))-\(ISO8601.pad(civil.day, 2))"
        hh = ISO8601.pad(civil.hour, 2)
    }
}
