/// All of one entity's events folded into one record (`RecordMerger.fold`): what `RowBuilder`
/// turns into the stored row.
public enum MergedRecord: Sendable, Equatable {
    case trace(TracePatch)
    case observation(ObservationPatch)
    /// A deleted score's row is removed, whatever its columns.
    case score(ScorePatch, isDeleted: Bool)
}
