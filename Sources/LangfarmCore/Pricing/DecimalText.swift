import Foundation

/// Money and prices are `Decimal`s: costs are sums of many small products, and binary floating
/// point would drift (compat §4 keeps them as decimals too). These helpers move them through
/// JSON and SQLite as decimal text, never through `Double` arithmetic.
///
/// They avoid locale-aware Foundation APIs (`NSDecimalNumber.description(withLocale:)`,
/// `Decimal(string:locale:)` with a locale), which cost more than the pricing itself on the
/// ingestion path; `Decimal`'s own description and parser always use ".".
extension Decimal {
    /// The decimal a JSON number was written as. Swift prints the shortest text that reads back
    /// as the same `Double`, so `0.1` becomes exactly 0.1 rather than 0.1000000000000000055….
    public init?(jsonNumber: Double) {
        // Usage counts are integers: no need to go through text.
        if jsonNumber == jsonNumber.rounded(), abs(jsonNumber) < 9_007_199_254_740_992 {
            self.init(Int64(jsonNumber))
            return
        }
        guard jsonNumber.isFinite, let value = Decimal(string: "\(jsonNumber)") else { return nil }
        self = value
    }

    /// Parses text written by `decimalText`; nil for anything that is not a plain decimal number.
    public init?(decimalText text: String) {
        guard !text.isEmpty, text.utf8.allSatisfy({ Self.numberCharacters.contains($0) }), let value = Decimal(string: text)
        else { return nil }
        self = value
    }

    /// Plain decimal text without exponent, for storage.
    public var decimalText: String { description }

    /// The nearest `Double`, for JSON responses (which carry binary numbers anyway). Parsed
    /// from the decimal text: Foundation's own conversion multiplies by powers of ten and is
    /// off in the last bits (0.000001 became 1.0000000000000002e-06).
    public var doubleValue: Double { Double(description) ?? NSDecimalNumber(decimal: self).doubleValue }

    private static let numberCharacters = Set("0123456789.-+eE".utf8)
}
