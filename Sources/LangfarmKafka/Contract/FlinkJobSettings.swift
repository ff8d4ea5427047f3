/// Where a generated Flink job reads and writes. The defaults are the names of the services
/// and volume in `deploy/docker-compose.yml`, and the shipped `deploy/flink/*.sql` use them.
public struct FlinkJobSettings: Sendable, Equatable {
    /// Kafka's `bootstrap.servers` as Flink reaches it.
    public var kafkaBrokers: String
    /// The Paimon warehouse URI (`file:///…` on a shared volume, `s3://…`, `hdfs://…`).
    public var warehouse: String

    public init(kafkaBrokers: String = "kafka:9092", warehouse: String = "file:///warehouse") {
        self.kafkaBrokers = kafkaBrokers
        self.warehouse = warehouse
    }

    /// The Paimon catalog and database the tables live in: `langfarm.tracing`, as in the
    /// original langfarm, so its queries over `langfarm.tracing.traces` keep working.
    static let catalog = "langfarm"
    static let database = "tracing"
}
