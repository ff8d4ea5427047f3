import Foundation

/// Short, user-facing descriptions of JSON parse failures (Foundation's are long and nested).
public enum JSONErrorDescription {
    public static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context):
                let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                return "malformed JSON: \(underlying ?? context.debugDescription)"
            default:
                return "malformed JSON"
            }
        }
        return "malformed JSON"
    }
}
