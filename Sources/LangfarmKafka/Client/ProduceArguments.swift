import CRdKafka

/// Builders for `rd_kafka_vu_t`, the tagged arguments of `rd_kafka_produceva`.
///
/// Why `produceva`: `rd_kafka_producev` is C-variadic, which Swift cannot call; `produceva`
/// takes the same arguments as an array. All pointers only need to live for the call, because
/// we pass `RD_KAFKA_MSG_F_COPY` and librdkafka copies header names and values itself.
extension rd_kafka_vu_t {
    private init(_ type: rd_kafka_vtype_t) {
        self.init()  // zeroes the 64-byte union
        vtype = type
    }

    static func topic(_ name: UnsafePointer<CChar>) -> Self {
        var vu = Self(RD_KAFKA_VTYPE_TOPIC)
        vu.u.cstr = name
        return vu
    }

    static func partition(_ partition: Int32) -> Self {
        var vu = Self(RD_KAFKA_VTYPE_PARTITION)
        vu.u.i32 = partition
        return vu
    }

    /// An empty buffer may have no address; librdkafka then sends a null value/key.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Self {
        memory(RD_KAFKA_VTYPE_VALUE, bytes)
    }

    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Self {
        memory(RD_KAFKA_VTYPE_KEY, bytes)
    }

    private static func memory(_ type: rd_kafka_vtype_t, _ bytes: UnsafeBufferPointer<UInt8>) -> Self {
        var vu = Self(type)
        vu.u.mem.ptr = UnsafeMutableRawPointer(mutating: bytes.baseAddress)  // not written: F_COPY
        vu.u.mem.size = bytes.count
        return vu
    }

    /// The per-message opaque, returned in the delivery report's `_private` field.
    static func opaque(_ token: UInt64) -> Self {
        var vu = Self(RD_KAFKA_VTYPE_OPAQUE)
        vu.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(truncatingIfNeeded: token))
        return vu
    }

    static func flags(_ flags: Int32) -> Self {
        var vu = Self(RD_KAFKA_VTYPE_MSGFLAGS)
        vu.u.i = flags
        return vu
    }

    static func header(name: UnsafePointer<CChar>, value: UnsafeRawPointer?, size: Int) -> Self {
        var vu = Self(RD_KAFKA_VTYPE_HEADER)
        vu.u.header.name = name
        vu.u.header.val = value
        vu.u.header.size = size
        return vu
    }
}

/// Message headers laid out in one byte buffer (each name NUL-terminated, then its value), so a
/// single `withUnsafeBufferPointer` keeps every header pointer valid during `produceva`.
struct HeaderArena {
    private(set) var bytes: [UInt8] = []
    private var entries: [(name: Int, value: Int, count: Int)] = []

    init(_ headers: [(String, [UInt8])]) {
        for (name, value) in headers {
            let nameOffset = bytes.count
            bytes.append(contentsOf: name.utf8)
            bytes.append(0)
            entries.append((nameOffset, bytes.count, value.count))
            bytes.append(contentsOf: value)
        }
    }

    /// The `RD_KAFKA_VTYPE_HEADER` arguments, pointing into `buffer` (which must be `bytes`).
    func arguments(in buffer: UnsafeBufferPointer<UInt8>) -> [rd_kafka_vu_t] {
        guard let base = buffer.baseAddress else { return [] }
        return entries.map { entry in
            let name = UnsafeRawPointer(base + entry.name).assumingMemoryBound(to: CChar.self)
            return .header(name: name, value: UnsafeRawPointer(base + entry.value), size: entry.count)
        }
    }
}
