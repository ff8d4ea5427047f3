/// The width of the `time_dimension` buckets of a metrics query, in UTC: ClickHouse's
/// `toStartOfMinute`, `toStartOfHour`, `toDate`, `toMonday` and `toStartOfMonth`.
public enum TimeGranularity: String, Sendable, CaseIterable {
    case minute
    case hour
    case day
    /// Weeks start on Monday.
    case week
    case month

    private static let minuteMillis: EpochMillis = 60_000
    private static let hourMillis: EpochMillis = 3_600_000
    private static let dayMillis: EpochMillis = 86_400_000

    /// Langfuse's `auto`: the granularity that gives roughly 50 buckets over the window
    /// (under 2 hours minutes, under 3 days hours, under 60 days days, under a year weeks,
    /// months beyond).
    public static func automatic(for window: TimeWindow) -> TimeGranularity {
        let hours = Double(window.to - window.from) / Double(hourMillis)
        if hours < 2 { return .minute }
        if hours < 72 { return .hour }
        if hours < 1440 { return .day }
        if hours < 8760 { return .week }
        return .month
    }

    /// The start of the bucket that holds `time`.
    public func bucketStart(of time: EpochMillis) -> EpochMillis {
        switch self {
        case .minute: Self.floor(time, Self.minuteMillis)
        case .hour: Self.floor(time, Self.hourMillis)
        case .day: Self.floor(time, Self.dayMillis)
        case .week: Self.mondayOnOrBefore(time)
        case .month: Self.monthStart(year: CivilTime(time).year, month: CivilTime(time).month)
        }
    }

    /// The start of the bucket after the one starting at `start`.
    public func bucketAfter(_ start: EpochMillis) -> EpochMillis {
        switch self {
        case .minute: start + Self.minuteMillis
        case .hour: start + Self.hourMillis
        case .day: start + Self.dayMillis
        case .week: start + 7 * Self.dayMillis
        case .month:
            CivilTime(start).month == 12
                ? Self.monthStart(year: CivilTime(start).year + 1, month: 1)
                : Self.monthStart(year: CivilTime(start).year, month: CivilTime(start).month + 1)
        }
    }

    /// Whether a bucket is made of whole hours, so that the hourly rollups can fill it.
    public var isWholeHours: Bool { self != .minute }

    /// How a bucket start is written in a result row, as ClickHouse writes the type its
    /// bucketing function returns with Langfuse's `date_time_output_format = iso`: a `Date`
    /// (`2025-03-10`) for day, week and month, a `DateTime` (`2025-03-10T09:00:00Z`) for
    /// minute and hour.
    public func label(_ start: EpochMillis) -> String {
        let civil = CivilTime(start)
        let date = "\(ISO8601.pad(civil.year, 4))-\(ISO8601.pad(civil.month, 2))-\(ISO8601.pad(civil.day, 2))"
        switch self {
        case .day, .week, .month:
            return date
        case .minute, .hour:
            return "\(date)T\(ISO8601.pad(civil.hour, 2)):\(ISO8601.pad(civil.minute, 2)):\(ISO8601.pad(civil.second, 2))Z"
        }
    }

    /// Day 0 (1970-01-01) was a Thursday, so the Monday on or before day `d` is
    /// `d − ((d + 3) mod 7)`.
    private static func mondayOnOrBefore(_ time: EpochMillis) -> EpochMillis {
        let day = floor(time, dayMillis) / dayMillis
        return (day - modulo(day + 3, 7)) * dayMillis
    }

    private static func monthStart(year: Int, month: Int) -> EpochMillis {
        EpochMillis(ISO8601.daysFromCivil(year: year, month: month, day: 1)) * dayMillis
    }

    private static func floor(_ time: EpochMillis, _ unit: EpochMillis) -> EpochMillis {
        time - modulo(time, unit)
    }

    private static func modulo(_ value: EpochMillis, _ divisor: EpochMillis) -> EpochMillis {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

/// A closed interval of time, both ends included: Langfuse's metrics window
/// (`fromTimestamp <= time <= toTimestamp`).
public struct TimeWindow: Sendable, Equatable {
    public var from: EpochMillis
    public var to: EpochMillis

    public init(from: EpochMillis, to: EpochMillis) {
        self.from = from
        self.to = to
    }

    public var isEmpty: Bool { from > to }

    /// Every time representable: the window of a query without bounds.
    public static let always = TimeWindow(from: -(1 << 52), to: 1 << 52)
}
