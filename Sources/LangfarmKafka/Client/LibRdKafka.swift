import CRdKafka
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// librdkafka, opened with `dlopen` and resolved into typed function pointers.
///
/// Why run-time loading: building Langfarm must need nothing but the Swift toolchain, and only
/// deployments that turn Kafka on need librdkafka installed. Every function the package calls is
/// resolved once, up front, so a missing or too-old library fails at start-up with one clear
/// error instead of crashing later. The library is never closed: librdkafka threads and
/// callbacks may outlive any Swift object, so it stays mapped for the life of the process.
///
/// Properties are named exactly like the C functions, so each call site maps 1:1 to
/// librdkafka's documentation. The C types come from the hand-written `CRdKafka.h`.
public final class LibRdKafka: Sendable {
    /// Environment variable that names the library file to load (full path).
    public static let environmentVariable = "LANGFARM_LIBRDKAFKA"

    /// Names tried with the dynamic loader's search path when no explicit path is given.
    #if canImport(Darwin)
    public static let defaultCandidates = ["librdkafka.1.dylib", "librdkafka.dylib"]
    #else
    public static let defaultCandidates = ["librdkafka.so.1", "librdkafka.so"]
    #endif

    /// The name or path that `dlopen` accepted.
    public let path: String
    /// `rd_kafka_version_str()`, e.g. "2.16.1".
    public let version: String
    /// `rd_kafka_version()`: 0xMMmmrrxx (major, minor, revision, pre-release).
    public let versionNumber: Int

    let rd_kafka_version_str: rd_kafka_version_str_fn
    let rd_kafka_version: rd_kafka_version_fn
    let rd_kafka_err2str: rd_kafka_err2str_fn
    let rd_kafka_err2name: rd_kafka_err2name_fn
    let rd_kafka_last_error: rd_kafka_last_error_fn
    let rd_kafka_conf_new: rd_kafka_conf_new_fn
    let rd_kafka_conf_destroy: rd_kafka_conf_destroy_fn
    let rd_kafka_conf_set: rd_kafka_conf_set_fn
    let rd_kafka_conf_set_opaque: rd_kafka_conf_set_opaque_fn
    let rd_kafka_conf_set_dr_msg_cb: rd_kafka_conf_set_dr_msg_cb_fn
    let rd_kafka_conf_set_log_cb: rd_kafka_conf_set_log_cb_fn
    let rd_kafka_conf_set_error_cb: rd_kafka_conf_set_error_cb_fn
    let rd_kafka_new: rd_kafka_new_fn
    let rd_kafka_destroy: rd_kafka_destroy_fn
    let rd_kafka_opaque: rd_kafka_opaque_fn
    let rd_kafka_poll: rd_kafka_poll_fn
    let rd_kafka_flush: rd_kafka_flush_fn
    let rd_kafka_outq_len: rd_kafka_outq_len_fn
    let rd_kafka_produceva: rd_kafka_produceva_fn
    let rd_kafka_error_code: rd_kafka_error_code_fn
    let rd_kafka_error_string: rd_kafka_error_string_fn
    let rd_kafka_error_destroy: rd_kafka_error_destroy_fn
    let rd_kafka_fatal_error: rd_kafka_fatal_error_fn
    let rd_kafka_poll_set_consumer: rd_kafka_poll_set_consumer_fn
    let rd_kafka_topic_partition_list_new: rd_kafka_topic_partition_list_new_fn
    let rd_kafka_topic_partition_list_add: rd_kafka_topic_partition_list_add_fn
    let rd_kafka_topic_partition_list_destroy: rd_kafka_topic_partition_list_destroy_fn
    let rd_kafka_subscribe: rd_kafka_subscribe_fn
    let rd_kafka_assign: rd_kafka_assign_fn
    let rd_kafka_consumer_poll: rd_kafka_consumer_poll_fn
    let rd_kafka_consumer_close: rd_kafka_consumer_close_fn
    let rd_kafka_message_destroy: rd_kafka_message_destroy_fn
    let rd_kafka_topic_name: rd_kafka_topic_name_fn
    let rd_kafka_message_headers: rd_kafka_message_headers_fn
    let rd_kafka_header_get_all: rd_kafka_header_get_all_fn
    let rd_kafka_NewTopic_new: rd_kafka_NewTopic_new_fn
    let rd_kafka_NewTopic_destroy: rd_kafka_NewTopic_destroy_fn
    let rd_kafka_AdminOptions_new: rd_kafka_AdminOptions_new_fn
    let rd_kafka_AdminOptions_destroy: rd_kafka_AdminOptions_destroy_fn
    let rd_kafka_AdminOptions_set_request_timeout: rd_kafka_AdminOptions_set_request_timeout_fn
    let rd_kafka_AdminOptions_set_operation_timeout: rd_kafka_AdminOptions_set_operation_timeout_fn
    let rd_kafka_CreateTopics: rd_kafka_CreateTopics_fn
    let rd_kafka_queue_new: rd_kafka_queue_new_fn
    let rd_kafka_queue_destroy: rd_kafka_queue_destroy_fn
    let rd_kafka_queue_poll: rd_kafka_queue_poll_fn
    let rd_kafka_event_type: rd_kafka_event_type_fn
    let rd_kafka_event_destroy: rd_kafka_event_destroy_fn
    let rd_kafka_event_error: rd_kafka_event_error_fn
    let rd_kafka_event_error_string: rd_kafka_event_error_string_fn
    let rd_kafka_event_CreateTopics_result: rd_kafka_event_CreateTopics_result_fn
    let rd_kafka_CreateTopics_result_topics: rd_kafka_CreateTopics_result_topics_fn
    let rd_kafka_topic_result_error: rd_kafka_topic_result_error_fn
    let rd_kafka_topic_result_error_string: rd_kafka_topic_result_error_string_fn
    let rd_kafka_topic_result_name: rd_kafka_topic_result_name_fn

