/// What the read side keeps beside the rows: each observation's input and output cost (the
/// `ObservationMeasures` that trace aggregates add up), per-trace aggregates
/// (`PostgresTraceAggregates`), sessions (`PostgresSessions`), and an index of trace tags for
/// tag filters.
///
/// Databases migrated to V2 already hold rows: their costs are computed here from the cost
/// maps as `ObservationMeasures` computes them (the keys containing "input" or "output",
/// ignoring ASCII case), their traces' aggregates from those, and their sessions from their
/// traces, each dated by its earliest trace's first-seen time, as a rebuild dates them.
enum V3ReadModel {
    static let migration = PostgresMigration(version: 3, name: "read model", statements: [
        "ALTER TABLE observations ADD COLUMN input_cost double precision NOT NULL DEFAULT 0",
        "ALTER TABLE observations ADD COLUMN output_cost double precision NOT NULL DEFAULT 0",
        """
        UPDATE observations o SET
            input_cost = COALESCE((SELECT SUM(c.value::numeric) FROM json_each_text(\(PostgresJSONText.readable("o.cost_details"))) c
                WHERE strpos(lower(c.key), 'input') > 0), 0)::float8,
            output_cost = COALESCE((SELECT SUM(c.value::numeric) FROM json_each_text(\(PostgresJSONText.readable("o.cost_details"))) c
                WHERE strpos(lower(c.key), 'output') > 0), 0)::float8
        WHERE o.cost_details <> '{}'
        """,
        """
        CREATE TABLE trace_aggregates (
            project_id text COLLATE "C" NOT NULL,
            trace_id text COLLATE "C" NOT NULL,
            observation_count bigint NOT NULL,
            debug_count bigint NOT NULL,
            default_count bigint NOT NULL,
            warning_count bigint NOT NULL,
            error_count bigint NOT NULL,
            input_tokens double precision NOT NULL,
            output_tokens double precision NOT NULL,
            total_tokens double precision NOT NULL,
            input_cost numeric NOT NULL,
            output_cost numeric NOT NULL,
            total_cost numeric NOT NULL,
            latency_ms bigint,
            PRIMARY KEY (project_id, trace_id)
        )
        """,
        """
        INSERT INTO trace_aggregates
        SELECT o.project_id, o.trace_id, COUNT(*),
            COUNT(*) FILTER (WHERE o.level = 'DEBUG'), COUNT(*) FILTER (WHERE o.level = 'DEFAULT'),
            COUNT(*) FILTER (WHERE o.level = 'WARNING'), COUNT(*) FILTER (WHERE o.level = 'ERROR'),
            SUM(o.input_tokens), SUM(o.output_tokens), SUM(o.total_tokens),
            SUM(o.input_cost::numeric), SUM(o.output_cost::numeric), COALESCE(SUM(o.total_cost), 0),
            MAX(GREATEST(o.start_time, COALESCE(o.end_time, o.start_time))) - MIN(o.start_time)
        FROM observations o GROUP BY o.project_id, o.trace_id
        """,
        "CREATE INDEX traces_by_tag ON traces USING gin (tags)",
        """
        CREATE TABLE sessions (
            project_id text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            created_at bigint NOT NULL,
            environment text COLLATE "C" NOT NULL,
            PRIMARY KEY (project_id, id)
        )
        """,
        "CREATE INDEX sessions_by_time ON sessions (project_id, created_at DESC, id DESC)",
        """
        INSERT INTO sessions (project_id, id, created_at, environment)
        SELECT DISTINCT ON (project_id, session_id) project_id, session_id, created_at, environment FROM traces
        WHERE session_id IS NOT NULL ORDER BY project_id, session_id, created_at, id
        """,
    ])
}
