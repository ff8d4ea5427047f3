import LangfarmCore

/// The three lake table definitions (`traces`, `observations`, `scores`, one file each) and
/// the lookups by entity kind that the contract generators use.
enum LakeTables {
    static func columns(of kind: EntityKind) -> [LakeColumn] {
        switch kind {
        case .trace: traces.columns
        case .observation: observations.columns
        case .score: scores.columns
        }
    }

    static func description(of kind: EntityKind) -> String {
        switch kind {
        case .trace: traces.description
        case .observation: observations.description
        case .score: scores.description
        }
    }

    /// What the Kafka message key is (`RowChange.partitionKey`), for the schema's description.
    static func messageKey(of kind: EntityKind) -> String {
        switch kind {
        case .trace: "the trace id"
        case .observation: "the trace id of the observation"
        case .score: "the trace id of the score (its own id when it has no trace)"
        }
    }
}
