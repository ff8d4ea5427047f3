/// JSON held as text (metadata, input, output), read with PostgreSQL's JSON functions.
///
/// PostgreSQL text cannot hold U+0000, so `json_each_text`, `->>` and `#>>` fail on a `\u0000`
/// escape, which clients do send; one such row would make every filter that reads its JSON
/// fail. Readers therefore see that escape as U+FFFD (`\ufffd`): a filter never matches a NUL,
/// and every other character reads as stored.
enum PostgresJSONText {
    /// The JSON text in `column` (an expression the store wrote), as `json` readers may decode.
    static func readable(_ column: String) -> String {
        #"replace(\#(column), '\u0000', '\ufffd')::json"#
    }
}
