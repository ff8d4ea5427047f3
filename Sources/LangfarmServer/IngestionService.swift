import Foundation
import Hummingbird
import LangfarmCore
import LangfarmIngest
import LangfarmStore
import Logging
import NIOCore

/// The path every write takes, whichever endpoint it came through: validate each event, commit
/// the accepted ones durably (group commit), then report per-event outcomes.
struct IngestionService: Sendable {
    /// Langfuse's body-parser limit for ingestion requests: 4.5 MB.
    static let bodyLimit = 4_718_592

    let committer: GroupCommitter
    let logger: Logger
    let metrics: IngestionMetrics
    /// The outbox's fill level, when a change feed runs: past its capacity, writes are refused.
    var changeFeed: ChangeFeedMonitor? = nil

    struct Outcome: Sendable {
        var successes: [String]
        var errors: [EventRejection]

        var multiStatusBody: JSONValue {
            .object([
                "successes": .array(successes.map { .object(["id": .string($0), "status": .number(201)]) }),
                "errors": .array(errors.map { rejection in
                    .object([
                        "id": .string(rejection.envelopeId), "status": .number(Double(rejection.status)),
                        "message": .string(rejection.message), "error": .string(rejection.error),
                    ])
                }),
            ])
        }
    }

    /// Throws a 503 `APIError` when the accepted events could not be committed.
    /// The envelopes are consumed: each tree is freed once its event is made.
    func ingest(_ envelopes: consuming [ReceivedEnvelope], principal: Principal) async throws -> Outcome {
        let receivedAt = EpochMillis.now
        let plan = IngestionRequest.plan(consume envelopes, scope: principal.accessLevel == .project ? .project : .scoresOnly)
        for event in plan.accepted where event.type == .sdkLog {
            logger.info("SDK log", metadata: ["project": "\(principal.projectId)", "log": "\(event.envelope?["body"]?["log"]?.jsonText.prefix(1000) ?? "")"])
        }
        let outcome = Outcome(successes: plan.successIds, errors: plan.rejections)
        metrics.rejected.increment(by: plan.rejections.count)
        try await commit(plan, principal: principal, receivedAt: receivedAt)
        return outcome
    }

    /// For receivers whose requests are all-or-nothing (OTLP exports): if any event is invalid,
    /// throws a 400 naming every problem and stores nothing; otherwise commits them all.
    func ingestAll(_ plan: IngestionPlan, principal: Principal) async throws {
        guard plan.rejections.isEmpty else {
            metrics.rejected.increment(by: plan.rejections.count + plan.accepted.count + plan.acknowledgedOnly.count)
            throw APIError.invalidRequest(plan.rejections.map { "event \($0.envelopeId): \($0.error)" })
        }
        try await commit(plan, principal: principal, receivedAt: EpochMillis.now)
    }

    /// Commits the plan's stored events durably; throws a 503 `APIError` if that fails.
    private func commit(_ plan: IngestionPlan, principal: Principal, receivedAt: EpochMillis) async throws {
        try refuseWhileOutboxIsFull()
        let stored = plan.accepted.filter { $0.entity != nil }
        let acknowledged = plan.successIds.count
        guard !stored.isEmpty else {
            metrics.accepted.increment(by: acknowledged)
            return
        }
        do {
            let started = ContinuousClock.now
            try await committer.commit(EventBatch(projectId: principal.projectId, events: stored, receivedAt: receivedAt, sdk: principal.sdk))
            metrics.commitDuration.record(duration: ContinuousClock.now - started)
            metrics.accepted.increment(by: acknowledged)
        } catch {
            // Nothing of the request was stored: answer 503 so that SDKs retry the whole request
            // (retrying is safe, events are deduplicated by envelope id).
            logger.error("Failed to commit events", metadata: ["project": "\(principal.projectId)", "error": "\(error)"])
            throw APIError.storeUnavailable
        }
    }

    /// While the broker has been away long enough to fill the outbox to its capacity, new
    /// writes get 503 with `Retry-After` instead of filling the disk; nothing is lost, the
    /// client retries.
    func refuseWhileOutboxIsFull() throws {
        guard let changeFeed, changeFeed.isFull else { return }
        throw APIError.outboxFull(depth: changeFeed.status?.depth ?? 0)
    }

    /// Reads a request body, answering 413 past `limit` (`RequestBody`).
    static func collectBody(_ request: Request, limit: Int = bodyLimit) async throws -> Data {
        Data(try await RequestBody.collect(request, limit: limit).readableBytesView)
    }

    /// Parses a JSON request body, answering 400 with the parser's complaint.
    static func parseJSON(_ data: Data) throws -> JSONValue {
        do {
            return try JSONValue.parse(data)
        } catch {
            throw APIError.invalidRequest(["body: malformed JSON: \(error)"])
        }
    }
}
