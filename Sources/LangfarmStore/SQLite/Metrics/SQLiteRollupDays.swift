import LangfarmCore

/// Rollups kept both by hour and by UTC day (observations, and observations per user): a
/// month is about 30 daily rows per key instead of 720 hourly ones, so a window reads its whole
/// days from the daily table and only the hours before the first and after the last whole day
/// from the hourly one. A series by hour reads hourly rows throughout.
enum SQLiteRollupDays {
    /// Which source reads which part of `window` (whole hours).
    static func parts<Source>(of window: TimeWindow, bucket: TimeGranularity?, hourly: Source, daily: Source) -> [(Source, TimeWindow)] {
        let hour = ObservationRollupKey.hourMillis
        let first = ObservationRollupKey.hour(of: window.from), last = ObservationRollupKey.hour(of: window.to)
        let firstDay = ObservationRollupKey.dayStart(of: first + 23), endDay = ObservationRollupKey.dayStart(of: last + 1)
        guard bucket != .hour, firstDay < endDay else { return [(hourly, window)] }
        return [
            (hourly, TimeWindow(from: window.from, to: firstDay * hour - 1)),
            (daily, TimeWindow(from: firstDay * hour, to: endDay * hour - 1)),
            (hourly, TimeWindow(from: endDay * hour, to: window.to)),
        ].filter { !$0.1.isEmpty }
    }
}
