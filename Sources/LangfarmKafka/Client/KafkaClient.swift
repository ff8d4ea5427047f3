import CRdKafka
import Logging

/// One librdkafka client handle (`rd_kafka_t`) with its configuration and callbacks.
///
/// Why a shared type: producer, consumer and admin all build a `rd_kafka_conf_t` from string
/// properties, install the same logging callbacks and must destroy the handle before the
/// callback context goes away. Thread safety: librdkafka documents `rd_kafka_t` as thread-safe,
/// and every stored property is immutable, hence `@unchecked Sendable`.
final class KafkaClient: @unchecked Sendable {
    let library: LibRdKafka
    let handle: OpaquePointer
    let context: ClientContext
    /// The retain that keeps `context` alive for librdkafka's `opaque` pointer.
    private let retainedContext: Unmanaged<ClientContext>

    init(
        type: rd_kafka_type_t,
        properties: [String: String],
        library: LibRdKafka,
        logger: Logger,
        deliveryReports: Bool
    ) throws(KafkaError) {
        var properties = properties
        if properties["log_level"] == nil {
            properties["log_level"] = String(logger.logLevel.syslogLevel)
        }
        let conf = try Self.makeConf(properties, library: library)
        let context = ClientContext(library: library, logger: logger)
        let retained = Unmanaged.passRetained(context)
        context.install(on: conf, deliveryReports: deliveryReports, opaque: retained.toOpaque())

        var errstr = [CChar](repeating: 0, count: 512)
        guard let handle = library.rd_kafka_new(type, conf, &errstr, errstr.count) else {
            library.rd_kafka_conf_destroy(conf)  // rd_kafka_new owns conf only on success
            retained.release()
            throw KafkaError(
                code: .invalidArgument, name: "_INVALID_ARG",
                message: String(errorBuffer: errstr),
                operation: "create kafka client")
        }
        self.library = library
        self.handle = handle
        self.context = context
        self.retainedContext = retained
        logger.debug("librdkafka \(library.version) client created", metadata: ["kafka.library": "\(library.path)"])
    }

    deinit {
        library.rd_kafka_destroy(handle)  // may still run callbacks: context is released after
        retainedContext.release()
    }

    /// Applies properties in name order (deterministic errors); any bad one fails the whole conf.
    private static func makeConf(_ properties: [String: String], library: LibRdKafka) throws(KafkaError) -> OpaquePointer {
        guard let conf = library.rd_kafka_conf_new() else {
            throw KafkaError(code: .invalidArgument, name: "_INVALID_ARG", message: "rd_kafka_conf_new returned NULL", operation: "create kafka configuration")
        }
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            var errstr = [CChar](repeating: 0, count: 512)
            if library.rd_kafka_conf_set(conf, name, value, &errstr, errstr.count) != RD_KAFKA_CONF_OK {
                library.rd_kafka_conf_destroy(conf)
                throw KafkaError(
                    code: .invalidArgument, name: "_INVALID_ARG",
                    message: String(errorBuffer: errstr),
                    operation: "set kafka property \(name)")
            }
        }
        return conf
    }
}

extension String {
    /// Text that librdkafka wrote into an `errstr` buffer (NUL-terminated, truncated if long).
    init(errorBuffer: [CChar]) {
        let bytes = errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
