/// Langfuse's merge rules for one column (`worker/src/services/IngestionService/utils.ts`,
/// `overwriteObject`), each written once. A rule folds a newer event's field into the record's;
/// an `absent` field never changes anything. Which column follows which rule is listed per kind
/// in `TracePatch.merge(_:)`, `ObservationPatch.merge(_:)` and `ScorePatch.merge(_:)`.
extension Field {
    /// A later value wins, and so does an explicit `null`: the rule for most columns.
    mutating func lastWins(_ newer: Field) {
        if case .absent = newer { return }
        self = newer
    }

    /// Columns fixed by the first write (ids, timestamps, environment): the first non-null
    /// value stays. A `null` fixes nothing, so a later value still replaces it.
    mutating func keepFirst(_ newer: Field) {
        if case .value = self { return }
        lastWins(newer)
    }

    /// A later value wins, but an explicit `null` does not clear: a Langfuse quirk for an
    /// observation's `statusMessage`, `parentObservationId` and `version`, kept for parity.
    mutating func lastNonNull(_ newer: Field) {
        if case .value = newer { self = newer }
    }

    /// Object-valued columns (model parameters, usage and cost details): an empty object never
    /// overwrites, not even a column no event has set yet; a `null` does.
    mutating func lastNonEmptyObject<Key, Member>(_ newer: Field) where Value == [Key: Member] {
        if case .value(let members) = newer, members.isEmpty { return }
        lastWins(newer)
    }
}

extension Field where Value == JSONValue {
    /// `input` and `output`: the last truthy value wins (JavaScript truthiness,
    /// `JSONValue.isTruthy`). So `null`, `""`, `0` and `false` never overwrite, while `{}` and
    /// `[]` are truthy and do, unlike in other object-valued columns.
    mutating func lastTruthy(_ newer: Field) {
        if case .value(let value) = newer, value.isTruthy { self = newer }
    }
}

extension Field where Value == [String: JSONValue] {
    /// `metadata`: objects merge key by key, recursively, so a later event adds keys without
    /// dropping the earlier ones; a `null` replaces, at any depth.
    mutating func deepMerge(_ newer: Field) {
        guard case .value(let newerMembers) = newer, case .value(var merged) = self else {
            return lastWins(newer)  // unless both are objects, as for any other column
        }
        self = .absent  // drops the record's reference, so `merged` is unique and merges in place
        Self.deepMerge(newerMembers, into: &merged)
        self = .value(merged)
    }

    /// Objects merge key by key, recursively; anything else is replaced by the newer value.
    private static func deepMerge(_ newer: [String: JSONValue], into merged: inout [String: JSONValue]) {
        for (key, value) in newer {
            if case .object(let newerMembers) = value, case .object(var older)? = merged[key] {
                deepMerge(newerMembers, into: &older)
                merged[key] = .object(older)
            } else {
                merged[key] = value
            }
        }
    }
}

extension Field where Value == [String] {
    /// `tags`: the sorted union of every event's tags; a `null` adds none.
    mutating func unionTags(_ newer: Field) {
        guard case .value(let tags) = newer else { return }
        self = .value(Set(value ?? []).union(tags).sorted())
    }
}
