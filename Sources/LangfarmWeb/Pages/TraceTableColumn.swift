import LangfarmCore

/// The traces table's columns, in the order they are shown. Langfuse's defaults are shown
/// unless the view names others (`?columns=`); `scores` stands for one column per score name
/// of the traces on the page.
enum TraceTableColumn: String, CaseIterable {
    case timestamp, id, name, input, output, levels, latency, tokens, cost, environment, tags, metadata
    case user, session, release, version, scores

    static let defaults: [TraceTableColumn] = allCases.filter { ![.id, .release, .version].contains($0) }

    var label: String {
        switch self {
        case .id: "ID"
        case .levels: "Levels"
        case .user: "User"
        case .session: "Session"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }

    /// The sort a header link applies, for the columns the store sorts by.
    var sortField: TraceSortField? {
        switch self {
        case .timestamp: .timestamp
        case .id: .id
        case .name: .name
        case .latency: .latency
        case .tokens: .totalTokens
        case .cost: .totalCost
        case .user: .userId
        case .session: .sessionId
        case .release: .release
        case .version: .version
        case .input, .output, .levels, .environment, .tags, .metadata, .scores: nil
        }
    }
}
