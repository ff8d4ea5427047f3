import LangfarmCore

/// How the traces table is downloaded: CSV for spreadsheets, JSON Lines for programs.
enum ExportFormat: String, CaseIterable {
    case csv
    case jsonl

    var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .jsonl: "application/x-ndjson; charset=utf-8"
        }
    }

    static let csvHeader = "id,timestamp,name,userId,sessionId,environment,release,version,tags,latencyMs,totalTokens,totalCost,input,output,metadata\r\n"

    /// One trace as a CSV record or a JSON line.
    func line(_ item: TraceListItem) -> String {
        let trace = item.trace
        switch self {
        case .csv:
            let fields: [String] = [
                trace.id, ISO8601.format(trace.timestamp), trace.name ?? "", trace.userId ?? "", trace.sessionId ?? "", trace.environment,
                trace.release ?? "", trace.version ?? "", trace.tags.joined(separator: ";"), item.aggregates.latencyMillis.map(String.init) ?? "",
                String(Int(item.aggregates.totalTokens)), String(item.aggregates.totalCost), trace.input?.jsonText ?? "",
                trace.output?.jsonText ?? "", JSONValue.object(trace.metadata).jsonText,
            ]
            return fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        case .jsonl:
            let object: [String: JSONValue] = [
                "id": .string(trace.id), "timestamp": .string(ISO8601.format(trace.timestamp)), "name": trace.name.map(JSONValue.string) ?? .null,
                "userId": trace.userId.map(JSONValue.string) ?? .null, "sessionId": trace.sessionId.map(JSONValue.string) ?? .null,
                "environment": .string(trace.environment), "release": trace.release.map(JSONValue.string) ?? .null,
                "version": trace.version.map(JSONValue.string) ?? .null, "tags": .array(trace.tags.map(JSONValue.string)),
                "latencyMs": item.aggregates.latencyMillis.map { .number(Double($0)) } ?? .null,
                "totalTokens": .number(item.aggregates.totalTokens), "totalCost": .number(item.aggregates.totalCost),
                "input": trace.input ?? .null, "output": trace.output ?? .null, "metadata": .object(trace.metadata),
            ]
            return JSONValue.object(object).jsonText + "\n"
        }
    }

    /// RFC 4180 quoting; a field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
    /// carriage return first) gets a leading `'`, as OWASP recommends against CSV injection.
    static func csvField(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
