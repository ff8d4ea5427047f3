import LangfarmCore

/// Short, user-facing descriptions of JSON parse failures.
public enum JSONErrorDescription {
    public static func describe(_ error: any Error) -> String {
        if let parseError = error as? JSONParser.ParseError {
            return "malformed JSON: \(parseError)"
        }
        return "malformed JSON"
    }
}
