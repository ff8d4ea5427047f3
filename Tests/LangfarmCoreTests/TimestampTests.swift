import Testing
@testable import LangfarmCore

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-25T09:51:20Z", 1_795_600_280_000),
        ("2026-11-25T09:51:20.894Z", 1_795_600_280_894),
        ("2026-11-25T09:51:20.894483Z", 1_795_600_280_894),
        ("2026-11-25T09:51:20.8Z", 1_795_600_280_800),
        ("2026-11-25T11:51:20.894+02:00", 1_795_600_280_894),
        ("2026-11-25T04:21:20.894-0530", 1_795_600_280_894),
        ("2026-11-25T10:51:20+01", 1_795_600_280_000),
        ("2026-11-25 09:51:20.894483", 1_795_600_280_894),
        ("2026-11-25T09:51:20.894483", 1_795_600_280_894),
        ("2026-11-25T09:51Z", 1_795_600_260_000),
        ("2026-11-25", 1_795_564_800_000),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
    ] as [(String, Int64)])
    func parsesEveryISO8601Shape(text: String, millis: Int64) {
        #expect(ISO8601.parse(text) == millis)
    }

    @Test(arguments: [
        "", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-25T25:00:00Z",
        "2026-11-25T09:51:20.Z", "2026-11-25T09:51:20Zjunk", "2026-11-25T09:51:20+2", "1795600280894",
        "2023-02-29",
    ])
    func rejectsNonDates(text: String) {
        #expect(ISO8601.parse(text) == nil)
    }

    @Test func formatsWithMillisecondsInUTC() {
        #expect(ISO8601.format(1_795_600_280_894) == "2026-11-25T09:51:20.894Z")
        #expect(ISO8601.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(ISO8601.format(-1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func formatAndParseRoundTrip() {
        for millis: Int64 in [0, 951_782_400_123, 1_795_600_280_894, 4_102_444_799_999] {
            #expect(ISO8601.parse(ISO8601.format(millis)) == millis)
        }
    }

    @Test func partitionTimeIsTheUTCDayAndHour() {
        let partition = PartitionTime(createdAt: ISO8601.parse("2026-11-25T23:59:59.999+00:00")!)
        #expect(partition.dt == "2026-11-25")
        #expect(partition.hh == "23")
        let shifted = PartitionTime(createdAt: ISO8601.parse("2026-11-26T01:30:00+02:00")!)
        #expect(shifted.dt == "2026-11-25")
        #expect(shifted.hh == "23")
    }
}
