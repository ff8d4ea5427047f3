extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits per byte. Written byte by byte: OTLP ids are
    /// converted for every span, and formatting each byte as its own `String` showed in profiles.
    public var hexString: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            digits.append(hexDigits[Int(byte >> 4)])
            digits.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: digits, as: UTF8.self)
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
