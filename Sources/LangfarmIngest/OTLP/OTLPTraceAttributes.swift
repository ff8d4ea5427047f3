import Foundation
import LangfarmCore

/// Trace-level attributes a span may carry (compat §3 "Trace fields"); the first truthy key wins.
enum OTLPTraceAttributes {
    static let userIdKeys = [
        "langfuse.user.id", "user.id", "langfuse.observation.metadata.langfuse_user_id",
        "langfuse.trace.metadata.langfuse_user_id", "ai.telemetry.metadata.userId",
    ]
    static let sessionIdKeys = [
        "langfuse.session.id", "session.id", "gen_ai.conversation.id", "langfuse.observation.metadata.langfuse_session_id",
        "langfuse.trace.metadata.langfuse_session_id", "ai.telemetry.metadata.sessionId",
    ]
    static let tagKeys = [
        "langfuse.trace.tags", "langfuse.tags", "langfuse.observation.metadata.langfuse_tags",
        "langfuse.trace.metadata.langfuse_tags", "ai.telemetry.metadata.tags", "tag.tags",
    ]

    /// Whether the span updates its trace even if it is not the root.
    static func updatesTrace(_ attributes: OTLPAttributes) -> Bool {
        attributes.has(prefix: "langfuse.trace.") || attributes.first(userIdKeys + sessionIdKeys + tagKeys) != nil
    }

    static func userId(_ attributes: OTLPAttributes) -> String? { string(attributes, userIdKeys) }

    static func sessionId(_ attributes: OTLPAttributes) -> String? { string(attributes, sessionIdKeys) }

    /// Tags as an array, a JSON-array string, a comma-separated string or a single string.
    static func tags(_ attributes: OTLPAttributes) -> [String]? {
        guard let value = attributes.first(tagKeys) else { return nil }
        switch OTLPAttributes.parsed(value) {
        case .array(let items): return items.compactMap { $0.stringValue ?? ($0 == .null ? nil : $0.jsonText) }
        case .string(let text):
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: return nil
        }
    }

    static func isPublic(_ attributes: OTLPAttributes) -> Bool? {
        guard let value = attributes.first(["langfuse.trace.public", "langfuse.public"]) else { return nil }
        return value == .bool(true) || value == .string("true")
    }

    /// The environment from the span, then the resource.
    static func environment(_ span: OTLPSpan) -> String? {
        let keys = ["langfuse.environment", "deployment.environment.name", "deployment.environment"]
        return OTLPAttributes(span.attributes).string(keys) ?? OTLPAttributes(span.resource).string(keys)
    }

    static func release(_ span: OTLPSpan) -> String? {
        OTLPAttributes(span.attributes).string("langfuse.release") ?? OTLPAttributes(span.resource).string("langfuse.release")
    }

    static func version(_ span: OTLPSpan) -> String? {
        OTLPAttributes(span.attributes).string("langfuse.version") ?? OTLPAttributes(span.resource).string("service.version")
    }

    private static func string(_ attributes: OTLPAttributes, _ keys: [String]) -> String? {
        guard let value = attributes.first(keys) else { return nil }
        switch OTLPAttributes.parsed(value) {
        case .string(let text): return text
        case .number, .bool: return value.jsonText
        default: return nil
        }
    }
}
