import ArgumentParser
import Foundation
import Hummingbird
import LangfarmKafka
import LangfarmServer
import LangfarmStore
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `langfarm serve`: runs the server until SIGTERM or SIGINT, then shuts down gracefully:
/// in-flight requests finish (and their commits with them) before the process exits.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Langfarm server.")

    @Option(help: "Address to listen on (env: LANGFARM_HOST).")
    var host: String = ProcessInfo.processInfo.environment["LANGFARM_HOST"] ?? "0.0.0.0"

    @Option(help: "Port to listen on (env: LANGFARM_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["LANGFARM_PORT"].flatMap(Int.init) ?? 3080

    @Option(help: "Seconds a connection may go without sending a whole request head before it is closed (env: LANGFARM_IDLE_TIMEOUT).")
    var idleTimeout: Int = ProcessInfo.processInfo.environment["LANGFARM_IDLE_TIMEOUT"].flatMap(Int.init) ?? 60

    @Option(help: "MiB of request bodies the server holds at once; past it, requests get 503 with Retry-After (env: LANGFARM_MAX_BODY_MIB_IN_FLIGHT).")
    var maxBodyMibInFlight: Int = ProcessInfo.processInfo.environment["LANGFARM_MAX_BODY_MIB_IN_FLIGHT"].flatMap(Int.init) ?? 64

    @Option(help: "Requests handled at once; past it, requests other than the health check get 503 with Retry-After (env: LANGFARM_MAX_REQUESTS_IN_FLIGHT).")
    var maxRequestsInFlight: Int = ProcessInfo.processInfo.environment["LANGFARM_MAX_REQUESTS_IN_FLIGHT"].flatMap(Int.init)
        ?? ServerConfiguration.defaultMaxRequestsInFlight

    @Option(help: "Seconds a client may take to send a whole request body before it gets 408 (env: LANGFARM_BODY_TIMEOUT).")
    var bodyTimeout: Int = ProcessInfo.processInfo.environment["LANGFARM_BODY_TIMEOUT"].flatMap(Int.init) ?? 60

    @Option(help: "Days to keep a project's traces, observations and scores unless it sets its own retention; 0 keeps them for ever (env: LANGFUSE_RETENTION_DAYS).")
    var retentionDays: Int?

    @Option(help: "Seconds between two passes of the retention job (env: LANGFARM_RETENTION_INTERVAL).")
    var retentionInterval: Int = ProcessInfo.processInfo.environment["LANGFARM_RETENTION_INTERVAL"].flatMap(Int.init) ?? 60

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if idleTimeout < 1 { throw ValidationError("--idle-timeout must be 1 second or more") }
        if maxBodyMibInFlight < 1 { throw ValidationError("--max-body-mib-in-flight must be 1 or more") }
        if maxRequestsInFlight < 1 { throw ValidationError("--max-requests-in-flight must be 1 or more") }
        if bodyTimeout < 1 { throw ValidationError("--body-timeout must be 1 second or more") }
        if retentionInterval < 1 { throw ValidationError("--retention-interval must be 1 second or more") }
        _ = try defaultRetention()
    }

    /// `--retention-days`, else `LANGFUSE_RETENTION_DAYS`, else for ever. A value that is not a
    /// usable number of days stops the server: guessing could delete data nobody meant to.
    private func defaultRetention() throws -> Retention {
        let text = retentionDays.map(String.init) ?? ProcessInfo.processInfo.environment["LANGFUSE_RETENTION_DAYS"]
        guard let text, !text.isEmpty else { return .forever }
        do {
            guard let days = Int(text) else { throw ValidationError("LANGFUSE_RETENTION_DAYS must be a whole number of days, not \(text)") }
            return try Retention(days: days)
        } catch let error as RetentionError {
            throw ValidationError("the default \(error)")
        }
    }

    @OptionGroup(title: "Kafka change feed") var kafka: KafkaOptions

    func run() async throws {
        let logger = CommandLogging.logger
        let openFileLimit = OpenFileLimit.raiseToHardLimit(logger: logger)
        let environment = ProcessInfo.processInfo.environment
        let location = try storeOptions.location()
        // Checked before connecting: a shared store without SALT must not start at all.
        let salt = try location.salt(environment: environment, logger: logger)
        let opened = try await location.open(logger: logger, changeEncoder: LakeMessageEncoder())
        do {
            try await serve(opened.store, location: location, salt: salt, openFileLimit: openFileLimit, environment: environment, logger: logger)
            await opened.close()
        } catch {
            await opened.close()
            throw error
        }
    }

    private func serve(
        _ store: any Store, location: StoreLocation, salt: String, openFileLimit: Int?, environment: [String: String], logger: Logger
    ) async throws {
        try await HeadlessInit.apply(environment: environment, store: store, salt: salt, logger: logger)
        try await BuiltInModels.install(into: store, logger: logger)
        let configuration = ServerConfiguration(
            host: host, port: port, salt: salt,
            secureCookies: ["1", "true", "yes"].contains(environment["LANGFARM_SECURE_COOKIES"]?.lowercased() ?? ""),
            idleTimeout: .seconds(idleTimeout), maxBodyBytesInFlight: maxBodyMibInFlight * 1_048_576,
            maxRequestsInFlight: maxRequestsInFlight, maxConnections: openFileLimit.map(ConnectionTable.capacity(openFileLimit:)),
            bodyTimeout: .seconds(bodyTimeout),
            retention: RetentionPolicy(defaultRetention: try defaultRetention())
        )
        // One registry for Langfarm's own metrics and Hummingbird's request metrics.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let changeFeed = try await kafka.relay(store: store, logger: logger)
        let app = buildApplication(configuration: configuration, store: store, metrics: registry, changeFeed: changeFeed?.monitor, logger: logger)
        logger.info("Langfarm \(LangfarmVersion.current) listening on http://\(host):\(port), data in \(location)")
        if let capacity = configuration.maxConnections {
            logger.info("Up to \(capacity) connections at once (open-file limit \(openFileLimit ?? 0)); past that, the quietest is closed for each new one")
        }
        let searchIndex = SearchIndexService(indexer: store, logger: logger)
        var retentionSettings = RetentionService.Settings()
        retentionSettings.interval = .seconds(retentionInterval)
        let retention = RetentionService(store: store, policy: configuration.retention, settings: retentionSettings, logger: logger)
        let services: [any Service] = [app, searchIndex, retention] + (changeFeed.map { [$0.relay] } ?? [])
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}
