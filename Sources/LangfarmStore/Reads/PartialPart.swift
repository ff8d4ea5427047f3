import LangfarmCore

/// One part of a partial aggregate, as a metrics scan selects it: one SQL aggregate per part,
/// whatever the store.
public enum PartialPart: String, CaseIterable, Sendable {
    case count
    case sum
    case minimum
    case maximum
    case distribution
    case distinct

    /// The parts that make up the aggregates `needs` asks for.
    public static func parts(_ needs: PartialNeeds) -> [PartialPart] {
        allCases.filter { part in
            switch part {
            case .count: needs.contains(.count)
            case .sum: needs.contains(.sum)
            case .minimum, .maximum: needs.contains(.extremes)
            case .distribution: needs.contains(.distribution)
            case .distinct: needs.contains(.distinct)
            }
        }
    }
}
