#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text a search compares: what a reader of the trace sees, optionally lower-cased.
enum SearchText {
    /// Calls `body` with a stored scalar's text as searched: a string's JSON escapes decoded,
    /// then once more for the escapes of text a client had JSON-encoded itself
    /// (`SearchEscapes`), then folded to lower case if `foldCase`.
    static func withSearchable<Result>(
        _ scalar: StoredJSONScalars.Scalar, foldCase: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withSearchable(scalar.bytes, decodingLevels: scalar.isString ? 2 : 0, foldCase: foldCase, body)
    }

    /// Calls `body` with `text` after `decodingLevels` passes of escape decoding and, if
    /// `foldCase`, lower-casing. Copies only what a step changes.
    static func withSearchable<Result>(
        _ text: UnsafeBufferPointer<UInt8>, decodingLevels: Int, foldCase: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        if decodingLevels > 0, let decoded = SearchEscapes.decoded(text) {
            return decoded.withUnsafeBufferPointer { withSearchable($0, decodingLevels: decodingLevels - 1, foldCase: foldCase, body) }
        }
        if foldCase, let folded = SearchCaseFolding.folded(text) {
            return folded.withUnsafeBufferPointer(body)
        }
        return body(text)
    }

    /// Whether `text` contains `pattern`, byte for byte: candidates for its first byte are found
    /// with `memchr` (vectorised in the C library), then compared whole.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        guard text.count >= pattern.count, let base = text.baseAddress else { return false }
        let lastStart = text.count - pattern.count
        return pattern.withUnsafeBufferPointer { pattern in
            var start = 0
            while start <= lastStart {
                guard let found = memchr(base + start, Int32(first), lastStart - start + 1) else { return false }
                start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + start, pattern.baseAddress!, pattern.count) == 0 { return true }
                start += 1
            }
            return false
        }
    }
}
