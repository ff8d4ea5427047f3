/// Where an event sorts among its entity's events when they are folded: by timestamp, creates
/// before updates on ties, then by envelope id, so that the order never depends on arrival
/// (`NormalisedEvent.foldOrder`).
public struct FoldPosition: Sendable, Hashable, Comparable {
    public let timestamp: EpochMillis
    public let isUpdate: Bool
    public let envelopeId: String

    public init(timestamp: EpochMillis, isUpdate: Bool, envelopeId: String) {
        self.timestamp = timestamp
        self.isUpdate = isUpdate
        self.envelopeId = envelopeId
    }

    public static func < (lhs: FoldPosition, rhs: FoldPosition) -> Bool {
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp < rhs.timestamp }
        if lhs.isUpdate != rhs.isUpdate { return !lhs.isUpdate }
        return lhs.envelopeId < rhs.envelopeId
    }
}
