/// The span of each trace's observation times (earliest start, latest start or end) beside its
/// aggregates, so that observations written later are added to them (`PostgresTraceAggregates.add`)
/// instead of the trace's observations being read again. Rows from before stay without a span
/// until their trace is next refreshed.
enum V6AggregateSpans {
    static let migration = PostgresMigration(version: 6, name: "aggregate spans", statements: [
        "ALTER TABLE trace_aggregates ADD COLUMN observations_start bigint",
        "ALTER TABLE trace_aggregates ADD COLUMN observations_end bigint",
    ])
}