    private static let cache = Mutex<[String: LibRdKafka]>([:])

    /// Loads librdkafka once per process (per requested path) and returns the shared instance.
    ///
    /// Where it looks: `path` if given, else `$LANGFARM_LIBRDKAFKA` if set, else
    /// ``defaultCandidates`` through the loader's search path. An explicit path or variable is
    /// the only candidate: silently falling back to another (maybe older) system copy would hide
    /// the mistake.
    public static func load(path: String? = nil) throws(LibRdKafkaLoadError) -> LibRdKafka {
        let explicit = path ?? environment(environmentVariable)
        let candidates = explicit.map { [$0] } ?? defaultCandidates
        let key = candidates.joined(separator: "\n")
        return try cache.withLock { (cache) throws(LibRdKafkaLoadError) -> LibRdKafka in
            if let loaded = cache[key] { return loaded }
            let loaded = try LibRdKafka(candidates: candidates)
            cache[key] = loaded
            return loaded
        }
    }

    /// Opens the first candidate that `dlopen` accepts and resolves every symbol.
    init(candidates: [String]) throws(LibRdKafkaLoadError) {
        var attempts: [LibRdKafkaLoadError.Attempt] = []
        var opened: (handle: UnsafeMutableRawPointer, name: String)?
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                opened = (handle, candidate)
                break
            }
            attempts.append(.init(path: candidate, reason: Self.lastDlError()))
        }
        guard let (handle, name) = opened else {
            throw .libraryNotFound(attempts: attempts)
        }
        let symbols = SymbolTable(handle: handle, path: name)
        rd_kafka_version_str = try symbols.resolve("rd_kafka_version_str")
        rd_kafka_version = try symbols.resolve("rd_kafka_version")
        rd_kafka_err2str = try symbols.resolve("rd_kafka_err2str")
        rd_kafka_err2name = try symbols.resolve("rd_kafka_err2name")
        rd_kafka_last_error = try symbols.resolve("rd_kafka_last_error")
        rd_kafka_conf_new = try symbols.resolve("rd_kafka_conf_new")
        rd_kafka_conf_destroy = try symbols.resolve("rd_kafka_conf_destroy")
        rd_kafka_conf_set = try symbols.resolve("rd_kafka_conf_set")
        rd_kafka_conf_set_opaque = try symbols.resolve("rd_kafka_conf_set_opaque")
        rd_kafka_conf_set_dr_msg_cb = try symbols.resolve("rd_kafka_conf_set_dr_msg_cb")
        rd_kafka_conf_set_log_cb = try symbols.resolve("rd_kafka_conf_set_log_cb")
        rd_kafka_conf_set_error_cb = try symbols.resolve("rd_kafka_conf_set_error_cb")
        rd_kafka_new = try symbols.resolve("rd_kafka_new")
        rd_kafka_destroy = try symbols.resolve("rd_kafka_destroy")
        rd_kafka_opaque = try symbols.resolve("rd_kafka_opaque")
        rd_kafka_poll = try symbols.resolve("rd_kafka_poll")
        rd_kafka_flush = try symbols.resolve("rd_kafka_flush")
        rd_kafka_outq_len = try symbols.resolve("rd_kafka_outq_len")
        rd_kafka_produceva = try symbols.resolve("rd_kafka_produceva")
        rd_kafka_error_code = try symbols.resolve("rd_kafka_error_code")
        rd_kafka_error_string = try symbols.resolve("rd_kafka_error_string")
        rd_kafka_error_destroy = try symbols.resolve("rd_kafka_error_destroy")
        rd_kafka_fatal_error = try symbols.resolve("rd_kafka_fatal_error")
        rd_kafka_poll_set_consumer = try symbols.resolve("rd_kafka_poll_set_consumer")
        rd_kafka_topic_partition_list_new = try symbols.resolve("rd_kafka_topic_partition_list_new")
        rd_kafka_topic_partition_list_add = try symbols.resolve("rd_kafka_topic_partition_list_add")
        rd_kafka_topic_partition_list_destroy = try symbols.resolve("rd_kafka_topic_partition_list_destroy")
        rd_kafka_subscribe = try symbols.resolve("rd_kafka_subscribe")
        rd_kafka_assign = try symbols.resolve("rd_kafka_assign")
        rd_kafka_consumer_poll = try symbols.resolve("rd_kafka_consumer_poll")
        rd_kafka_consumer_close = try symbols.resolve("rd_kafka_consumer_close")
        rd_kafka_message_destroy = try symbols.resolve("rd_kafka_message_destroy")
        rd_kafka_topic_name = try symbols.resolve("rd_kafka_topic_name")
        rd_kafka_message_headers = try symbols.resolve("rd_kafka_message_headers")
        rd_kafka_header_get_all = try symbols.resolve("rd_kafka_header_get_all")
        rd_kafka_NewTopic_new = try symbols.resolve("rd_kafka_NewTopic_new")
        rd_kafka_NewTopic_destroy = try symbols.resolve("rd_kafka_NewTopic_destroy")
        rd_kafka_AdminOptions_new = try symbols.resolve("rd_kafka_AdminOptions_new")
        rd_kafka_AdminOptions_destroy = try symbols.resolve("rd_kafka_AdminOptions_destroy")
        rd_kafka_AdminOptions_set_request_timeout = try symbols.resolve("rd_kafka_AdminOptions_set_request_timeout")
        rd_kafka_AdminOptions_set_operation_timeout = try symbols.resolve("rd_kafka_AdminOptions_set_operation_timeout")
        rd_kafka_CreateTopics = try symbols.resolve("rd_kafka_CreateTopics")
        rd_kafka_queue_new = try symbols.resolve("rd_kafka_queue_new")
        rd_kafka_queue_destroy = try symbols.resolve("rd_kafka_queue_destroy")
        rd_kafka_queue_poll = try symbols.resolve("rd_kafka_queue_poll")
        rd_kafka_event_type = try symbols.resolve("rd_kafka_event_type")
        rd_kafka_event_destroy = try symbols.resolve("rd_kafka_event_destroy")
        rd_kafka_event_error = try symbols.resolve("rd_kafka_event_error")
        rd_kafka_event_error_string = try symbols.resolve("rd_kafka_event_error_string")
        rd_kafka_event_CreateTopics_result = try symbols.resolve("rd_kafka_event_CreateTopics_result")
        rd_kafka_CreateTopics_result_topics = try symbols.resolve("rd_kafka_CreateTopics_result_topics")
        rd_kafka_topic_result_error = try symbols.resolve("rd_kafka_topic_result_error")
        rd_kafka_topic_result_error_string = try symbols.resolve("rd_kafka_topic_result_error_string")
        rd_kafka_topic_result_name = try symbols.resolve("rd_kafka_topic_result_name")

        version = String(cStringOrEmpty: rd_kafka_version_str())
        versionNumber = Int(rd_kafka_version())
        path = name
    }

    /// `rd_kafka_err2name` + `rd_kafka_err2str` as a ``KafkaError``.
    func error(_ code: rd_kafka_resp_err_t, operation: String, message: String? = nil) -> KafkaError {
        KafkaError(
            code: KafkaErrorCode(rawValue: code.rawValue),
            name: String(cStringOrEmpty: rd_kafka_err2name(code)),
            message: message ?? String(cStringOrEmpty: rd_kafka_err2str(code)),
            operation: operation
        )
    }

    static func lastDlError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }
}

/// Resolves names in one `dlopen` handle into typed C function pointers.
private struct SymbolTable {
    let handle: UnsafeMutableRawPointer
    let path: String

    func resolve<Function>(_ name: String) throws(LibRdKafkaLoadError) -> Function {
        _ = dlerror()  // clear any stale error so the one reported belongs to this lookup
        guard let address = dlsym(handle, name) else {
            throw .missingSymbol(path: path, symbol: name, reason: LibRdKafka.lastDlError())
        }
        precondition(MemoryLayout<Function>.size == MemoryLayout<UnsafeMutableRawPointer>.size)
        return unsafeBitCast(address, to: Function.self)
    }
}

extension String {
    /// A C string returned by librdkafka; librdkafka documents these as non-NULL, but the
    /// imported type is optional, so be lenient rather than crash.
    init(cStringOrEmpty pointer: UnsafePointer<CChar>?) {
        self = pointer.map { String(cString: $0) } ?? ""
    }
}
