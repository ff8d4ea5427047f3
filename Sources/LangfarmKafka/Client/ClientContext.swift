import CRdKafka
import Logging
import Synchronization

/// What librdkafka's C callbacks need from Swift, reached through the client's `opaque` pointer.
///
/// Why: a C function pointer cannot capture anything, so the callbacks below are plain functions
/// that turn the `opaque` pointer (set with `rd_kafka_conf_set_opaque`) back into this object.
/// The owning ``KafkaClient`` keeps it retained until `rd_kafka_destroy` has returned, so no
/// callback can see a freed object.
final class ClientContext: Sendable {
    let library: LibRdKafka
    let logger: Logger
    /// Delivery reports served by `rd_kafka_poll`/`rd_kafka_flush`, not yet handed to the caller.
    private let pendingDeliveries = Mutex<[DeliveryReport]>([])

    init(library: LibRdKafka, logger: Logger) {
        self.library = library
        self.logger = logger
    }

    func takeDeliveries() -> [DeliveryReport] {
        pendingDeliveries.withLock { reports in
            defer { reports = [] }
            return reports
        }
    }

    fileprivate func record(_ report: DeliveryReport) {
        pendingDeliveries.withLock { $0.append(report) }
    }

    /// Registers the C callbacks on `conf` and points its opaque at `self`.
    func install(on conf: OpaquePointer, deliveryReports: Bool, opaque: UnsafeMutableRawPointer) {
        library.rd_kafka_conf_set_opaque(conf, opaque)
        if LogRouting.claim(for: library) {
            library.rd_kafka_conf_set_log_cb(conf, logCallback)
        }
        library.rd_kafka_conf_set_error_cb(conf, errorCallback)
        if deliveryReports {
            library.rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        }
    }

    fileprivate static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        opaque.map { Unmanaged<ClientContext>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// `dr_msg_cb`: runs inside `rd_kafka_poll`/`rd_kafka_flush` on the polling thread, once per
/// produced message. The message's `_private` field is the token given to `produce`.
private func deliveryReportCallback(
    _ rk: OpaquePointer?,
    _ message: UnsafePointer<rd_kafka_message_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let context = ClientContext.from(opaque), let message = message?.pointee else { return }
    var failure: KafkaError?
    if message.err != RD_KAFKA_RESP_ERR_NO_ERROR {
        let topic = message.rkt.map { String(cStringOrEmpty: context.library.rd_kafka_topic_name($0)) }
        failure = context.library.error(message.err, operation: "deliver message to topic \(topic ?? "?")")
    }
    context.record(
        DeliveryReport(
            token: UInt64(UInt(bitPattern: message._private)),
            error: failure,
            partition: message.partition,
            offset: message.offset
        ))
}

/// `log_cb`: librdkafka's own log lines, possibly from its internal threads. The callback has
/// no opaque argument; `rd_kafka_opaque(rk)` recovers the context.
private func logCallback(
    _ rk: OpaquePointer?,
    _ level: Int32,
    _ facility: UnsafePointer<CChar>?,
    _ text: UnsafePointer<CChar>?
) {
    guard let rk, let text, let opaque = LogRouting.opaque(of: rk),
        let context = ClientContext.from(opaque)
    else { return }
    let fac = facility.map { String(cString: $0) } ?? "-"
    context.logger.log(
        level: Logger.Level(syslogLevel: level),
        "librdkafka: \(String(cString: text))",
        metadata: ["kafka.facility": "\(fac)"]
    )
}

/// `error_cb`: client-level errors (broker down, authentication, fatal idempotence errors).
/// librdkafka retries all but fatal ones by itself, and its log callback has already printed
/// most of them (e.g. each failed connect), so: fatal -> error, "all brokers down" -> warning,
/// everything else -> debug, to avoid two lines per event.
private func errorCallback(
    _ rk: OpaquePointer?,
    _ code: Int32,
    _ reason: UnsafePointer<CChar>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let context = ClientContext.from(opaque) else { return }
    let err = rd_kafka_resp_err_t(rawValue: code)
    let error = context.library.error(
        err, operation: "kafka client", message: reason.map { String(cString: $0) })
    let level: Logger.Level =
        switch error.code {
        case .fatal: .error
        case .allBrokersDown: .warning
        default: .debug
        }
    context.logger.log(level: level, "librdkafka error: \(error.message) (\(error.name))")
}

/// The `log_cb` has no opaque argument, so it must call `rd_kafka_opaque(rk)`, and it cannot
/// know which loaded library `rk` came from. The first library that installs the callback owns
/// it; clients of a different library file (same file = same function address) keep
/// librdkafka's default stderr logger rather than risk reading another copy's struct.
private enum LogRouting {
    private static let owner = Mutex<rd_kafka_opaque_fn?>(nil)

    static func claim(for library: LibRdKafka) -> Bool {
        let candidate = library.rd_kafka_opaque
        return owner.withLock { owner in
            let current = owner ?? candidate
            owner = current
            return unsafeBitCast(current, to: UnsafeRawPointer.self)
                == unsafeBitCast(candidate, to: UnsafeRawPointer.self)
        }
    }

    static func opaque(of rk: OpaquePointer) -> UnsafeMutableRawPointer? {
        owner.withLock { $0 }?(rk)
    }
}

extension Logger.Level {
    /// librdkafka logs with syslog levels (0 emergency ... 7 debug).
    init(syslogLevel: Int32) {
        switch syslogLevel {
        case ...2: self = .critical
        case 3: self = .error
        case 4: self = .warning
        case 5: self = .notice
        case 6: self = .info
        default: self = .debug
        }
    }

    /// The librdkafka `log_level` that lets through exactly what this logger would print, so
    /// librdkafka does not format lines that are then dropped.
    var syslogLevel: Int {
        switch self {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
