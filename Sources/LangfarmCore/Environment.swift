/// Langfuse's environment normalisation: never rejects, falls back to `default`.
public enum EnvironmentName {
    public static let fallback = "default"

    /// Lower-cases, strips leading `langfuse`/`langfuse-`/`langfuse_` prefixes, truncates to 40
    /// characters and returns `default` unless the result matches `^[a-z0-9-_]+$`.
    public static func normalise(_ raw: String?) -> String {
        guard var name = raw?.lowercased() else { return fallback }
        while name.hasPrefix("langfuse") {
            name.removeFirst("langfuse".count)
            if name.hasPrefix("-") || name.hasPrefix("_") { name.removeFirst() }
        }
        name = String(name.prefix(40))
        let allowed = name.utf8.allSatisfy { byte in
            (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 95
        }
        return name.isEmpty || !allowed ? fallback : name
    }
}
