extension Array {
    /// Calls `body` with each element in order, releasing each before the next call: a request's
    /// parsed envelopes or decoded spans, turned into events one by one, are then never all held
    /// together with what they became (an export of 160,000 spans would hold both).
    public consuming func forEachReleasing(_ body: (Element) throws -> Void) rethrows {
        var remaining = consume self
        remaining.reverse()
        while let element = remaining.popLast() { try body(element) }
    }
}
