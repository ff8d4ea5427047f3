import Foundation
/// The field groups of a v2 observation (`fields`): `core` is always there; the default is
/// `core,basic`; unknown names are dropped, as Langfuse drops them.
struct ObservationFieldGroups: OptionSet, Sendable {
    let rawValue: Int

    static let basic = ObservationFieldGroups(rawValue: 1 << 0)
    static let time = ObservationFieldGroups(rawValue: 1 << 1)
    static let io = ObservationFieldGroups(rawValue: 1 << 2)
    static let metadata = ObservationFieldGroups(rawValue: 1 << 3)
    static let model = ObservationFieldGroups(rawValue: 1 << 4)
    static let usage = ObservationFieldGroups(rawValue: 1 << 5)
    static let prompt = ObservationFieldGroups(rawValue: 1 << 6)
    static let metrics = ObservationFieldGroups(rawValue: 1 << 7)
    static let traceContext = ObservationFieldGroups(rawValue: 1 << 8)

    static let byName: [String: ObservationFieldGroups] = [
        "basic": .basic, "time": .time, "io": .io, "metadata": .metadata, "model": .model, "usage": .usage,
        "prompt": .prompt, "metrics": .metrics, "trace_context": .traceContext,
    ]

    init(rawValue: Int) { self.rawValue = rawValue }

    init(_ parameters: QueryParameters) {
        guard let listed = parameters.nonEmpty("fields") else {
            self = .basic
            return
        }
        self = ObservationFieldGroups(listed.split(separator: ",").compactMap { Self.byName[$0.trimmingCharacters(in: .whitespaces)] })
    }
}
