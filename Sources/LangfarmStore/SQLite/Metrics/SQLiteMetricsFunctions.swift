import Foundation
import GRDB
import LangfarmCore

/// SQL functions the metrics scans of rows call, registered on every connection: each runs Core's own
/// definition, so time buckets and distributions mean the same in SQL as in the engine.
enum SQLiteMetricsFunctions {
    /// `langfarm_time_bucket(millis, granularity)`: the start of the bucket holding `millis`.
    static let timeBucket = DatabaseFunction("langfarm_time_bucket", argumentCount: 2, pure: true) { values in
        guard let time = Int64.fromDatabaseValue(values[0]), let name = String.fromDatabaseValue(values[1]),
              let granularity = TimeGranularity(rawValue: name)
        else { return nil }
        return granularity.bucketStart(of: time)
    }

    /// `langfarm_distribution(value)`: the group's values as an encoded `ValueDistribution`.
    static let distribution = DatabaseFunction("langfarm_distribution", argumentCount: 1, pure: true, aggregate: DistributionAggregate.self)

    static func register(in db: Database) {
        db.add(function: timeBucket)
        db.add(function: distribution)
    }

    struct DistributionAggregate: DatabaseAggregate {
        var distribution = ValueDistribution()

        init() {}

        mutating func step(_ values: [DatabaseValue]) throws {
            if let value = Double.fromDatabaseValue(values[0]) { distribution.add(value) }
        }

        func finalize() throws -> (any DatabaseValueConvertible)? {
            Data(distribution.encoded)
        }
    }
}
