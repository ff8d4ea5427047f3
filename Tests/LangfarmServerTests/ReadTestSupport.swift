import Foundation
import LangfarmCore
import Testing
@testable import LangfarmServer

/// Helpers shared by the read API suites: query strings encoded as the SDKs encode them,
/// filter JSON, and short accessors for list replies.
enum ReadQuery {
    /// `a=1&b=2`, every name and value percent-encoded as `encodeURIComponent` does (so `+`,
    /// `&`, `=`, `#`, quotes and non-ASCII are escaped); pairs keep their order and may repeat.
    static func string(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(TestClient.encodePathSegment($0.0))=\(TestClient.encodePathSegment($0.1))" }.joined(separator: "&")
    }

    /// `path?query`, or `path` for no pairs.
    static func path(_ path: String, _ pairs: [(String, String)]) -> String {
        pairs.isEmpty ? path : "\(path)?\(string(pairs))"
    }
}

/// Builders of Langfuse filter conditions (`{type, column, operator, value, key?}`).
enum Filter {
    static func condition(_ type: String, _ column: String, _ op: String, _ value: JSONValue, key: String? = nil) -> JSONValue {
        var fields: [String: JSONValue] = ["type": .string(type), "column": .string(column), "operator": .string(op), "value": value]
        if let key { fields["key"] = .string(key) }
        return .object(fields)
    }

    static func string(_ column: String, _ op: String, _ value: String) -> JSONValue {
        condition("string", column, op, .string(value))
    }

    static func number(_ column: String, _ op: String, _ value: Double) -> JSONValue {
        condition("number", column, op, .number(value))
    }

    static func datetime(_ column: String, _ op: String, _ value: String) -> JSONValue {
        condition("datetime", column, op, .string(value))
    }

    static func options(_ column: String, _ op: String, _ values: [String], type: String = "stringOptions") -> JSONValue {
        condition(type, column, op, .array(values.map(JSONValue.string)))
    }

    static func metadata(_ key: String, _ op: String, _ value: String) -> JSONValue {
        condition("stringObject", "metadata", op, .string(value), key: key)
    }

    /// The text of a `filter` parameter (compact JSON).
    static func text(_ conditions: [JSONValue]) -> String {
        JSONValue.array(conditions).jsonText
    }

    /// The text as Python's `json.dumps` writes it (spaces after `:` and `,`); only for
    /// conditions whose strings hold no `":` or `,"`.
    static func dumps(_ conditions: [JSONValue]) -> String {
        text(conditions).replacingOccurrences(of: "\":", with: "\": ").replacingOccurrences(of: ",\"", with: ", \"")
    }
}

extension TestClient {
    /// `GET path?pairs`.
    func list(_ path: String, _ pairs: [(String, String)] = [], auth: String?) async throws -> Reply {
        try await get(ReadQuery.path(path, pairs), auth: auth)
    }

    /// `GET path?pairs` with a `filter` parameter made of `conditions`.
    func list(_ path: String, filter conditions: [JSONValue], _ pairs: [(String, String)] = [], auth: String?) async throws -> Reply {
        try await list(path, pairs + [("filter", Filter.text(conditions))], auth: auth)
    }

    /// Ingests `events` and checks that every one was accepted.
    func seed(_ events: [JSONValue], auth: String?, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await ingest(events, auth: auth)
        #expect(reply.status == 207, "\(reply)", sourceLocation: sourceLocation)
        #expect(reply.json.ids("successes").count == events.count, "\(reply)", sourceLocation: sourceLocation)
        #expect(reply.json["errors"]?.arrayValue?.isEmpty != false, "\(reply)", sourceLocation: sourceLocation)
    }
}

extension JSONValue {
    /// The keys of an object (empty for anything else).
    var keySet: Set<String> { Set(objectValue?.keys.map { $0 } ?? []) }
}

extension Reply {
    /// Expects a 200 listing exactly `expected` (ids, in order) and, with `counted`, a total of
    /// as many.
    func expectListed(_ expected: [String], _ label: String, counted: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 200, "\(label): \(self)", sourceLocation: sourceLocation)
        #expect(ids == expected, "\(label)", sourceLocation: sourceLocation)
        if counted { #expect(totalItems == Double(expected.count), "\(label)", sourceLocation: sourceLocation) }
    }

    /// The items of `data`.
    var items: [JSONValue] { json["data"]?.arrayValue ?? [] }
    /// The `id` of each item of `data`, in order.
    var ids: [String] { items.compactMap { $0["id"]?.stringValue } }
    /// `meta.totalItems`.
    var totalItems: Double? { json["meta"]?["totalItems"]?.numberValue }
    /// `meta.cursor`.
    var cursor: String? { json["meta"]?["cursor"]?.stringValue }
    /// The first detail of a 400 (`errors[0]`), which starts with the parameter's name.
    var detail: String? { json["error"]?[0]?.stringValue }
}

/// Times on 2026-03-01 (UTC), as ingestion and the API write them.
enum At {
    /// `2026-03-01T12:MM:SS.000Z`.
    static func noon(_ minute: Int, _ second: Int = 0) -> String {
        String(format: "2026-03-01T12:%02d:%02d.000Z", minute, second)
    }

    /// `2026-03-DDT00:00:00.000Z`.
    static func day(_ day: Int) -> String {
        String(format: "2026-03-%02dT00:00:00.000Z", day)
    }
}

/// Events with their own envelope timestamps, for updates that must be ordered.
extension Events {
    static func update(_ type: String, _ id: String, traceId: String, envelopeId: String, at timestamp: String, _ fields: [String: JSONValue]) -> JSONValue {
        let body = fields.merging(["id": .string(id), "traceId": .string(traceId)]) { $1 }
        return envelope(type, id: envelopeId, body: .object(body), timestamp: timestamp)
    }

    /// A score with any body fields (session scores, data types, comments, metadata).
    static func score(_ id: String, _ fields: [String: JSONValue], envelopeId: String? = nil) -> JSONValue {
        envelope("score-create", id: envelopeId ?? "env-\(id)", body: .object(fields.merging(["id": .string(id)]) { $1 }))
    }
}

/// Hostile values: SQL fragments that must match nothing and change nothing.
enum Hostile {
    static let sqlValues = ["'; DROP TABLE traces; --", "\" OR 1=1", "' OR '1'='1", "x') OR 1=1 --", "%", "_", "*"]
}
