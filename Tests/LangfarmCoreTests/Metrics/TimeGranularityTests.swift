import Testing
@testable import LangfarmCore

/// Time buckets in UTC, as ClickHouse's toStartOfMinute/Hour, toDate, toMonday and
/// toStartOfMonth compute them, and their labels as Langfuse returns them.
@Suite struct TimeGranularityTests {
    func time(_ text: String) -> EpochMillis { ISO8601.parse(text) ?? -1 }

    @Test func bucketsStartWhereClickHouseStartsThem() {
        let moment = time("2025-03-12T17:45:31.250Z") // a Wednesday
        #expect(TimeGranularity.minute.bucketStart(of: moment) == time("2025-03-12T17:45:00Z"))
        #expect(TimeGranularity.hour.bucketStart(of: moment) == time("2025-03-12T17:00:00Z"))
        #expect(TimeGranularity.day.bucketStart(of: moment) == time("2025-03-12T00:00:00Z"))
        #expect(TimeGranularity.week.bucketStart(of: moment) == time("2025-03-10T00:00:00Z"), "weeks start on Monday")
        #expect(TimeGranularity.week.bucketStart(of: time("2025-03-10T00:00:00Z")) == time("2025-03-10T00:00:00Z"))
        #expect(TimeGranularity.week.bucketStart(of: time("2025-03-16T23:59:59.999Z")) == time("2025-03-10T00:00:00Z"), "Sunday ends the week")
        #expect(TimeGranularity.month.bucketStart(of: moment) == time("2025-03-01T00:00:00Z"))
        #expect(TimeGranularity.week.bucketStart(of: time("1969-12-31T12:00:00Z")) == time("1969-12-29T00:00:00Z"), "before 1970 too")
    }

    @Test func nextBucketsStepByCalendarUnits() {
        #expect(TimeGranularity.month.bucketAfter(time("2024-12-01T00:00:00Z")) == time("2025-01-01T00:00:00Z"))
        #expect(TimeGranularity.month.bucketAfter(time("2024-02-01T00:00:00Z")) == time("2024-03-01T00:00:00Z"))
        #expect(TimeGranularity.week.bucketAfter(time("2025-03-10T00:00:00Z")) == time("2025-03-17T00:00:00Z"))
        #expect(TimeGranularity.minute.bucketAfter(time("2025-03-10T23:59:00Z")) == time("2025-03-11T00:00:00Z"))
    }

    @Test func labelsAreDatesOrIsoDateTimes() {
        let moment = time("2025-03-12T17:45:31Z")
        #expect(TimeGranularity.day.label(TimeGranularity.day.bucketStart(of: moment)) == "2025-03-12")
        #expect(TimeGranularity.week.label(TimeGranularity.week.bucketStart(of: moment)) == "2025-03-10")
        #expect(TimeGranularity.month.label(TimeGranularity.month.bucketStart(of: moment)) == "2025-03-01")
        #expect(TimeGranularity.hour.label(TimeGranularity.hour.bucketStart(of: moment)) == "2025-03-12T17:00:00Z")
        #expect(TimeGranularity.minute.label(TimeGranularity.minute.bucketStart(of: moment)) == "2025-03-12T17:45:00Z")
    }
}
