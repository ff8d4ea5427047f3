import NIOCore

/// An export's body: one buffer per page of rows, read when the client is ready for it, so
/// memory stays flat however many rows there are. At most `maxRows` rows.
struct ExportPages<Position: Sendable>: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    /// Reads the page after `position` (nil: the first) as lines, with the position of the
    /// next page, nil after the last.
    typealias ReadPage = @Sendable (_ position: Position?) async throws -> (lines: [String], next: Position?)

    static var maxRows: Int { 200_000 }
    static var pageSize: Int { 500 }

    /// Written before the first page (CSV's header line).
    let header: String?
    let readPage: ReadPage

    struct AsyncIterator: AsyncIteratorProtocol {
        let pages: ExportPages
        var position: Position?
        var written = 0
        var started = false
        var done = false

        mutating func next() async throws -> ByteBuffer? {
            guard !done else { return nil }
            var buffer = ByteBuffer()
            if !started, let header = pages.header { buffer.writeString(header) }
            started = true
            let (lines, next) = try await pages.readPage(position)
            for line in lines.prefix(ExportPages.maxRows - written) { buffer.writeString(line) }
            written += lines.count
            position = next
            done = next == nil || written >= ExportPages.maxRows
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: self) }
}
