import LangfarmCore

/// A row change as its write transaction recorded it, before its message is encoded.
///
/// The transaction that commits a change writes only a pointer to the changed row to the
/// outbox and keeps the row itself in memory: encoding the message there would put that work,
/// and a second copy of every row, on the one serial path every commit takes. The message is
/// encoded when the relay asks for it (`entry(encoder:)`). A deleted row is the exception: it
/// cannot be read back after the commit, so its message is encoded at once and kept.
///
/// A class, so that the window hands a round of changes to the relay at one retain each: the
/// copying happens under a lock that the writer also takes.
final class RecordedChange: Sendable {
    let sequence: Int64
    let change: RowChange
    let sdk: SDKIdentity?
    let committedAt: EpochMillis
    /// The message, when it had to be encoded inside the transaction (a deleted row).
    let value: String?

    init(sequence: Int64, change: RowChange, sdk: SDKIdentity?, committedAt: EpochMillis, value: String?) {
        self.sequence = sequence
        self.change = change
        self.sdk = sdk
        self.committedAt = committedAt
        self.value = value
    }

    /// The message the relay publishes for this change.
    func entry(encoder: any ChangeEncoder) -> OutboxEntry {
        OutboxEntry(
            sequence: sequence, kind: change.kind, projectId: change.projectId, entityId: change.entityId,
            key: change.partitionKey, value: value ?? encoder.messageValue(for: change, version: sequence), sdk: sdk,
            committedAt: committedAt
        )
    }
}
