/// A value that distinguishes "not sent" from an explicit `null`, which the merge rules need.
///
/// Every column of a patch is a `Field`: one event's body leaves it `absent`, sends it as
/// `null`, or sends a value. A merged record is a patch too, so the same three states say
/// whether any event set the column (`RecordMerger`).
public enum Field<Value> {
    case absent
    case null
    case value(Value)

    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// Re-types `.absent`/`.null`; only called when the field holds no value.
    func mapNonValue<Other>() -> Field<Other> {
        switch self {
        case .absent: return .absent
        default: return .null
        }
    }
}

extension Field: Sendable where Value: Sendable {}
extension Field: Equatable where Value: Equatable {}
