import Foundation
import LangfarmCore
import LangfarmStore

/// A small data set whose metrics are worked out by hand: the one the SDK read tests seed
/// (tests/e2e/read_support.py), plus a second project reusing the same names.
///
///     trace  name       user     session    env         tags                 time (UTC)
///     T1     chat       u-alice  session-a  production  prod, chat           03-10 09:00
///       S1   span "pipeline"  09:00:00.000-09:00:02.500, root
///       G1   gen "llm" gpt-4o  09:00:00.500-09:00:02.500, child of S1, usage 100/50, cost 0.25+0.5,
///            first token 09:00:01.000
///     T2     chat       u-bob    session-a  production  prod                 03-10 12:00
///       G2   gen "llm" gpt-4o-mini  12:00:00-12:00:01, usage 200/100, cost 0.125+0.125
///     T3     summarize  u-alice  session-b  staging     chat                 03-11 08:00
///       G3   gen "llm" gpt-4o  08:00:00-08:00:04, usage 300/150, cost 1.0+0.5
///       E3   event "cache-hit" 08:00:03, WARNING, child of G3
///     T4     chat       u-carol  -          production  prod, chat, beta     03-11 15:00, no observations
///
///     score  name            type         value     target      env         time
///     SC1    quality         NUMERIC      0.9       T1          production  03-10 09:05
///     SC2    thumbs          BOOLEAN      1         T1 / G1     production  03-10 09:06
///     SC3    sentiment       CATEGORICAL  positive  T2          production  03-10 12:05
///     SC4    quality         NUMERIC      0.4       T3          staging     03-11 08:05
///     SC5    session-rating  NUMERIC      0.7       session-a   production  03-10 13:00
///     SC6    thumbs          BOOLEAN      0         T3          staging     03-11 08:06
///
/// Project "other": trace OT (chat, u-alice, prod/chat) with generation OG (llm, gpt-4o, usage
/// 10/5, cost 0.25+0.25) and score OS (quality 0.5), all 03-10 10:00.
enum HandComputedData {
    typealias F = MetricsFixtures
    static let project = "p"
    static let other = "other"
    static let window = #""fromTimestamp":"2025-03-10T00:00:00Z","toTimestamp":"2025-03-12T00:00:00Z""#

    static func time(_ text: String) -> EpochMillis { ISO8601.parse("2025-03-\(text)Z") ?? 0 }

    static func load(into store: any Store) async throws {
        try await store.commit([Fixtures.batch(project, events)])
        try await store.commit([Fixtures.batch(other, otherEvents)])
    }

    static var events: [NormalisedEvent] {
        [
            F.trace("T1", at: time("10T09:00:00"), ["name": "chat", "userId": "u-alice", "sessionId": "session-a", "environment": "production",
                                                    "tags": ["prod", "chat"], "metadata": ["team": "search"], "release": "r1", "version": "v1"]),
            F.observation("span", id: "S1", trace: "T1", at: time("10T09:00:00"), [
                "name": "pipeline", "environment": "production", "startTime": F.iso(time("10T09:00:00")), "endTime": F.iso(time("10T09:00:02.500")),
                "metadata": ["step": "pipeline"],
            ]),
            F.observation("generation", id: "G1", trace: "T1", at: time("10T09:00:00.500"), [
                "name": "llm", "environment": "production", "parentObservationId": "S1", "startTime": F.iso(time("10T09:00:00.500")),
                "completionStartTime": F.iso(time("10T09:00:01")), "endTime": F.iso(time("10T09:00:02.500")), "model": "gpt-4o",
                "usageDetails": ["input": 100, "output": 50], "costDetails": ["input": 0.25, "output": 0.5], "metadata": ["step": "answer"],
            ]),
            F.trace("T2", at: time("10T12:00:00"), ["name": "chat", "userId": "u-bob", "sessionId": "session-a", "environment": "production", "tags": ["prod"]]),
            F.observation("generation", id: "G2", trace: "T2", at: time("10T12:00:00"), [
                "name": "llm", "environment": "production", "startTime": F.iso(time("10T12:00:00")), "endTime": F.iso(time("10T12:00:01")),
                "model": "gpt-4o-mini", "usageDetails": ["input": 200, "output": 100], "costDetails": ["input": 0.125, "output": 0.125],
                "metadata": ["step": "draft"],
            ]),
            F.trace("T3", at: time("11T08:00:00"), ["name": "summarize", "userId": "u-alice", "sessionId": "session-b", "environment": "staging", "tags": ["chat"]]),
            F.observation("generation", id: "G3", trace: "T3", at: time("11T08:00:00"), [
                "name": "llm", "environment": "staging", "startTime": F.iso(time("11T08:00:00")), "endTime": F.iso(time("11T08:00:04")),
                "model": "gpt-4o", "usageDetails": ["input": 300, "output": 150], "costDetails": ["input": 1.0, "output": 0.5],
                "metadata": ["step": "answer"],
            ]),
            F.observation("event", id: "E3", trace: "T3", at: time("11T08:00:03"), [
                "name": "cache-hit", "environment": "staging", "parentObservationId": "G3", "startTime": F.iso(time("11T08:00:03")), "level": "WARNING",
            ]),
            F.trace("T4", at: time("11T15:00:00"), ["name": "chat", "userId": "u-carol", "environment": "production", "tags": ["prod", "chat", "beta"]]),
            F.score("SC1", at: time("10T09:05:00"), ["traceId": "T1", "name": "quality", "value": 0.9, "dataType": "NUMERIC", "environment": "production"]),
            F.score("SC2", at: time("10T09:06:00"), ["traceId": "T1", "observationId": "G1", "name": "thumbs", "value": 1, "dataType": "BOOLEAN", "environment": "production"]),
            F.score("SC3", at: time("10T12:05:00"), ["traceId": "T2", "name": "sentiment", "value": "positive", "dataType": "CATEGORICAL", "environment": "production"]),
            F.score("SC4", at: time("11T08:05:00"), ["traceId": "T3", "name": "quality", "value": 0.4, "dataType": "NUMERIC", "environment": "staging"]),
            F.score("SC5", at: time("10T13:00:00"), ["sessionId": "session-a", "name": "session-rating", "value": 0.7, "dataType": "NUMERIC", "environment": "production"]),
            F.score("SC6", at: time("11T08:06:00"), ["traceId": "T3", "name": "thumbs", "value": 0, "dataType": "BOOLEAN", "environment": "staging"]),
        ]
    }

    static var otherEvents: [NormalisedEvent] {
        [
            F.trace("OT", at: time("10T10:00:00"), ["name": "chat", "userId": "u-alice", "sessionId": "other-session", "environment": "production", "tags": ["prod", "chat"]]),
            F.observation("generation", id: "OG", trace: "OT", at: time("10T10:00:00"), [
                "name": "llm", "environment": "production", "startTime": F.iso(time("10T10:00:00")), "endTime": F.iso(time("10T10:00:01")),
                "model": "gpt-4o", "usageDetails": ["input": 10, "output": 5], "costDetails": ["input": 0.25, "output": 0.25],
            ]),
            F.score("OS", at: time("10T10:01:00"), ["traceId": "OT", "name": "quality", "value": 0.5, "dataType": "NUMERIC", "environment": "production"]),
        ]
    }
}
