import Foundation
import LangfarmCore

/// How numbers and times read in the UI.
enum Format {
    /// `$0.0012`, `$12.50`: six decimals at most, two at least.
    static func cost(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 {
            text.removeLast()
        }
        return "$" + text
    }

    static func cost(_ value: Decimal) -> String {
        cost(NSDecimalNumber(decimal: value).doubleValue)
    }

    /// `850ms`, `1.25s`, `2m 5s`.
    static func latency(_ millis: Int64?) -> String {
        guard let millis else { return "" }
        if millis < 1000 { return "\(millis)ms" }
        if millis < 60_000 { return String(format: "%.2fs", Double(millis) / 1000) }
        return "\(millis / 60_000)m \((millis % 60_000) / 1000)s"
    }

    /// `1,234`: tokens, counts.
    static func integer(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        return formatter.string(from: NSNumber(value: value)) ?? String(Int(value))
    }

    /// `2026-12-03 05:31:47` (UTC).
    static func time(_ millis: EpochMillis) -> String {
        let text = ISO8601.format(millis)
        return String(text.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}
