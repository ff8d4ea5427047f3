/// Langfuse's merge rules (`worker/src/services/IngestionService/utils.ts`, `overwriteObject`).
///
/// Events of one entity are folded oldest first. A later value wins, an explicit `null` too;
/// empty objects never overwrite; `metadata` deep-merges; `tags` is the sorted union; `input` and
/// `output` take the last truthy value; a few keys are fixed by the first write.
public enum RecordMerger {
    /// Keys whose first value is kept.
    static func immutableKeys(_ kind: EntityKind) -> Set<String> {
        switch kind {
        case .trace: return ["id", "project_id", "timestamp", "created_at", "environment"]
        case .observation: return ["id", "project_id", "trace_id", "start_time", "created_at", "environment"]
        case .score: return ["id", "project_id", "timestamp", "trace_id", "created_at", "environment"]
        }
    }

    /// Observation keys an explicit `null` does not clear (a Langfuse quirk kept for parity).
    static let nullKeepsObservationKeys: Set<String> = ["status_message", "parent_observation_id", "version"]

    /// Folds events into one record; the order of `events` does not matter. Trace edits from
    /// the web UI fold after every other event (`TraceEdit`).
    public static func fold(_ kind: EntityKind, _ events: [NormalisedEvent]) -> Record {
        var record = Record(minimumCapacity: 32)
        var edits: [NormalisedEvent] = []
        for event in events.sorted(by: NormalisedEvent.foldOrder) {
            switch event.type {
            case .scoreDelete:
                record["is_deleted"] = .bool(true)
            case .traceEdit:
                edits.append(event)
            default:
                merge(event.patch, into: &record, kind: kind)
                record["is_deleted"] = nil
            }
        }
        for edit in edits { TraceEdit.apply(edit.patch, to: &record) }
        return record
    }

    public static func merge(_ patch: Record, into record: inout Record, kind: EntityKind) {
        let immutable = immutableKeys(kind)
        for (key, newValue) in patch {
            let current = record[key]
            if immutable.contains(key), let current, current != .null {
                continue
            }
            switch key {
            case "metadata":
                record[key] = deepMerge(current ?? .object([:]), newValue)
            case "tags":
                record[key] = unionTags(current, newValue)
            case "input", "output":
                if newValue.isTruthy { record[key] = newValue }
            default:
                if case .object(let members) = newValue, members.isEmpty { continue }
                if newValue == .null, kind == .observation, nullKeepsObservationKeys.contains(key) { continue }
                record[key] = newValue
            }
        }
    }

    /// Objects merge key by key, recursively; anything else is replaced by the newer value.
    static func deepMerge(_ old: JSONValue, _ new: JSONValue) -> JSONValue {
        guard case .object(var merged) = old, case .object(let newer) = new else { return new }
        for (key, value) in newer {
            merged[key] = merged[key].map { deepMerge($0, value) } ?? value
        }
        return .object(merged)
    }

    static func unionTags(_ old: JSONValue?, _ new: JSONValue) -> JSONValue {
        var tags = Set<String>()
        for value in [old ?? .array([]), new] {
            for tag in value.arrayValue ?? [] {
                if let text = tag.stringValue { tags.insert(text) }
            }
        }
        return .array(tags.sorted().map(JSONValue.string))
    }
}
