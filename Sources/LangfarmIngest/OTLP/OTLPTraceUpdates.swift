import LangfarmCore

/// The trace updates of one export, held compactly until every span is mapped, then given out
/// without repeats.
///
/// The SDKs copy trace attributes onto every span, so an export holds the same trace update
/// many times. Folding applies a trace's events in fold order (timestamp, then envelope id:
/// `FoldPosition`); an update whose body equals that of the one folded just before it, apart
/// from the trace timestamp (which the first update fixes), changes nothing, so it is left out
/// rather than validated, logged and folded again. Which update comes just before another is
/// known only once the whole export is read, so each is kept until then as its envelope id,
/// time and an index into the export's distinct bodies: an export of 160,000 root spans holds
/// one body, not 160,000 trees.
struct OTLPTraceUpdates {
    private struct Update {
        let id: String
        let timestamp: EpochMillis
        let traceId: String
        let content: Int
    }

    private var updates: [Update] = []
    /// Distinct bodies without their timestamp; a body names its trace, so no two traces share one.
    private var contents: [[String: JSONValue]] = []
    private var contentIndex: [[String: JSONValue]: Int] = [:]

    mutating func add(id: String, timestamp: EpochMillis, traceId: String, body: [String: JSONValue]) {
        var content = body
        content["timestamp"] = nil
        let index: Int
        if let known = contentIndex[content] {
            index = known
        } else {
            index = contents.count
            contents.append(content)
            contentIndex[content] = index
        }
        updates.append(Update(id: id, timestamp: timestamp, traceId: traceId, content: index))
    }

    /// The updates in fold order, each but those that repeat the one before it passed to `body`
    /// with its body (the timestamp restored).
    func forEachUnrepeated(_ body: (_ id: String, _ timestamp: EpochMillis, _ body: [String: JSONValue]) throws -> Void) rethrows {
        var previous: [String: Int] = [:]
        for update in updates.sorted(by: { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }) {
            if previous[update.traceId] == update.content { continue }
            previous[update.traceId] = update.content
            var restored = contents[update.content]
            restored["timestamp"] = .string(ISO8601.format(update.timestamp))
            try body(update.id, update.timestamp, restored)
        }
    }
}
