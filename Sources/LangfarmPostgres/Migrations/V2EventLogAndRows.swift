/// The write side: the event log, partition anchors, the merged rows and the change feed.
///
/// JSON-valued columns (metadata, input, output, model parameters, usage and cost maps) are
/// `text` holding the JSON as the SQLite store writes it, not `jsonb`: a body is kept as the
/// client's JSON says, and `jsonb` refuses strings holding `\u0000`, which clients send.
/// Costs are `numeric`. Each row carries `row_version`, the change-feed sequence of the change
/// that wrote it (NULL while the feed is off), by which the relay skips superseded changes.
enum V2EventLogAndRows {
    static let migration = PostgresMigration(version: 2, name: "event log, rows and change feed", statements: [
        """
        CREATE TABLE events (
            seq bigserial NOT NULL,
            project_id text COLLATE "C" NOT NULL,
            entity_kind text COLLATE "C" NOT NULL,
            entity_id text COLLATE "C" NOT NULL,
            envelope_id text COLLATE "C" NOT NULL,
            event_type text NOT NULL,
            event_ts bigint NOT NULL,
            received_at bigint NOT NULL,
            envelope text NOT NULL,
            PRIMARY KEY (project_id, entity_kind, entity_id, envelope_id)
        )
        """,
        "CREATE INDEX events_in_commit_order ON events (project_id, seq)",
        """
        CREATE TABLE partition_anchors (
            project_id text COLLATE "C" NOT NULL,
            anchor_kind text COLLATE "C" NOT NULL,
            anchor text COLLATE "C" NOT NULL,
            first_seen bigint NOT NULL,
            PRIMARY KEY (project_id, anchor_kind, anchor)
        )
        """,
        """
        CREATE TABLE traces (
            project_id text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            timestamp bigint NOT NULL,
            name text COLLATE "C",
            user_id text COLLATE "C",
            session_id text COLLATE "C",
            release text COLLATE "C",
            version text COLLATE "C",
            environment text COLLATE "C" NOT NULL,
            public boolean NOT NULL,
            bookmarked boolean NOT NULL,
            tags text[] COLLATE "C" NOT NULL,
            metadata text NOT NULL,
            input text,
            output text,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            row_version bigint,
            PRIMARY KEY (project_id, id)
        )
        """,
        "CREATE INDEX traces_by_time ON traces (project_id, timestamp DESC, id)",
        "CREATE INDEX traces_by_session ON traces (project_id, session_id, timestamp)",
        "CREATE INDEX traces_by_user ON traces (project_id, user_id, timestamp)",
        """
        CREATE TABLE observations (
            project_id text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            trace_id text COLLATE "C" NOT NULL,
            type text COLLATE "C" NOT NULL,
            parent_observation_id text COLLATE "C",
            environment text COLLATE "C" NOT NULL,
            start_time bigint NOT NULL,
            end_time bigint,
            name text COLLATE "C",
            metadata text NOT NULL,
            level text COLLATE "C" NOT NULL,
            status_message text,
            version text COLLATE "C",
            input text,
            output text,
            completion_start_time bigint,
            provided_model_name text COLLATE "C",
            model_parameters text,
            provided_usage_details text NOT NULL,
            provided_cost_details text NOT NULL,
            usage_details text NOT NULL,
            cost_details text NOT NULL,
            total_cost numeric,
            internal_model_id text COLLATE "C",
            usage_pricing_tier_id text,
            usage_pricing_tier_name text,
            input_price numeric,
            output_price numeric,
            total_price numeric,
            prompt_name text COLLATE "C",
            prompt_version integer,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            row_version bigint,
            input_tokens double precision NOT NULL,
            output_tokens double precision NOT NULL,
            total_tokens double precision NOT NULL,
            latency_ms bigint,
            time_to_first_token_ms bigint,
            PRIMARY KEY (project_id, id)
        )
        """,
        "CREATE INDEX observations_by_trace ON observations (project_id, trace_id, start_time, id)",
        "CREATE INDEX observations_by_time ON observations (project_id, start_time DESC, id)",
        """
        CREATE TABLE scores (
            project_id text COLLATE "C" NOT NULL,
            id text COLLATE "C" NOT NULL,
            timestamp bigint NOT NULL,
            name text COLLATE "C" NOT NULL,
            value double precision,
            string_value text COLLATE "C",
            data_type text COLLATE "C" NOT NULL,
            source text COLLATE "C" NOT NULL,
            comment text,
            trace_id text COLLATE "C",
            observation_id text COLLATE "C",
            session_id text COLLATE "C",
            dataset_run_id text COLLATE "C",
            environment text COLLATE "C" NOT NULL,
            metadata text NOT NULL,
            config_id text COLLATE "C",
            queue_id text COLLATE "C",
            execution_trace_id text COLLATE "C",
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            row_version bigint,
            PRIMARY KEY (project_id, id)
        )
        """,
        "CREATE INDEX scores_by_trace ON scores (project_id, trace_id, timestamp, id)",
        "CREATE INDEX scores_by_time ON scores (project_id, timestamp DESC, id)",
        // The change feed. `last_sequence` is taken and raised by each writing transaction
        // while it holds the projection lock, so sequences are in commit order and the relay,
        // reading after the last one it published, never passes one that commits later.
        """
        CREATE TABLE outbox_state (
            id integer PRIMARY KEY CHECK (id = 1),
            enabled boolean NOT NULL,
            last_sequence bigint NOT NULL,
            acknowledged bigint NOT NULL,
            relay text,
            relay_lease_expires timestamptz NOT NULL DEFAULT '-infinity'
        )
        """,
        "INSERT INTO outbox_state (id, enabled, last_sequence, acknowledged) VALUES (1, false, 0, 0)",
        // A live change points at its row; a deleted row's message is kept here, as the row
        // is gone.
        """
        CREATE TABLE outbox (
            sequence bigint PRIMARY KEY,
            entity_kind text COLLATE "C" NOT NULL,
            project_id text COLLATE "C" NOT NULL,
            entity_id text COLLATE "C" NOT NULL,
            message_key text NOT NULL,
            value text,
            sdk_name text,
            sdk_version text,
            committed_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE outbox_dead_letters (
            sequence bigint PRIMARY KEY,
            entity_kind text NOT NULL,
            project_id text NOT NULL,
            entity_id text NOT NULL,
            message_key text NOT NULL,
            value text NOT NULL,
            sdk_name text,
            sdk_version text,
            committed_at bigint NOT NULL,
            failed_at bigint NOT NULL,
            error text NOT NULL
        )
        """,
    ])
}
