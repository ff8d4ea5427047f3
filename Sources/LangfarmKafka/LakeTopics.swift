import LangfarmCore

/// The topic each kind of row is published to: `traces`, `observations` and `scores`, behind a
/// configurable prefix so that several deployments can share one cluster.
public struct LakeTopics: Sendable, Equatable {
    public let prefix: String

    public init(prefix: String = "") {
        self.prefix = prefix
    }

    public func topic(for kind: EntityKind) -> String {
        prefix + Self.baseName(of: kind)
    }

    public var all: [String] { EntityKind.allCases.map(topic(for:)) }

    public static func baseName(of kind: EntityKind) -> String {
        switch kind {
        case .trace: "traces"
        case .observation: "observations"
        case .score: "scores"
        }
    }
}
