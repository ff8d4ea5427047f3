/// Why librdkafka could not be loaded, worded so that whoever reads the log can fix it.
public enum LibRdKafkaLoadError: Error, CustomStringConvertible, Sendable {
    /// One `dlopen` attempt and the loader's reason for refusing it.
    public struct Attempt: Sendable, Equatable {
        public let path: String
        public let reason: String
    }

    /// No candidate file could be opened.
    case libraryNotFound(attempts: [Attempt])
    /// The file opened but lacks a function we call (too old, or not librdkafka).
    case missingSymbol(path: String, symbol: String, reason: String)

    static let remedy = "Install librdkafka (apt-get install librdkafka1; version 2.2 or newer "
        + "is needed for tansu) or set \(LibRdKafka.environmentVariable) to the full path of "
        + "librdkafka.so.1."

    public var description: String {
        switch self {
        case .libraryNotFound(let attempts):
            let tried = attempts.map { "\($0.path) (\($0.reason))" }.joined(separator: "; ")
            return "Could not load librdkafka. Tried: \(tried). \(Self.remedy)"
        case .missingSymbol(let path, let symbol, let reason):
            return "librdkafka at \(path) has no symbol \(symbol) (\(reason)); it is too old or "
                + "not librdkafka. \(Self.remedy)"
        }
    }
}
