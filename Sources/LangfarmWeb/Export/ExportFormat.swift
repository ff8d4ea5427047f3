import Foundation
import LangfarmCore

/// How the traces and observations tables are downloaded: CSV for spreadsheets, JSON Lines
/// for programs.
enum ExportFormat: String, CaseIterable {
    case csv
    case jsonl

    var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .jsonl: "application/x-ndjson; charset=utf-8"
        }
    }

    static let traceCSVHeader = "id,timestamp,name,userId,sessionId,environment,release,version,tags,latencyMs,totalTokens,totalCost,input,output,metadata\r\n"

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

    static let observationCSVHeader = "id,traceId,type,name,startTime,endTime,level,model,inputTokens,outputTokens,totalTokens,totalCost,"
        + "latencyMs,timeToFirstTokenMs,environment,input,output,metadata\r\n"

    /// One observation as a CSV record or a JSON line.
    func line(_ item: ObservationListItem) -> String {
        let observation = item.observation
        let usage = observation.usageDetails
        let latency = observation.endTime.map { $0 - observation.startTime }
        let timeToFirstToken = observation.completionStartTime.map { $0 - observation.startTime }
        let cost = observation.totalCost.map { NSDecimalNumber(decimal: $0).doubleValue }
        switch self {
        case .csv:
            let fields: [String] = [
                observation.id, observation.traceId, observation.type, observation.name ?? "", ISO8601.format(observation.startTime),
                observation.endTime.map(ISO8601.format) ?? "", observation.level, observation.providedModelName ?? "",
                usage["input"].map { String(Int($0)) } ?? "", usage["output"].map { String(Int($0)) } ?? "",
                usage["total"].map { String(Int($0)) } ?? "", cost.map { String($0) } ?? "", latency.map(String.init) ?? "",
                timeToFirstToken.map(String.init) ?? "", observation.environment, observation.input?.jsonText ?? "",
                observation.output?.jsonText ?? "", JSONValue.object(observation.metadata).jsonText,
            ]
            return fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        case .jsonl:
            let object: [String: JSONValue] = [
                "id": .string(observation.id), "traceId": .string(observation.traceId), "type": .string(observation.type),
                "name": observation.name.map(JSONValue.string) ?? .null, "startTime": .string(ISO8601.format(observation.startTime)),
                "endTime": observation.endTime.map { .string(ISO8601.format($0)) } ?? .null, "level": .string(observation.level),
                "model": observation.providedModelName.map(JSONValue.string) ?? .null,
                "usageDetails": .object(usage.mapValues(JSONValue.number)), "totalCost": cost.map(JSONValue.number) ?? .null,
                "latencyMs": latency.map { .number(Double($0)) } ?? .null,
                "timeToFirstTokenMs": timeToFirstToken.map { .number(Double($0)) } ?? .null,
                "environment": .string(observation.environment), "input": observation.input ?? .null,
                "output": observation.output ?? .null, "metadata": .object(observation.metadata),
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
