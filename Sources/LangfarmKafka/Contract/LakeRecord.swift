import LangfarmCore

/// What one lake message is made from: a row as a write transaction left it, whether that
/// change deleted it, and the store's change sequence number that orders it.
struct LakeRecord<Row: LakeRow>: Sendable {
    let row: Row
    let isDeleted: Bool
    let version: Int64

    /// Paimon's row kind for the change (`'rowkind.field'`): a live row is an insert, which a
    /// primary-key table treats as an upsert; a deleted row is a delete, which removes the key.
    var rowKind: String { isDeleted ? "-D" : "+I" }
}

/// The columns every lake table shares, which every row type has under the same names.
protocol LakeRow: Sendable {
    var id: String { get }
    var projectId: String { get }
    var environment: String { get }
    var partition: PartitionTime { get }
    var updatedAt: EpochMillis { get }
}

extension TraceRow: LakeRow {}
extension ObservationRow: LakeRow {}
extension ScoreRow: LakeRow {}
